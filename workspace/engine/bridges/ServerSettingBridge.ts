// apps/meteor/app/apps/server/bridges/settings.ts: server settings read and updated through the settings model.
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { ServerSettingBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { BridgeContext } from './BridgeContext';

export class StandInServerSettingBridge extends ServerSettingBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    private convert(id: string): ISetting | undefined {
        const s = this.ctx.model.settings.getOne(id);
        if (!s) {
            return undefined;
        }
        return {
            id: s._id,
            type: s.type as never,
            packageValue: s.packageValue,
            value: s.value,
            public: s.public,
            i18nLabel: s.i18nLabel,
            required: false,
            createdAt: undefined,
            updatedAt: undefined,
        } as unknown as ISetting;
    }

    protected async getAll(): Promise<ISetting[]> {
        return this.ctx.model.settings.all().map((s) => this.convert(s._id) as ISetting);
    }

    protected async getOneById(id: string): Promise<ISetting> {
        return this.convert(id) as ISetting;
    }

    protected async hideGroup(): Promise<void> {
        throw new Error('Method not implemented.');
    }

    protected async hideSetting(): Promise<void> {
        throw new Error('Method not implemented.');
    }

    protected async isReadableById(id: string): Promise<boolean> {
        return Boolean(this.ctx.model.settings.getOne(id));
    }

    protected async updateOne(setting: ISetting): Promise<void> {
        this.ctx.model.settings.set(setting.id, setting.value as never);
    }

    protected async incrementValue(id: string, value: number): Promise<void> {
        const cur = Number(this.ctx.model.settings.get(id) ?? 0);
        this.ctx.model.settings.set(id, cur + value);
    }
}
