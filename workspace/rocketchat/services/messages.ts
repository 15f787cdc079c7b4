// Message.saveSystemMessage (apps/meteor/server/services/messages/service.ts): insert, count, IPostSystemMessageSent.
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import type { ServerContext } from '../context';
import { nowIso, randomId } from '../ids';
import type { RcMessage, RcUser } from '../types';

export async function saveSystemMessage(rc: ServerContext, type: string, rid: string, text: string, owner: RcUser, extra: Partial<RcMessage> = {}): Promise<RcMessage> {
    if (!owner.username) {
        throw new Error('The username cannot be empty.');
    }
    const now = nowIso();
    const message: RcMessage = {
        _id: randomId(),
        t: type,
        rid,
        ts: now,
        msg: text,
        u: { _id: owner._id, username: owner.username, name: owner.name },
        groupable: false,
        _updatedAt: now,
        ...extra,
    };
    rc.model.messages.set(message._id, message);
    const room = rc.model.roomById(rid);
    if (room) {
        room.msgs += 1;
    }
    rc.fireAndForget(rc.trigger(AppInterface.IPostSystemMessageSent, message));
    return message;
}
