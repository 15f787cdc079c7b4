// canAccessRoom (apps/meteor/server/services/authorization/canAccessRoom.ts, Rocket.Chat 8.x, read 2026): its validators
// in order, the first that says yes grants access:
// 1. a public room ('c') of a team: a public team asks view-c-room, a private team asks membership of the team;
// 2. a public room outside teams: view-c-room;
// 3. a subscription, which counts only with view-joined-room or view-<t>-room (both unscoped: global roles only) and
//    only when it is not a pending invitation (Subscriptions.countByRoomIdAndUserId without includeInvitations; the
//    room publication alone passes includeInvitations so an invitee can open the room to accept);
// 4. a discussion whose parent room passes the whole rule;
// 5. a livechat room served by the user (canAccessRoomLivechat.ts, only the agent part here).
// ABAC (Enterprise room attributes) is not modelled.
import type { Model } from '../Model';
import { isTeamMember, teamById, TeamType } from '../services/team';
import type { RcRoom } from '../types';

export interface AccessOptions {
    includeInvitations?: boolean;
}

function publicRoomInTeam(model: Model, room: RcRoom, userId: string): boolean {
    if (room.t !== 'c' || !room.teamId) {
        return false;
    }
    if (teamById(model, room.teamId)?.type === TeamType.Public) {
        return model.hasPermission(userId, 'view-c-room');
    }
    return isTeamMember(model, room.teamId, userId);
}

function publicRoom(model: Model, room: RcRoom, userId: string): boolean {
    return room.t === 'c' && !room.teamId && model.hasPermission(userId, 'view-c-room');
}

function alreadyJoined(model: Model, room: RcRoom, userId: string, o: AccessOptions): boolean {
    const sub = model.subscription(room._id, userId);
    if (!sub || (sub.status === 'INVITED' && !o.includeInvitations)) {
        return false;
    }
    return model.hasPermission(userId, 'view-joined-room') || model.hasPermission(userId, `view-${room.t}-room`);
}

function discussionParent(model: Model, room: RcRoom, userId: string): boolean {
    const parent = room.prid ? model.roomById(room.prid) : undefined;
    return Boolean(parent && canAccessRoom(model, parent, userId));
}

function servedLivechat(room: RcRoom, userId: string): boolean {
    return room.t === 'l' && (room.servedBy as { _id?: string } | undefined)?._id === userId;
}

export function canAccessRoom(model: Model, room: RcRoom, userId: string, o: AccessOptions = {}): boolean {
    return (
        publicRoomInTeam(model, room, userId) ||
        publicRoom(model, room, userId) ||
        alreadyJoined(model, room, userId, o) ||
        discussionParent(model, room, userId) ||
        servedLivechat(room, userId)
    );
}
