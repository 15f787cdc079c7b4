// sendMessage() (apps/meteor/app/lib/server/functions/sendMessage.ts): the app's Prevent, then Extend → Modify,
// insert, and the post-send event. Every way of sending ends here.
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import type { ServerContext } from '../context';
import { nowIso, randomId } from '../ids';
import type { RcMessage, RcRoom, RcUser } from '../types';

/**
 * 'sendMessage': REST chat.sendMessage (its checks + executeSendMessage; every error is the answer);
 * 'ddp': the DDP method sendMessage the web client calls (the same, but errors other than error-not-allowed and
 * restricted-workspace are swallowed: undefined, the sender told only by the ephemeral message);
 * 'executeSendMessage': messages from apps (message bridge create) and services (executeSendMessage only);
 * 'postMessage' / 'webhook': chat.postMessage and incoming integrations (processWebhookMessage).
 */
export type SendPath = 'sendMessage' | 'ddp' | 'executeSendMessage' | 'postMessage' | 'webhook';

export interface OutgoingMessage {
    msg?: string;
    t?: string;
    e2e?: 'pending' | 'done';
    content?: RcMessage['content'];
    e2eMentions?: RcMessage['e2eMentions'];
    tmid?: string;
    _id?: string;
    alias?: string;
    emoji?: string;
    customFields?: Record<string, unknown>;
    /** webhook path: the incoming integration's id (stored as `bot.i`) */
    integrationId?: string;
}

/** Returns the stored message, or undefined when an app prevented it (or a message with its id exists). */
export async function sendMessage(rc: ServerContext, user: RcUser, input: Partial<RcMessage>, room: RcRoom): Promise<RcMessage | undefined> {
    const now = nowIso();
    let message: RcMessage = {
        ...input,
        _id: input._id ?? randomId(),
        ts: input.ts ?? now,
        u: { _id: user._id, username: user.username, name: user.name },
        rid: room._id,
        msg: typeof input.msg === 'string' ? input.msg : '',
        _updatedAt: now,
    } as RcMessage;
    if (rc.appsLoaded()) {
        const prevent = await rc.trigger(AppInterface.IPreMessageSentPrevent, message);
        if (prevent) {
            return undefined;
        }
        const extended = await rc.trigger(AppInterface.IPreMessageSentExtend, message);
        const result = await rc.trigger(AppInterface.IPreMessageSentModify, extended);
        if (typeof result === 'object' && result) {
            message = Object.assign(message, result);
        }
    }
    if (rc.model.messageById(message._id)) {
        return undefined;
    }
    rc.model.messages.set(message._id, message);
    room.msgs += 1;
    room.lastMessage = { _id: message._id };
    // "If the message has a type (system message), we should notify the listener about it"
    const event = message.t ? AppInterface.IPostSystemMessageSent : AppInterface.IPostMessageSent;
    rc.fireAndForget(rc.trigger(event, message));
    return message;
}
