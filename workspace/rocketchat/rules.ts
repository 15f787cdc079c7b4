// Rocket.Chat's decisions as small pure functions. Each cites the file it follows.
import { isSystemMessage } from './message-types/MessageTypes';
import type { RcRoom, RoomType } from './types';

/** Meteor.Error (meteor/errors.js): message = `${reason} [${error}]`. */
export class MeteorError extends Error {
    readonly error: string;
    readonly reason?: string;
    readonly details?: Record<string, unknown>;

    constructor(error: string, reason?: string, details?: Record<string, unknown>) {
        super(reason ? `${reason} [${error}]` : `[${error}]`);
        this.name = 'Meteor.Error';
        this.error = error;
        this.reason = reason;
        this.details = details;
    }
}

/**
 * allowRoomSettingChange(room, RoomSettingsEnum.E2E) per room type
 * (apps/meteor/server/lib/rooms/roomTypes/{private,direct,public,livechat}.ts). A federated room (core-typings
 * isRoomFederated: `federated === true`) is handed to Federation.isRoomSettingAllowed
 * (apps/meteor/server/services/federation/Federation.ts), which allows only NAME and TOPIC, so never E2E.
 */
export function allowsE2ESettingChange(t: RoomType, e2eEnable: boolean, federated = false): boolean {
    if (federated) {
        return false;
    }
    switch (t) {
        case 'p':
        case 'd':
            return e2eEnable === true;
        case 'c':
            return false;
        case 'l':
            // livechat.ts only refuses JOIN_CODE: E2E falls to `default: return true`.
            return true;
        default:
            return true;
    }
}

/** getDiscussionType: public channels give 'c' (roomTypes/public.ts); every other parent the coordinator default 'p'. */
export function discussionTypeFor(parentType: RoomType): RoomType {
    return parentType === 'c' ? 'c' : 'p';
}

/**
 * E2E default at creation (apps/meteor/app/e2e/server/beforeCreateRoom.ts): with E2E_Enable on, new 'd' rooms
 * (E2E_Enabled_Default_DirectRooms) and new 'p' rooms (E2E_Enabled_Default_PrivateRooms) get
 * `encrypted = extraData.encrypted ?? true`.
 */
export function defaultEncryptedAtCreation(
    t: RoomType,
    requested: boolean | undefined,
    settings: { e2eEnable: boolean; defaultDirect: boolean; defaultPrivate: boolean },
): boolean | undefined {
    if (!settings.e2eEnable) {
        return requested;
    }
    if ((t === 'd' && settings.defaultDirect) || (t === 'p' && settings.defaultPrivate)) {
        return requested ?? true;
    }
    return requested;
}

/**
 * E2E_Force_Encryption_For_Private_Rooms (8.8; apps/meteor/server/lib/e2e/beforeCreateRoom.ts, after the defaults
 * above in the same prepareCreateRoom callback): with E2E_Enable on, a new 'p' room that is not federated must be
 * encrypted; an explicit `encrypted: false` is refused. Returns the room's `encrypted` from here on.
 */
export function forcedEncryptionAtCreation(
    t: RoomType,
    encrypted: boolean | undefined,
    settings: { e2eEnable: boolean; forcePrivate: boolean; federated: boolean },
): boolean | undefined {
    if (!settings.e2eEnable || t !== 'p' || settings.federated || !settings.forcePrivate) {
        return encrypted;
    }
    if (encrypted === false) {
        throw new MeteorError('error-encrypted-private-rooms-enforced', 'Workspace policy requires all private rooms to be encrypted.');
    }
    return true;
}

/**
 * executeSendMessage's plaintext guard (apps/meteor/app/lib/server/methods/sendMessage.ts): in an encrypted room,
 * with E2E_Enable on and E2E_Allow_Unencrypted_Messages off, a message whose `t` is not 'e2e' is refused.
 * Only `t` is checked.
 */
export function refusesUnencrypted(room: Pick<RcRoom, 'encrypted'>, message: { t?: string }, e2eEnable: boolean, allowUnencrypted: boolean): boolean {
    return Boolean(room.encrypted) && e2eEnable && !allowUnencrypted && message.t !== 'e2e';
}

/** MessageTypes.isSystemMessage (packages/message-types, modelled in message-types/MessageTypes.ts): only a type registered with `system: true`. */
export function isSystemMessageType(t: string | undefined): boolean {
    return isSystemMessage({ t });
}

/** createDiscussion: an encrypted discussion refuses an initial reply (discussion/server/methods/createDiscussion.ts). */
export function discussionReplyRefused(encrypted: boolean, reply: string | undefined): boolean {
    return encrypted && Boolean(reply);
}
