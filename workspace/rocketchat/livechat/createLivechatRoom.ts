// A livechat room ('l') with a visitor, served by an agent: what the E2EE policy needs of createLivechatRoom
// (apps/meteor/app/livechat/server/lib/Helper.ts), its type and membership. No queue, departments or routing.
import { nowIso, randomId, randomSecret } from '../ids';
import type { Model } from '../Model';
import type { RcRoom } from '../types';

export function createLivechatRoom(model: Model, agentId: string, visitorName = 'visitor'): RcRoom {
    const agent = model.requireUser(agentId);
    const now = nowIso();
    const room: RcRoom = {
        _id: randomId(),
        t: 'l',
        fname: visitorName,
        name: visitorName,
        msgs: 0,
        usersCount: 1,
        ts: now,
        _updatedAt: now,
        open: true,
        v: { _id: randomId(), username: visitorName, token: randomSecret() },
        servedBy: { _id: agent._id, username: agent.username },
    };
    model.rooms.set(room._id, room);
    model.createSubscription(room, agent);
    return room;
}
