import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

/**
 * The kinds of room this app tells apart. Rocket.Chat allows end-to-end encryption only in
 * direct messages and private rooms (server/lib/rooms/roomTypes: `d` and `p`); private
 * channels, private teams and discussions are all `p` rooms told apart by `teamMain` and
 * `prid`. A discussion takes its parent's type, so one under a public channel is a public
 * room and can never be encrypted. A federated room of any type cannot be encrypted either:
 * Rocket.Chat's room types hand its settings to Federation.isRoomSettingAllowed
 * (apps/meteor/server/services/federation/Federation.ts), which allows only the name and topic,
 * and E2E_Force_Encryption_For_Private_Rooms exempts federated rooms.
 */
export enum RoomKind {
    Direct = 'direct',
    PrivateChannel = 'private_channel',
    PrivateTeam = 'private_team',
    Discussion = 'discussion',
    PublicChannel = 'public_channel',
    PublicTeam = 'public_team',
    PublicDiscussion = 'public_discussion',
    Livechat = 'livechat',
    Federated = 'federated',
    Other = 'other',
}

export type SupportedKind = RoomKind.Direct | RoomKind.PrivateChannel | RoomKind.PrivateTeam | RoomKind.Discussion;

export const SUPPORTED_KINDS: ReadonlyArray<SupportedKind> = [RoomKind.Direct, RoomKind.PrivateChannel, RoomKind.PrivateTeam, RoomKind.Discussion];

/**
 * The room fields classification needs. IRoom names a discussion's parent `parentRoom`; a raw
 * room (the room reader's getAllRooms, Rocket.Chat's convertRoomRaw) names only its id,
 * `parentRoomId`.
 */
export type ClassifiableRoom = Pick<IRoom, 'type'> & Partial<Pick<IRoom, 'isTeamMain' | 'parentRoom'>> & { readonly parentRoomId?: string };

export function classifyRoom(room: ClassifiableRoom): RoomKind {
    if (isRoomFederated(room)) {
        return RoomKind.Federated;
    }
    const isDiscussion = Boolean(room.parentRoom) || Boolean(room.parentRoomId);
    switch (room.type as string) {
        case 'd':
            return RoomKind.Direct;
        case 'p':
            if (isDiscussion) {
                return RoomKind.Discussion;
            }
            return room.isTeamMain ? RoomKind.PrivateTeam : RoomKind.PrivateChannel;
        case 'c':
            if (isDiscussion) {
                return RoomKind.PublicDiscussion;
            }
            return room.isTeamMain ? RoomKind.PublicTeam : RoomKind.PublicChannel;
        case 'l':
            return RoomKind.Livechat;
        default:
            return RoomKind.Other;
    }
}

export function isSupportedKind(kind: RoomKind): kind is SupportedKind {
    return (SUPPORTED_KINDS as ReadonlyArray<RoomKind>).includes(kind);
}

/**
 * core-typings isRoomFederated (`room.federated === true`), as the converters hand it over: newer room converters
 * map `federated` to `isFederated`, older ones leave it in `_unmappedProperties_` (apps/meteor/app/apps/server/
 * converters/rooms.ts); Apps-Engine 1.59's IRoom names neither.
 */
export function isRoomFederated(room: object): boolean {
    const { isFederated, _unmappedProperties_: unmapped } = room as { isFederated?: unknown; _unmappedProperties_?: { federated?: unknown } };
    return isFederated === true || Boolean(unmapped && unmapped.federated === true);
}

/** Room encryption as the converters hand it over: `encrypted` is not a named IRoom field. */
export function isRoomEncrypted(room: object): boolean {
    const unmapped = (room as { _unmappedProperties_?: { encrypted?: unknown } })._unmappedProperties_;
    return Boolean(unmapped && unmapped.encrypted === true);
}

/**
 * How many members wait for the room key (Rocket.Chat's `usersWaitingForE2EKeys`, filled when
 * someone with E2EE keys joins an encrypted room and emptied when an online member hands them
 * the key). Like `encrypted`, not a named field: the converters leave it unmapped.
 */
export function membersWaitingForKeys(room: object): number {
    const unmapped = (room as { _unmappedProperties_?: { usersWaitingForE2EKeys?: unknown } })._unmappedProperties_;
    const waiting = unmapped && unmapped.usersWaitingForE2EKeys;
    return Array.isArray(waiting) ? waiting.length : 0;
}
