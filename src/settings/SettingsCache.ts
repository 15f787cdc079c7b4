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
    /** Bumped by every refresh when it starts. */
    private generation = 0;
    /** The generation of the refresh whose values `current` holds. */
    private stored = 0;

    public get(): AppSettings {
        return this.current;
    }

    /**
     * Reads every setting again. Refreshes overlap (a command's read while `onSettingUpdated` runs), and a read
     * that started before an update can finish after the read that started after it: a refresh stores its values
     * only when no refresh that started later has stored already, so an older read never overwrites newer values.
     */
    public async refresh(reader: ISettingRead): Promise<AppSettings> {
        const started = ++this.generation;
        const next = await readSettings(reader);
        if (started > this.stored) {
            this.current = next;
            this.stored = started;
        }
        return this.current;
    }
}
