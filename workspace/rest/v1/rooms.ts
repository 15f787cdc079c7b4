// apps/meteor/app/api/server/v1/rooms.ts: rooms.saveRoomSettings hands the body to the saveRoomSettings method.
import type { RouteFamily } from '../api';
import { success } from '../api';

export const roomsRoutes: RouteFamily = (rc) => ({
    // const { rid, ...params } = this.bodyParams; saveRoomSettings(this.userId, rid, params)
    'POST rooms.saveRoomSettings': async ({ user, body }) => {
        const { rid, ...params } = body;
        const result = await rc.saveRoomSettings(user._id, rid, params);
        return success({ rid: result.rid });
    },
});
