// processWebhookMessage (apps/meteor/app/lib/server/functions/processWebhookMessage.ts), behind chat.postMessage and
// incoming integrations: only text-like fields pass (no `t`), and there is no plaintext guard.
import { canSendMessage } from '../authorization/canSendMessage';
import type { ServerContext } from '../context';
import type { RcMessage, RcUser } from '../types';
import type { OutgoingMessage } from './sendMessage';
import { sendMessage } from './sendMessage';

export async function processWebhookMessage(rc: ServerContext, user: RcUser, rid: string, input: OutgoingMessage, webhook: boolean): Promise<RcMessage | undefined> {
    const room = canSendMessage(rc.model, rid, user);
    const message: Partial<RcMessage> = {
        alias: input.alias,
        msg: typeof input.msg === 'string' ? input.msg.trim() : '',
        emoji: input.emoji,
        groupable: false,
        ...(input.tmid && { tmid: input.tmid }),
        ...(input.customFields && { customFields: input.customFields }),
        // executeIntegrationRest sets bodyParams.bot = { i: integration._id } before processWebhookMessage
        ...(webhook ? { bot: { i: input.integrationId ?? 'integration' } } : {}),
    };
    for (const k of Object.keys(message)) {
        if ((message as Record<string, unknown>)[k] === undefined) {
            delete (message as Record<string, unknown>)[k];
        }
    }
    return sendMessage(rc, user, message, room);
}
