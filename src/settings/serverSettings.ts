import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

/** Server settings the app reads, in one place. */
export enum ServerSetting {
    SiteUrl = 'Site_Url',
    E2EEnable = 'E2E_Enable',
    Language = 'Language',
}

/** A server setting's value, or undefined when the bridge cannot read it (apps get no server-setting updates: read when needed). */
export async function readServerSetting(read: IRead, id: ServerSetting): Promise<unknown> {
    try {
        return await read.getEnvironmentReader().getServerSettings().getValueById(id);
    } catch {
        return undefined;
    }
}

/**
 * The workspace's E2EE master switch. `ifUnreadable` is what a failed read counts as: off when
 * about to change a room, on for the message guard, so a failing bridge never lets plaintext
 * into an encrypted room.
 */
export async function isWorkspaceE2EEnabled(read: IRead, ifUnreadable = false): Promise<boolean> {
    const value = await readServerSetting(read, ServerSetting.E2EEnable);
    return typeof value === 'boolean' ? value : ifUnreadable;
}

/** The workspace's default language, for people whose own preference the app cannot see. */
export async function workspaceLanguage(read: IRead): Promise<string | undefined> {
    const value = await readServerSetting(read, ServerSetting.Language);
    return typeof value === 'string' ? value : undefined;
}
