// createDirectRoom (apps/meteor/app/lib/server/functions/createDirectRoom.ts, Rocket.Chat 8.x, read 2026): 'd' rooms,
// found by their members' ids (Rooms.findOneDirectRoomContainingAllUserIDs) and reused; a new one gets a random id
// from the insert ("using users' _id to compose the room _id is deprecated": older versions joined the two ids).
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import type { ServerContext } from '../context';
import { encryptedAtCreation } from '../e2e/beforeCreateRoom';
import { nowIso, randomId } from '../ids';
import type { RcRoom } from '../types';
import { preRoomCreate } from './createRoom';

export async function createDirectRoom(rc: ServerContext, memberIds: string[]): Promise<RcRoom> {
    const { model } = rc;
    const members = [...new Set(memberIds)].map((id) => model.requireUser(id));
    const usernames = members.map((m) => m.username);
    const existing = model.directRoomByUserIds(members.map((m) => m._id));
    if (existing) {
        return existing;
    }
    const now = nowIso();
    const data: Partial<RcRoom> = {};
    const encrypted = encryptedAtCreation(model, 'd', undefined);
    if (encrypted !== undefined) {
        data.encrypted = encrypted;
    }
    let room: RcRoom = {
        _id: randomId(),
        t: 'd',
        usernames,
        uids: members.map((m) => m._id).sort(),
        usersCount: members.length,
        msgs: 0,
        ts: now,
        _updatedAt: now,
        ...data,
    };
    const modified = await preRoomCreate(rc, { ...room, _USERNAMES: usernames });
    if (modified) {
        room = { ...room, ...modified, _id: room._id, t: 'd' } as RcRoom;
    }
    model.rooms.set(room._id, room);
    for (const m of members) {
        const other = members.find((o) => o._id !== m._id) ?? m;
        model.createSubscription(room, m, { name: other.username, fname: other.name });
    }
    rc.fireAndForget(rc.trigger(AppInterface.IPostRoomCreate, room));
    return room;
}
