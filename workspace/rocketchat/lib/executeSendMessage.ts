// executeSendMessage (apps/meteor/app/lib/server/methods/sendMessage.ts): checks the size, the room (canSendMessage)
// and the plaintext guard of encrypted rooms, then calls sendMessage(). A refusal from its inner try (the room, the
// guard, sendMessage() and the apps' listeners) is also told to the sender. The client entry points in front of it
// (the DDP method, REST chat.sendMessage) are in sendMessageMethod.ts.
import { canSendMessage } from '../authorization/canSendMessage';
import type { ServerContext } from '../context';
import { nowIso } from '../ids';
import { MeteorError, refusesUnencrypted } from '../rules';
import type { RcMessage, RcUser } from '../types';
import type { OutgoingMessage } from './sendMessage';
import { sendMessage } from './sendMessage';

export async function executeSendMessage(rc: ServerContext, user: RcUser, rid: string, input: OutgoingMessage): Promise<RcMessage | undefined> {
    const { model } = rc;
    const message: Partial<RcMessage> = { ...input, rid } as Partial<RcMessage>;
    if (message.msg && message.msg.length > (model.settings.get<number>('Message_MaxAllowedSize') ?? 0)) {
        throw new MeteorError('error-message-size-exceeded', 'Message size exceeds Message_MaxAllowedSize', { method: 'sendMessage' });
    }
    try {
        const room = canSendMessage(model, rid, user);
        const s = model.settings;
        if (refusesUnencrypted(room, message, Boolean(s.get('E2E_Enable')), Boolean(s.get('E2E_Allow_Unencrypted_Messages')))) {
            throw new MeteorError('error-not-allowed', 'Not allowed to send un-encrypted messages in an encrypted room', { method: 'sendMessage' });
        }
        return await sendMessage(rc, user, message, room);
    } catch (err) {
        // executeSendMessage's catch: notify.ephemeralMessage to the sender with i18n.t(err.error || err.message)
        // (an app's AppsEngineException text as is; Rocket.Chat's own error keys untranslated here), then rethrow
        const e = err as { error?: unknown; message?: unknown };
        const text = typeof err === 'string' ? err : String(e?.error || e?.message || '');
        model.notifications.push({ kind: 'user', userId: user._id, roomId: rid, text, message: { rid, msg: text, ephemeral: true }, at: nowIso() });
        throw err;
    }
}
