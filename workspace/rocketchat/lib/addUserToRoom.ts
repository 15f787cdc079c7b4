// addUserToRoom (apps/meteor/app/lib/server/functions/addUserToRoom.ts): the app's pre-join event (an
// AppsEngineException refuses), the subscription, the 'uj' or 'au' system message, the E2EE key queue, then the
// post-join event.
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import type { ServerContext } from '../context';
import { isAppsEngineException } from '../context';
import { MeteorError } from '../rules';
import { saveSystemMessage } from '../services/messages';
import type { RcSubscription } from '../types';

export async function addUserToRoom(rc: ServerContext, rid: string, userId: string, inviterId?: string): Promise<RcSubscription> {
    const { model } = rc;
    const room = model.requireRoom(rid);
    const user = model.requireUser(userId);
    const inviter = inviterId ? model.requireUser(inviterId) : undefined;
    const existing = model.subscription(rid, userId);
    if (existing) {
        return existing;
    }
    try {
        await rc.trigger(AppInterface.IPreRoomUserJoined, room, user, inviter);
    } catch (error) {
        if (isAppsEngineException(error)) {
            throw new MeteorError('error-app-prevented', error.message);
        }
        throw error;
    }
    const sub = model.createSubscription(room, user);
    room.usersCount += 1;
    if (room.t === 'd') {
        room.usernames = [...(room.usernames ?? []), user.username];
        room.uids = [...(room.uids ?? []), user._id];
    }
    if (inviter && inviter._id !== user._id) {
        await saveSystemMessage(rc, 'au', rid, user.username, inviter);
    } else {
        await saveSystemMessage(rc, 'uj', rid, user.username, user);
    }
    if (room.encrypted && model.settings.get('E2E_Enable') && user.e2e?.public_key) {
        model.addUserIdToE2EEQueue(room, user._id);
    }
    // IPostRoomUserJoined runs (on next tick) only for 'c' and 'p' rooms
    if (room.t === 'c' || room.t === 'p') {
        rc.fireAndForget(rc.trigger(AppInterface.IPostRoomUserJoined, room, user, inviter));
    }
    return sub;
}

/** Room roles (apps/meteor/server/methods/addRoomOwner.ts, addRoomModerator.ts, addRoomLeader.ts): a role on the subscription. */
export function setRoomRole(rc: ServerContext, rid: string, userId: string, role: string, on = true): void {
    const sub = rc.model.subscription(rid, userId);
    if (!sub) {
        throw new MeteorError('error-user-not-in-room', 'User is not in this room');
    }
    const roles = new Set(sub.roles ?? []);
    if (on) {
        roles.add(role);
    } else {
        roles.delete(role);
    }
    sub.roles = [...roles];
}
