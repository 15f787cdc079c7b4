// apps/meteor/app/api/server/v1/groups.ts: groups.setEncrypted finds the private group the caller may see
// (findPrivateGroupByIdOrName), then saves `encrypted` through saveRoomSettings.
import type { Model } from '../../rocketchat/Model';
import { MeteorError } from '../../rocketchat/rules';
import type { RcRoom } from '../../rocketchat/types';
import type { RouteFamily } from '../api';
import { failure, success } from '../api';

const groupNotFound = () => new MeteorError('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any group');

/** findPrivateGroupByIdOrName: a 'p' room the caller is subscribed to (or view-other-user-channels), not archived. */
export function findPrivateGroupByIdOrName(model: Model, params: Record<string, unknown>, userId: string): RcRoom {
    const roomId = params.roomId as string | undefined;
    const roomName = params.roomName as string | undefined;
    if ((!roomId || !String(roomId).trim()) && (!roomName || !String(roomName).trim())) {
        throw new MeteorError('error-room-param-not-provided', 'The parameter "roomId" or "roomName" is required');
    }
    const room = roomId ? model.roomById(roomId) : model.roomByName(String(roomName));
    if (!room || room.t !== 'p') {
        throw groupNotFound();
    }
    if (!model.subscription(room._id, userId) && !model.hasPermission(userId, 'view-other-user-channels')) {
        throw groupNotFound();
    }
    if (room.archived) {
        throw new MeteorError('error-room-archived', `The private group, ${room.prid ? room.fname : room.name}, is archived`);
    }
    return room;
}

/** The room as the API returns it: without its join code, member list, import ids or E2E key material. */
function withoutSecrets(room: RcRoom): Record<string, unknown> {
    const { joinCode: _j, members: _m, importIds: _i, e2e: _e, ...rest } = room;
    void _j;
    void _m;
    void _i;
    void _e;
    return rest;
}

export const groupsRoutes: RouteFamily = (rc) => ({
    'POST groups.setEncrypted': async ({ user, body }) => {
        if (typeof body.encrypted !== 'boolean') {
            return failure('The bodyParam "encrypted" is required');
        }
        const { encrypted, ...params } = body;
        const room = findPrivateGroupByIdOrName(rc.model, params, user._id);
        await rc.saveRoomSettings(user._id, room._id, { encrypted });
        const updated = rc.model.roomById(room._id);
        if (!updated) {
            throw groupNotFound();
        }
        return success({ group: withoutSecrets(updated) });
    },
});
