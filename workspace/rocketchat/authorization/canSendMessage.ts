// canSendMessageAsync / validateRoomMessagePermissionsAsync
// (apps/meteor/app/authorization/server/functions/canSendMessage.ts): the room exists, the sender can access it,
// and a read-only room needs post-readonly.
import type { Model } from '../Model';
import { MeteorError } from '../rules';
import type { RcRoom, RcUser } from '../types';
import { canAccessRoom } from './canAccessRoom';

export function canSendMessage(model: Model, rid: string, user: RcUser): RcRoom {
    const room = model.roomById(rid);
    if (!room) {
        throw new MeteorError('error-invalid-room', 'Invalid room');
    }
    if (!canAccessRoom(model, room, user._id)) {
        throw new Error('error-not-allowed');
    }
    if (room.ro && !model.hasPermission(user._id, 'post-readonly', rid)) {
        throw new MeteorError('error-not-allowed', 'room is read only');
    }
    return room;
}
