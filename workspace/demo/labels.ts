// How the demo names rooms and users, and finds them again from what a person typed. Pure functions over the
// in-memory model.
import type { Model } from '../rocketchat/Model';
import type { RcRoom, RcUser } from '../rocketchat/types';

/** What kind of room this is, in words (the room kinds the app distinguishes). */
export function roomKind(model: Model, room: RcRoom): string {
    if (room.t === 'd') {
        return (room.uids?.length ?? room.usernames?.length ?? 0) > 2 ? 'group DM' : 'DM';
    }
    if (room.t === 'l') {
        return 'livechat';
    }
    const visibility = room.t === 'p' ? 'private' : 'public';
    if (room.prid) {
        const parent = model.roomById(room.prid);
        return `discussion (of a ${parent ? roomKind(model, parent) : 'room'})`;
    }
    if (room.teamMain) {
        return `${visibility} team`;
    }
    if (room.teamId) {
        return `${visibility} room in a team`;
    }
    return `${visibility} channel`;
}

/** `#name` (a discussion's display name), or `@a,b` for direct rooms (every member, sorted). */
export function roomLabel(room: RcRoom): string {
    if (room.t === 'd') {
        return `@${[...(room.usernames ?? [])].sort().join(',')}`;
    }
    const name = room.prid ? room.fname ?? room.name : room.name ?? room.fname;
    return `#${name ?? room._id}`;
}

/** The label of the room as it is now in the model (its name may have changed), or '(no room)'. */
export function currentRoomLabel(model: Model, room: RcRoom | undefined): string {
    return room ? roomLabel(model.roomById(room._id) ?? room) : '(no room)';
}

export function userLabel(user: Pick<RcUser, 'username'> | undefined): string {
    return user ? `@${user.username}` : '(nobody)';
}

/**
 * `#name` → the room with that name (or a discussion with that display name); `@user` → the DM between `me` and
 * that user; `@a,b,c` → the direct room of exactly those people; anything else → a room id.
 */
export function findRoom(model: Model, ref: string, me?: RcUser): RcRoom | undefined {
    const rooms = [...model.rooms.values()];
    if (ref.startsWith('#')) {
        const name = ref.slice(1);
        return (
            rooms.find((r) => r.t !== 'd' && !r.prid && r.name === name) ??
            rooms.find((r) => r.t !== 'd' && r.prid && r.fname === name) ??
            rooms.find((r) => r.t !== 'd' && (r.name === name || r.fname === name))
        );
    }
    if (ref.startsWith('@')) {
        const names = ref.slice(1).split(',').map((n) => n.replace(/^@/, '')).filter(Boolean);
        const wanted = names.length === 1 && me && names[0] !== me.username ? [me.username, names[0]] : names;
        return model.directRoomByUsernames(wanted);
    }
    return model.roomById(ref);
}

export function findUser(model: Model, ref: string): RcUser | undefined {
    const name = ref.replace(/^@/, '');
    return model.userByUsername(name) ?? model.userById(name);
}

/** A message by id or by an unambiguous id prefix (4 characters at least). */
export function findMessageId(ids: Iterable<string>, ref: string): { id?: string; error?: string } {
    const all = [...ids];
    if (all.includes(ref)) {
        return { id: ref };
    }
    if (ref.length < 4) {
        return { error: 'give at least 4 characters of the message id' };
    }
    const matches = all.filter((id) => id.startsWith(ref));
    if (matches.length === 1) {
        return { id: matches[0] };
    }
    return { error: matches.length ? `${matches.length} messages start with ${ref}` : `no message ${ref}` };
}
