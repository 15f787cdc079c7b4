import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import { ServerSetting } from '../api/endpoints';

/**
 * The workspace's E2EE master switch, read when needed (apps get no server-setting updates).
 * `ifUnreadable` is what a failed read counts as: off when about to change a room, on for the
 * message guard, so a failing bridge never lets plaintext into an encrypted room.
 */
export async function isWorkspaceE2EEnabled(read: IRead, ifUnreadable = false): Promise<boolean> {
    try {
        const value: unknown = await read.getEnvironmentReader().getServerSettings().getValueById(ServerSetting.E2EEnable);
        return typeof value === 'boolean' ? value : ifUnreadable;
    } catch {
        return ifUnreadable;
    }
}

/** The workspace's default language, for people whose own preference the app cannot see. */
export async function workspaceLanguage(read: IRead): Promise<string | undefined> {
    try {
        const value: unknown = await read.getEnvironmentReader().getServerSettings().getValueById(ServerSetting.Language);
        return typeof value === 'string' ? value : undefined;
    } catch {
        return undefined;
    }
}
