// apps/meteor/app/api/server/v1/chat.ts (Rocket.Chat 8.x, read 2026): chat.sendMessage goes through executeSendMessage
// (with the plaintext guard); chat.postMessage through processWebhookMessage.
import type { WebhookPayload } from '../../rocketchat/lib/processWebhookMessage';
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
    // the size check on `text`, then processWebhookMessage (channel before roomId, #/@ prefixes); only the first
    // room's message is answered
    'POST chat.postMessage': async ({ user, body }) => {
        if (!body.channel && !body.roomId) {
            throw new MeteorError('error-invalid-params', 'Body param "roomId" or "channel" is required');
        }
        const text = body.text as string | undefined;
        if (text && text.length > (rc.model.settings.get<number>('Message_MaxAllowedSize') ?? 0)) {
            return failure('error-message-size-exceeded');
        }
        const [first] = await rc.postMessage(user._id, body as WebhookPayload);
        if (!first?.message) {
            return failure('unknown-error');
        }
        return success({ ts: Date.now(), channel: first.channel, message: first.message });
    },
});
