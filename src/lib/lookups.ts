import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { RoomRole } from '../policy/permissions';

// Bridge lookups answer "not found" differently across Rocket.Chat versions (undefined, null,
// or a thrown error); all of them mean "not found" here.
async function orUndefined<T>(lookup: () => Promise<T | null | undefined>): Promise<T | undefined> {
    try {
        return (await lookup()) ?? undefined;
    } catch {
        return undefined;
    }
}

export function findRoomById(read: IRead, id: string): Promise<IRoom | undefined> {
    return orUndefined(() => read.getRoomReader().getById(id));
}

export function findRoomByName(read: IRead, name: string): Promise<IRoom | undefined> {
    return orUndefined(() => read.getRoomReader().getByName(name));
}

export function findUserByUsername(read: IRead, username: string): Promise<IUser | undefined> {
    return orUndefined(() => read.getUserReader().getByUsername(username));
}

export function findUserById(read: IRead, id: string): Promise<IUser | undefined> {
    return orUndefined(() => read.getUserReader().getById(id));
}

/**
 * The direct message of exactly these people. Rocket.Chat's lookup (Rooms.findDirectRoomContainingAllUsernames) asks
 * for `n` usernames counting duplicates, so `[me, me]` would find any one-to-one DM of mine: the list is
 * de-duplicated first, and `[me]` finds only my self-DM.
 */
export function findDirectRoom(read: IRead, usernames: Array<string>): Promise<IRoom | undefined> {
    const members = [...new Set(usernames)];
    return orUndefined(() => read.getRoomReader().getDirectByUsernames(members));
}

/**
 * Whether the user is subscribed to the room with this id. Rocket.Chat's bridge reads every subscription, so a
 * pending (federated) invitation counts too: apps cannot tell one apart.
 */
export async function isSubscribed(read: IRead, roomId: string, userId: string): Promise<boolean> {
    const roomIds = await orUndefined(() => read.getUserReader().getUserRoomIds(userId));
    return Array.isArray(roomIds) && roomIds.includes(roomId);
}

/** Whether the user is subscribed to the room. A direct message lists its members itself. */
export async function isRoomMember(read: IRead, room: IRoom, userId: string): Promise<boolean> {
    if (room.type === 'd' && Array.isArray(room.userIds)) {
        return room.userIds.includes(userId);
    }
    return isSubscribed(read, room.id, userId);
}

/** The user's room-scoped roles (owner, moderator, leader) in a room, read from its subscriptions. */
export async function roomRolesOf(read: IRead, roomId: string, userId: string): Promise<Array<RoomRole>> {
    const reader = read.getRoomReader();
    const [owners, moderators, leaders] = await Promise.all([
        orUndefined(() => reader.getOwners(roomId)),
        orUndefined(() => reader.getModerators(roomId)),
        orUndefined(() => reader.getLeaders(roomId)),
    ]);
    const holds = (users: Array<IUser> | undefined) => Array.isArray(users) && users.some((user) => user.id === userId);
    const roles: Array<RoomRole> = [];
    if (holds(owners)) {
        roles.push(RoomRole.Owner);
    }
    if (holds(moderators)) {
        roles.push(RoomRole.Moderator);
    }
    if (holds(leaders)) {
        roles.push(RoomRole.Leader);
    }
    return roles;
}

/**
 * The members of a direct message as `@a, @b`. Rocket.Chat's DM documents have no name; its
 * room converter leaves their `usernames` in `_unmappedProperties_`. Read by a computed key on
 * purpose: the Deno runtime rewrites any source mentioning the deprecated async `Room` getter
 * of that name, which breaks unrelated code in the same bundle.
 */
const USERNAMES_KEY = ['user', 'names'].join('');

function directMembers(room: IRoom): string {
    const unmapped = (room as { _unmappedProperties_?: Record<string, unknown> })._unmappedProperties_;
    const usernames = unmapped ? unmapped[USERNAMES_KEY] : undefined;
    if (!Array.isArray(usernames)) {
        return '';
    }
    return usernames
        .filter((username): username is string => typeof username === 'string' && username.length > 0)
        .map((username) => `@${username}`)
        .join(', ');
}

/** A name to show for a room: `#name`, or the members of a direct message. */
export function roomLabel(room: IRoom): string {
    if (room.type === 'd') {
        return room.displayName || room.slugifiedName || directMembers(room) || room.id;
    }
    return `#${room.displayName || room.slugifiedName || room.id}`;
}

/**
 * A name for a room of a listing (a raw room, whose direct messages name their members in a
 * field of their own), for a file: `#name`, or the members of a direct message as `a, b`
 * (without `@`, which a spreadsheet would take for the start of a formula).
 */
export function listedRoomLabel(room: { readonly id: string; readonly type: string; readonly displayName?: string; readonly slugifiedName?: string }): string {
    if (room.type === 'd') {
        const usernames = (room as unknown as Record<string, unknown>)[USERNAMES_KEY];
        const members = Array.isArray(usernames) ? usernames.filter((u): u is string => typeof u === 'string' && u.length > 0) : [];
        return room.displayName || members.join(', ') || room.slugifiedName || room.id;
    }
    return `#${room.displayName || room.slugifiedName || room.id}`;
}
