// processWebhookMessage (apps/meteor/app/lib/server/functions/processWebhookMessage.ts, Rocket.Chat 8.x, read 2026),
// behind chat.postMessage and incoming integrations: `channel` wins over `roomId` (either may be a list, duplicates
// dropped); each entry is `#room`, `@user` or a bare room id or name (then a user id's DM); only text-like fields pass
// (no `t`), the room is checked with validateRoomMessagePermissions (no plaintext guard), and each message goes
// through sendMessage().
import { canSendMessage } from '../authorization/canSendMessage';
import type { ServerContext } from '../context';
import { MeteorError } from '../rules';
import type { RcMessage, RcRoom, RcUser } from '../types';
import { getRoomByNameOrIdWithOptionToJoin } from './getRoomByNameOrIdWithOptionToJoin';
import type { OutgoingMessage } from './sendMessage';
import { sendMessage } from './sendMessage';

export interface WebhookPayload extends OutgoingMessage {
    channel?: string | string[];
    roomId?: string | string[];
    text?: string;
}

export interface WebhookSent {
    channel: string;
    message: RcMessage | undefined;
}

async function roomOf(rc: ServerContext, user: RcUser, channel: string): Promise<RcRoom> {
    const channelType = channel[0];
    const channelValue = channel.slice(1);
    switch (channelType) {
        case '#':
            return (await getRoomByNameOrIdWithOptionToJoin(rc, { user, nameOrId: channelValue, joinChannel: true })) as RcRoom;
        case '@':
            return (await getRoomByNameOrIdWithOptionToJoin(rc, { user, nameOrId: channelValue, type: 'd' })) as RcRoom;
        default: {
            const byIdOrName = await getRoomByNameOrIdWithOptionToJoin(rc, { user, nameOrId: channel, joinChannel: true, errorOnEmpty: false });
            const room = byIdOrName ?? (await getRoomByNameOrIdWithOptionToJoin(rc, { user, nameOrId: channel, tryDirectByUserIdOnly: true, type: 'd' }));
            if (!room) {
                throw new MeteorError('invalid-channel');
            }
            return room;
        }
    }
}

export async function processWebhookMessage(rc: ServerContext, user: RcUser, input: WebhookPayload, webhook: boolean): Promise<WebhookSent[]> {
    const listed = input.channel || input.roomId || '';
    const channels = [...new Set(([] as string[]).concat(listed))];
    const sent: WebhookSent[] = [];
    for (const channel of channels) {
        const room = await roomOf(rc, user, channel);
        const message: Partial<RcMessage> = {
            alias: input.alias,
            msg: typeof (input.text || input.msg) === 'string' ? (input.text || input.msg || '').trim() : '',
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
        // validateRoomMessagePermissionsAsync: access and read-only, not canSendMessage's E2E guard
        canSendMessage(rc.model, room._id, user);
        sent.push({ channel, message: await sendMessage(rc, user, message, room) });
    }
    return sent;
}
