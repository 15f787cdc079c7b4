// canAccessRoom (apps/meteor/app/authorization/server/functions/canAccessRoom.ts), its validators in order: a public
// room outside teams with view-c-room; a public room of a team (public team: view-c-room, private team: its
// members); a subscription; a discussion whose parent is accessible; a livechat room served by the user.
import type { Model } from '../Model';
import type { RcRoom } from '../types';

export function canAccessRoom(model: Model, room: RcRoom, userId: string): boolean {
    if (room.t === 'c' && room.teamId) {
        const main = [...model.rooms.values()].find((r) => r.teamId === room.teamId && r.teamMain);
        if (!main || main.t === 'c') {
            if (model.hasPermission(userId, 'view-c-room')) {
                return true;
            }
        } else if (model.subscription(main._id, userId)) {
            return true;
        }
    }
    if (room.t === 'c' && !room.teamId && model.hasPermission(userId, 'view-c-room')) {
        return true;
    }
    if (model.subscription(room._id, userId)) {
        return true;
    }
    if (room.prid) {
        const parent = model.roomById(room.prid);
        return Boolean(parent && canAccessRoom(model, parent, userId));
    }
    if (room.t === 'l') {
        return (room.servedBy as { _id?: string } | undefined)?._id === userId;
    }
    return false;
}
