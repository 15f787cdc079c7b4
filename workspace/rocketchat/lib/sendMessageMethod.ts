// The two ways a client hands a message to executeSendMessage, which answer its errors differently (Rocket.Chat 8.x,
// read 2026):
// - the DDP method `sendMessage` (apps/meteor/app/lib/server/methods/sendMessage.ts), what the web client calls:
//   a system message type is refused first; then everything executeSendMessage throws is swallowed (the method
//   returns nothing) except `error-not-allowed` and `restricted-workspace`, rethrown as Meteor errors. An app's
//   refusal therefore reaches the sender only as executeSendMessage's ephemeral message;
// - REST `chat.sendMessage` (apps/meteor/app/api/server/v1/chat.ts): the same type check, then every error is the
//   answer (ApiClass maps it; an app's AppsEngineException has no `error` code and becomes a plain 400).
import type { ServerContext } from '../context';
import { isSystemMessageType, MeteorError } from '../rules';
import type { RcMessage, RcUser } from '../types';
import { executeSendMessage } from './executeSendMessage';
import type { OutgoingMessage } from './sendMessage';

/** The error codes the DDP method passes on to the client. */
const RETHROWN = ['error-not-allowed', 'restricted-workspace'];

export async function sendMessageMethod(rc: ServerContext, user: RcUser, rid: string, input: OutgoingMessage): Promise<RcMessage | undefined> {
    if (isSystemMessageType(input.t)) {
        throw new Error("Cannot send system messages using 'sendMessage'");
    }
    try {
        return await executeSendMessage(rc, user, rid, input);
    } catch (error) {
        const e = error as { error?: unknown; message?: unknown; reason?: string };
        const code = String(e?.error || e?.message || '');
        if (RETHROWN.includes(code)) {
            throw new MeteorError(code, e.reason, { method: 'sendMessage' });
        }
        return undefined;
    }
}

export async function chatSendMessage(rc: ServerContext, user: RcUser, rid: string, input: OutgoingMessage): Promise<RcMessage | undefined> {
    if (isSystemMessageType(input.t)) {
        throw new Error("Cannot send system messages using 'chat.sendMessage'");
    }
    return executeSendMessage(rc, user, rid, input);
}
