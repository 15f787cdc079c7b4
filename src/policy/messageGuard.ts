import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { claimsEncryptedContent, isCiphertextText, isOpaqueContent, isOpaqueV1 } from './ciphertext';
import type { TypedMessage } from './systemMessages';
import { ENCRYPTED_MESSAGE_TYPE, isVideoConfMessage } from './systemMessages';
import { besideCiphertextIsOpaque } from './uploads';

/**
 * The parts of a message the guards look at. `content` and `files` are not named IMessage fields: the converters
 * put them in `_unmappedProperties_`.
 */
export type MessageView = TypedMessage;

export function viewOf(message: IMessage): MessageView {
    const unmapped = (message as { _unmappedProperties_?: { content?: unknown; files?: unknown } })._unmappedProperties_;
    return {
        type: message.type,
        text: message.text,
        content: unmapped ? unmapped.content : undefined,
        attachments: message.attachments,
        blocks: message.blocks,
        file: message.file,
        files: unmapped ? unmapped.files : undefined,
    };
}

export interface GuardSettings {
    readonly blockPlaintext: boolean;
    readonly blockMisplacedCiphertext: boolean;
}

export enum Refusal {
    /** An ordinary message in an encrypted room. */
    Plaintext = 'plaintext',
    /** Claims to be encrypted but is not well-formed ciphertext, or carries plaintext beside it. */
    MalformedCiphertext = 'malformed-ciphertext',
    /** Ciphertext in a room that is not encrypted. */
    MisplacedCiphertext = 'misplaced-ciphertext',
}

export type Verdict =
    | { readonly refuse: false }
    /** `whileE2EEnabled`: only refuse while the workspace has E2E_Enable on; clients cannot encrypt otherwise. */
    | { readonly refuse: true; readonly reason: Refusal; readonly whileE2EEnabled: boolean };

const ALLOW: Verdict = { refuse: false };

function textOf(view: MessageView): string {
    return typeof view.text === 'string' ? view.text : '';
}

/**
 * Encrypted and nothing readable beside the ciphertext: typed `e2e`, well-formed ciphertext that is not base64 of
 * readable text, `msg` empty or ciphertext itself, and beside it only what Rocket.Chat adds to an encrypted upload.
 */
export function isWellFormedEncrypted(view: MessageView): boolean {
    if (view.type !== ENCRYPTED_MESSAGE_TYPE || !besideCiphertextIsOpaque(view)) {
        return false;
    }
    const text = textOf(view);
    if (view.content !== undefined && view.content !== null) {
        // isOpaqueContent checks the format too: the ciphertext is validated and scanned once
        return isOpaqueContent(view.content) && (text === '' || isCiphertextText(text, view.content));
    }
    // Older clients: no `content`, the v1 string in `msg`.
    return isOpaqueV1(text);
}

/** Whether a message presents itself as encrypted, well-formed or not. */
export function claimsEncrypted(view: MessageView): boolean {
    return view.type === ENCRYPTED_MESSAGE_TYPE || claimsEncryptedContent(view.content);
}

/**
 * The guard on new and edited messages, whatever their type (see systemMessages.ts: no type is trusted). In a room
 * that is not encrypted, a message that presents itself as encrypted is refused. In an encrypted room, a message is
 * accepted when it is Rocket.Chat's own video conference message or well-formed, opaque ciphertext with nothing
 * readable beside it. Pure and cheap: an allowed message costs some field reads and a scan of its ciphertext that
 * stops within a few bytes, and nothing here needs a bridge call.
 */
export function judgeMessage(view: MessageView, roomEncrypted: boolean, settings: GuardSettings): Verdict {
    if (!roomEncrypted) {
        return settings.blockMisplacedCiphertext && claimsEncrypted(view)
            ? { refuse: true, reason: Refusal.MisplacedCiphertext, whileE2EEnabled: false }
            : ALLOW;
    }
    if (!settings.blockPlaintext || isVideoConfMessage(view) || isWellFormedEncrypted(view)) {
        return ALLOW;
    }
    return { refuse: true, reason: claimsEncrypted(view) ? Refusal.MalformedCiphertext : Refusal.Plaintext, whileE2EEnabled: true };
}

/**
 * Whether an encrypted message also carries its ciphertext in the searchable `msg` field and
 * can lose it there: clients decrypt from a well-formed, opaque `content` and ignore `msg`
 * (client/lib/e2ee decryptMessage), so only then is `msg` cleared. A legacy message whose
 * only ciphertext is `msg` is left alone.
 */
export function shouldStripSearchableCiphertext(view: MessageView, enabled: boolean): boolean {
    if (!enabled || !isOpaqueContent(view.content)) {
        return false;
    }
    const text = textOf(view);
    return text !== '' && isCiphertextText(text, view.content);
}
