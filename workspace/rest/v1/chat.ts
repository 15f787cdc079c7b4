// apps/meteor/app/api/server/v1/chat.ts: chat.sendMessage goes through executeSendMessage (with the plaintext
// guard); chat.postMessage through processWebhookMessage.
import { MeteorError } from '../../rocketchat/rules';
import type { RouteFamily } from '../api';
import { failure, success } from '../api';

export const chatRoutes: RouteFamily = (rc) => ({
    'POST chat.sendMessage': async ({ user, body }) => {
        const message = (body.message ?? {}) as Record<string, unknown>;
        if (!message.rid) {
            throw new MeteorError('error-invalid-params', 'The "message" parameter must be provided.');
        }
        const { rid, ...rest } = message;
        const sent = await rc.sendMessage(user._id, rid as string, rest as never, 'sendMessage');
        return success({ message: sent });
    },
    'POST chat.postMessage': async ({ user, body }) => {
        const rid = (body.roomId ?? body.channel) as string | undefined;
        if (!rid) {
            throw new MeteorError('error-invalid-params', 'Body param "roomId" or "channel" is required');
        }
        const sent = await rc.sendMessage(user._id, rid, { msg: (body.text ?? body.msg) as string, alias: body.alias as string }, 'postMessage');
        if (!sent) {
            return failure('unknown-error');
        }
        return success({ ts: Date.parse(sent.ts), channel: rid, message: sent });
    },
});
