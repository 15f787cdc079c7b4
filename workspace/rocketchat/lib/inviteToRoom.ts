// A pending invitation as native federation stores it: a subscription with `status: 'INVITED'` and the inviter, as
// apps/meteor/app/lib/server/functions/createDirectRoom.ts writes for the invitees of a federated DM (Rocket.Chat 8.x,
// read 2026). Until accepted it is not membership: canAccessRoom and sending ignore it, while the Apps-Engine bridges
// (getUserRoomIds, getMembers) still list it. No app event runs for it; accepting is not modelled.
import type { ServerContext } from '../context';
import { MeteorError } from '../rules';
import type { RcSubscription } from '../types';

export function inviteToRoom(rc: ServerContext, rid: string, userId: string, inviterId: string): RcSubscription {
    const { model } = rc;
    const room = model.requireRoom(rid);
    const user = model.requireUser(userId);
    const inviter = model.requireUser(inviterId);
    if (model.subscription(rid, userId)) {
        throw new MeteorError('error-user-already-in-room', 'User already in room');
    }
    return model.createSubscription(room, user, {
        status: 'INVITED',
        inviter: { _id: inviter._id, username: inviter.username, name: inviter.name },
        open: true,
    });
}
