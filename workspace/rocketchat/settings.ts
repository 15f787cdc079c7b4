// Server settings the stand-in knows, with Rocket.Chat's defaults
// (apps/meteor/server/settings/e2e.ts, general.ts, accounts.ts, message.ts). Any other id can be set.

export type SettingValue = string | number | boolean;

export interface ServerSetting {
    _id: string;
    value: SettingValue;
    packageValue: SettingValue;
    type: 'boolean' | 'string' | 'int' | 'select';
    public: boolean;
    i18nLabel: string;
}

function def(id: string, value: SettingValue, type: ServerSetting['type'], isPublic = true): ServerSetting {
    return { _id: id, value, packageValue: value, type, public: isPublic, i18nLabel: id };
}

export const DEFAULT_SETTINGS: ServerSetting[] = [
    def('Site_Url', 'http://localhost:3000', 'string'),
    def('Site_Name', 'Rocket.Chat', 'string'),
    def('Language', 'en', 'string'),
    def('E2E_Enable', false, 'boolean'),
    // false since 7.0 (apps/meteor/server/settings/e2e.ts)
    def('E2E_Allow_Unencrypted_Messages', false, 'boolean'),
    def('E2E_Enabled_Default_DirectRooms', false, 'boolean'),
    def('E2E_Enabled_Default_PrivateRooms', false, 'boolean'),
    def('E2E_Enable_Encrypt_Files', true, 'boolean'),
    def('E2E_Enabled_Mentions', true, 'boolean'),
    def('Discussion_enabled', true, 'boolean'),
    def('Threads_enabled', true, 'boolean'),
    def('Message_MaxAllowedSize', 5000, 'int'),
    def('Message_KeepHistory', false, 'boolean'),
    def('Message_AllowEditing', true, 'boolean'),
    def('Message_AllowEditing_BlockEditInMinutes', 0, 'int'),
    def('Message_Read_Receipt_Enabled', false, 'boolean'),
    def('Accounts_TwoFactorAuthentication_Enabled', true, 'boolean', false),
    def('Accounts_TwoFactorAuthentication_Enforce_Password_Fallback', true, 'boolean', false),
    def('API_Enable_Rate_Limiter', true, 'boolean', false),
    // apps/meteor/server/settings/rate.ts (section API_Rate_Limiter)
    def('API_Enable_Rate_Limiter_Dev', true, 'boolean', false),
    def('API_Enable_Rate_Limiter_Limit_Calls_Default', 10, 'int', false),
    def('API_Enable_Rate_Limiter_Limit_Time_Default', 60000, 'int', false),
];

export class ServerSettings {
    private readonly byId = new Map<string, ServerSetting>();

    constructor(initial: ServerSetting[] = DEFAULT_SETTINGS) {
        for (const s of initial) {
            this.byId.set(s._id, { ...s });
        }
    }

    get<T extends SettingValue = SettingValue>(id: string): T | undefined {
        return this.byId.get(id)?.value as T | undefined;
    }

    getOne(id: string): ServerSetting | undefined {
        const s = this.byId.get(id);
        return s && { ...s };
    }

    all(): ServerSetting[] {
        return [...this.byId.values()].map((s) => ({ ...s }));
    }

    set(id: string, value: SettingValue): void {
        const existing = this.byId.get(id);
        if (existing) {
            existing.value = value;
            return;
        }
        const type: ServerSetting['type'] = typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'int' : 'string';
        this.byId.set(id, { _id: id, value, packageValue: value, type, public: true, i18nLabel: id });
    }
}
