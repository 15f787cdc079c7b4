// getRoomByNameOrIdWithOptionToJoin (apps/meteor/app/lib/server/functions/getRoomByNameOrIdWithOptionToJoin.ts) and the
// createDirectMessage method it falls back on (apps/meteor/server/methods/createDirectMessage.ts), Rocket.Chat 8.x,
// read 2026: `#x` is a room by id or name; `@x` (or type 'd') is the direct message with the user whose id or exact
// username is x, created when missing; anything else a room by id or name. A public room found with joinChannel is
// joined (addUserToRoom: nothing happens when already subscribed).
import type { ServerContext } from '../context';
import { MeteorError } from '../rules';
import type { RcRoom, RcUser, RoomType } from '../types';
import { addUserToRoom } from './addUserToRoom';
import { createDirectRoom } from './createDirectRoom';

export interface RoomLookup {
    user: RcUser;
    nameOrId?: string;
    type?: RoomType;
    tryDirectByUserIdOnly?: boolean;
    joinChannel?: boolean;
    errorOnEmpty?: boolean;
}

const invalidChannel = () => new MeteorError('invalid-channel');

/** createDirectMessage(usernames, userId): the users by username in any case; `create-d`, else only an existing DM. */
export async function createDirectMessage(rc: ServerContext, usernames: string[], userId: string): Promise<RcRoom> {
    const { model } = rc;
    const me = model.requireUser(userId);
    const others = usernames
        .filter((username) => username !== me.username)
        .map((username) => {
            const to = model.userByUsernameIgnoringCase(username);
            if (!to) {
                throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'createDirectMessage' });
            }
            return to;
        });
    const members = [me, ...others];
    if (!model.hasPermission(userId, 'create-d')) {
        const existing = model.hasPermission(userId, 'view-d-room') ? model.directRoomByUserIds(members.map((m) => m._id)) : undefined;
        if (existing) {
            return existing;
        }
        throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'createDirectMessage' });
    }
    return createDirectRoom(rc, members.map((m) => m._id));
}

export async function getRoomByNameOrIdWithOptionToJoin(rc: ServerContext, o: RoomLookup): Promise<RcRoom | null> {
    const { model } = rc;
    const { user, type, tryDirectByUserIdOnly = false, joinChannel = true, errorOnEmpty = true } = o;
    let nameOrId = o.nameOrId ?? '';
    let room: RcRoom | undefined;
    if (nameOrId.startsWith('#')) {
        nameOrId = nameOrId.substring(1);
        room = model.roomByIdOrName(nameOrId);
    } else if (nameOrId.startsWith('@') || type === 'd') {
        nameOrId = nameOrId.replace('@', '');
        // Users.findOne({ $or: [{ _id }, { username }] }): the exact username
        const roomUser = tryDirectByUserIdOnly ? model.userById(nameOrId) : (model.userById(nameOrId) ?? model.userByUsername(nameOrId));
        room = roomUser ? model.directRoomByUserIds([user._id, roomUser._id]) : model.roomById(nameOrId);
        if (!room) {
            if (!roomUser) {
                if (errorOnEmpty) {
                    throw invalidChannel();
                }
                return null;
            }
            return createDirectMessage(rc, [roomUser.username], user._id);
        }
    } else {
        room = model.roomByIdOrName(nameOrId);
    }
    if (!room) {
        if (errorOnEmpty) {
            throw invalidChannel();
        }
        return null;
    }
    if (type && room.t !== type) {
        if (errorOnEmpty) {
            throw invalidChannel();
        }
        return null;
    }
    if (room.t === 'c' && joinChannel) {
        await addUserToRoom(rc, room._id, user._id);
    }
    return room;
}
