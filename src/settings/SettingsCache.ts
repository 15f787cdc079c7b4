import type { ISettingRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { AppSettings } from './AppSettings';
import { parseSettings, readSettings } from './AppSettings';

/**
 * The settings the message path decides with, kept in memory so a message costs no settings
 * round trip. Filled when the app is enabled, replaced whenever a setting is updated, and
 * re-read by every command, so an instance that missed an update catches up on its next
 * command.
 */
export class SettingsCache {
    private current: AppSettings = parseSettings({});

    public get(): AppSettings {
        return this.current;
    }

    public async refresh(reader: ISettingRead): Promise<AppSettings> {
        this.current = await readSettings(reader);
        return this.current;
    }
}
