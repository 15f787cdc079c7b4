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

/** Whether the user is subscribed to the room. A direct message lists its members itself. */
export async function isRoomMember(read: IRead, room: IRoom, userId: string): Promise<boolean> {
    if (room.type === 'd' && Array.isArray(room.userIds)) {
        return room.userIds.includes(userId);
    }
    const roomIds = await orUndefined(() => read.getUserReader().getUserRoomIds(userId));
    return Array.isArray(roomIds) && roomIds.includes(room.id);
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
