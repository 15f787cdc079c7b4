import type { Policies } from './Policy';
import { Policy } from './Policy';
import type { SupportedKind } from './RoomKind';
import { RoomKind } from './RoomKind';

/**
 * Rocket.Chat's own E2EE settings, as far as they bear on the policy (apps/meteor/server/settings/e2e.ts). The
 * creation rules run before any app sees a new room (apps/meteor/server/lib/e2e/beforeCreateRoom.ts, a
 * prepareCreateRoom callback): with E2E_Enable on, a new DM (E2E_Enabled_Default_DirectRooms) or private room
 * (E2E_Enabled_Default_PrivateRooms) is created encrypted unless the request says otherwise, and from 8.8
 * E2E_Force_Encryption_For_Private_Rooms makes every new private room that is not federated encrypted and refuses
 * an explicit `encrypted: false`. E2E_Allow_Unencrypted_Messages switches off Rocket.Chat's own plaintext check in
 * encrypted rooms (executeSendMessage).
 */
export interface ServerE2E {
    readonly e2eEnable: boolean;
    readonly allowUnencrypted: boolean;
    readonly defaultDirect: boolean;
    readonly defaultPrivate: boolean;
    /** undefined: the workspace has no such setting (before 8.8) */
    readonly forcePrivate?: boolean;
}

/** The supported kinds that are private ('p') rooms; the other one is the direct message. */
export const PRIVATE_KINDS: ReadonlyArray<SupportedKind> = [RoomKind.PrivateChannel, RoomKind.PrivateTeam, RoomKind.Discussion];

const isPrivateKind = (kind: SupportedKind) => kind !== RoomKind.Direct;

/** Whether Rocket.Chat creates a new room of this kind encrypted by default, before the app sees it. */
export function encryptedByDefault(kind: SupportedKind, server: ServerE2E): boolean {
    return server.e2eEnable && (isPrivateKind(kind) ? server.defaultPrivate : server.defaultDirect);
}

/** Whether Rocket.Chat requires a new room of this kind to be encrypted (E2E_Force_Encryption_For_Private_Rooms). */
export function encryptionForced(kind: SupportedKind, server: Pick<ServerE2E, 'e2eEnable' | 'forcePrivate'>): boolean {
    return server.e2eEnable && isPrivateKind(kind) && server.forcePrivate === true;
}

export type Conflict =
    /** New rooms of a kind are encrypted by Rocket.Chat's default, and the policy disables encryption there: the app creates them unencrypted. */
    | { readonly conflict: 'default-encrypted'; readonly kind: SupportedKind }
    /** Rocket.Chat forces encryption on new private rooms, and the policy disables it for this kind: Rocket.Chat's rule wins. */
    | { readonly conflict: 'forced-encrypted'; readonly kind: SupportedKind }
    /** Rocket.Chat lets plaintext into encrypted rooms; `guarded`: the app's guard still refuses it. */
    | { readonly conflict: 'unencrypted-allowed'; readonly guarded: boolean };

/**
 * Every disagreement between the policy and Rocket.Chat's own E2EE settings, for administrators. None while
 * E2E_Enable is off: none of those settings does anything then. A kind whose policy setting is unusable has no
 * policy to disagree with (the status names that setting separately).
 */
export function findConflicts(policies: Policies, blockPlaintext: boolean, server: ServerE2E): Array<Conflict> {
    if (!server.e2eEnable) {
        return [];
    }
    const conflicts: Array<Conflict> = [];
    for (const kind of [RoomKind.Direct, ...PRIVATE_KINDS] as Array<SupportedKind>) {
        if (policies[kind] !== Policy.Disabled) {
            continue;
        }
        if (encryptionForced(kind, server)) {
            conflicts.push({ conflict: 'forced-encrypted', kind });
        } else if (encryptedByDefault(kind, server)) {
            conflicts.push({ conflict: 'default-encrypted', kind });
        }
    }
    if (server.allowUnencrypted) {
        conflicts.push({ conflict: 'unencrypted-allowed', guarded: blockPlaintext });
    }
    return conflicts;
}
