import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { ServerE2E } from '../policy/conflicts';

/** Server settings the app reads, in one place. */
export enum ServerSetting {
    SiteUrl = 'Site_Url',
    E2EEnable = 'E2E_Enable',
    Language = 'Language',
    E2EAllowUnencrypted = 'E2E_Allow_Unencrypted_Messages',
    E2EDefaultDirect = 'E2E_Enabled_Default_DirectRooms',
    E2EDefaultPrivate = 'E2E_Enabled_Default_PrivateRooms',
    /** Rocket.Chat 8.8 and later; reading it elsewhere fails ("no such setting"). */
    E2EForcePrivate = 'E2E_Force_Encryption_For_Private_Rooms',
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

/**
 * Rocket.Chat's own E2EE settings, read at once (five round trips in parallel): for room creation and the
 * administrators' status, never for a message. An unreadable setting counts as off; the force setting as absent.
 */
export async function readServerE2E(read: IRead): Promise<ServerE2E> {
    const flag = (value: unknown) => value === true;
    const [e2eEnable, allowUnencrypted, defaultDirect, defaultPrivate, forcePrivate] = await Promise.all(
        [ServerSetting.E2EEnable, ServerSetting.E2EAllowUnencrypted, ServerSetting.E2EDefaultDirect, ServerSetting.E2EDefaultPrivate, ServerSetting.E2EForcePrivate].map((id) =>
            readServerSetting(read, id),
        ),
    );
    return {
        e2eEnable: flag(e2eEnable),
        allowUnencrypted: flag(allowUnencrypted),
        defaultDirect: flag(defaultDirect),
        defaultPrivate: flag(defaultPrivate),
        forcePrivate: typeof forcePrivate === 'boolean' ? forcePrivate : undefined,
    };
}

/** The workspace's default language, for people whose own preference the app cannot see. */
export async function workspaceLanguage(read: IRead): Promise<string | undefined> {
    const value = await readServerSetting(read, ServerSetting.Language);
    return typeof value === 'string' ? value : undefined;
}
