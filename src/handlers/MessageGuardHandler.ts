import type { IMessageBuilder, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { AppsEngineException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { recordAudit } from '../actions/context';
import type { AppServices } from '../app/AppServices';
import { AuditAction, AuditOutcome } from '../audit/AuditRecord';
import { text, translate } from '../i18n/translate';
import { roomLabel } from '../lib/lookups';
import { languageOf } from '../lib/notify';
import type { Verdict } from '../policy/messageGuard';
import { judgeMessage, Refusal, shouldStripSearchableCiphertext, viewOf } from '../policy/messageGuard';
import { isRoomEncrypted } from '../policy/RoomKind';
import { isWorkspaceE2EEnabled } from '../settings/serverSettings';

const REFUSAL_TEXT = {
    [Refusal.Plaintext]: 'refused_plaintext',
    [Refusal.MalformedCiphertext]: 'refused_malformed',
    [Refusal.MisplacedCiphertext]: 'refused_misplaced',
} as const;

const EDIT_REFUSAL_TEXT = {
    [Refusal.Plaintext]: 'refused_edit_plaintext',
    [Refusal.MalformedCiphertext]: 'refused_edit_malformed',
    [Refusal.MisplacedCiphertext]: 'refused_edit_misplaced',
} as const;

/**
 * The guards every message in the workspace passes through. The `check` methods are pure
 * functions of the message, its room and the cached settings: an allowed message costs no
 * bridge or HTTP call and the engine skips the matching `execute` call entirely.
 */
export class MessageGuardHandler {
    constructor(private readonly services: AppServices) {}

    /** Whether the message may have to be refused (the engine then calls `prevent`). */
    public mayRefuse(message: IMessage): boolean {
        return this.judge(message).refuse;
    }

    /**
     * Refuses by throwing an AppsEngineException: Rocket.Chat then drops the message and shows the
     * sender the exception's text privately. Any other failure lets the message through, as the
     * engine would.
     */
    public async prevent(message: IMessage, read: IRead, persis: IPersistence, action: AuditAction): Promise<boolean> {
        const verdict = this.judge(message);
        if (!verdict.refuse) {
            return false;
        }
        // Both reads at once: the sender waits for one round trip to the host instead of two.
        const [enforced, language] = await Promise.all([
            verdict.whileE2EEnabled ? isWorkspaceE2EEnabled(read, true) : true,
            languageOf(read, message.sender),
        ]);
        if (!enforced) {
            return false;
        }
        // Not awaited: the sender should not wait for the audit write.
        void recordAudit({ read, persis, services: this.services }, message.sender, {
            action,
            outcome: AuditOutcome.Refused,
            reason: verdict.reason,
            roomId: message.room?.id,
            roomName: message.room ? roomLabel(message.room) : undefined,
            count: 1,
        });
        const texts = action === AuditAction.EditRefused ? EDIT_REFUSAL_TEXT : REFUSAL_TEXT;
        throw new AppsEngineException(translate(language, text(texts[verdict.reason])));
    }

    public mayStrip(message: IMessage): boolean {
        return shouldStripSearchableCiphertext(viewOf(message), this.services.settings.get().stripSearchableCiphertext);
    }

    /**
     * Saves the message without the ciphertext copy in `msg`; clients decrypt it from `content`.
     * The result leaves `content` out: the engine writes every listener's result into the app's
     * logs, and Rocket.Chat merges a Modify result into the message (`Object.assign`, which never
     * removes a key), so the stored message keeps its content while no log gets the ciphertext.
     */
    public strip(message: IMessage, builder: IMessageBuilder): IMessage {
        return withoutContent(this.mayStrip(message) ? builder.setText('').getMessage() : message);
    }

    private judge(message: IMessage): Verdict {
        return judgeMessage(viewOf(message), isRoomEncrypted(message.room ?? {}), this.services.settings.get());
    }
}

/** A copy of the message without `content` (nor its ciphertext), for a Modify result. */
function withoutContent(message: IMessage): IMessage {
    const unmapped = (message as { _unmappedProperties_?: Record<string, unknown> })._unmappedProperties_;
    if (!unmapped || !('content' in unmapped)) {
        return message;
    }
    const rest = { ...unmapped };
    delete rest.content;
    return { ...message, _unmappedProperties_: rest } as IMessage;
}
