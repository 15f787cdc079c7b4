// What happens to a message, written from Rocket.Chat's files and the app's guard rules, without the app's code:
// the model the message tests (the guard table, the property tests, bad input, load) compare the app with.
//
// A message is described by labels saying what it is (its type, its content, its text), so the expected outcome
// follows from what a test built, not from a detector. Rocket.Chat's rules:
// - Encrypted content (apps/meteor/client/lib/e2ee/rocketchat.e2e.room.ts): `t: 'e2e'` with `content`
//   `{ algorithm: 'rc.v2.aes-sha2', kid, iv, ciphertext }` (current clients, `msg: ''`), or older clients'
//   `rc.v1.aes-sha2`: a 12-character key id followed by base64(16-byte iv + ciphertext), in `content.ciphertext`
//   or in `msg` itself.
// - The sendMessage method (apps/meteor/app/lib/server/methods/sendMessage.ts) and REST chat.sendMessage
//   (apps/meteor/app/api/server/v1/chat.ts) refuse a message typed as a system message ("Cannot send system
//   messages using 'sendMessage'"): a type registered with `system: true` in packages/message-types. `videoconf`
//   is registered as not a system type, and an unregistered type (`discussion-created`, `command`, OTR, a made-up
//   one) is none either. executeSendMessage, behind them and behind messages sent by apps, refuses a message whose
//   `t` is not 'e2e' in an encrypted room while E2E_Enable is on
//   and E2E_Allow_Unencrypted_Messages off. Only `t` is checked.
// - chat.postMessage and incoming webhooks (apps/meteor/app/lib/server/functions/processWebhookMessage.ts) keep
//   only text-like fields (the text trimmed, no `t`, no `content`) and skip executeSendMessage.
// The app's guard rules (settings block_plaintext, block_misplaced_ciphertext, strip_searchable_ciphertext):
// - in an encrypted room, while E2E_Enable is on and block_plaintext too, only well-formed ciphertext with nothing
//   readable beside it passes, whatever the message's type (Rocket.Chat's genuine system messages never reach an
//   app's pre-send listener: Message.saveSystemMessage inserts them directly); well-formed means a v2 `kid` that is
//   a UUID or a 12-character id, and ciphertext whose bytes (after the iv, for v1) are not readable text (strict
//   UTF-8 without control characters other than tab, LF, CR); a message that claims encryption without being
//   well-formed is malformed, anything else plaintext;
// - in an unencrypted room, with block_misplaced_ciphertext on, a message that claims encryption is refused
//   (whatever E2E_Enable says: ciphertext nobody can read is useless there);
// - with strip_searchable_ciphertext on, a copy of well-formed ciphertext in `msg` is dropped before saving
//   (Rocket.Chat indexes `msg` for search).

export const V1 = 'rc.v1.aes-sha2';
export const V2 = 'rc.v2.aes-sha2';

/** 'system': registered as a system type; 'unregistered': a type Rocket.Chat itself uses but lets clients send; 'made-up': anything else. */
export type TypeLabel = 'none' | 'e2e' | 'system' | 'unregistered' | 'made-up';
export type ContentLabel = 'none' | 'null' | 'v1' | 'v2' | 'bad-claim' | 'foreign' | 'not-an-object';
export type TextLabel = 'empty' | 'absent' | 'not-a-string' | 'copy' | 'v1' | 'plain';

export interface Labels {
    readonly type: TypeLabel;
    readonly content: ContentLabel;
    readonly text: TextLabel;
}

/**
 * How a message reaches Rocket.Chat: REST chat.sendMessage, the DDP sendMessage method (the same checks; it swallows
 * refusals other than error-not-allowed), executeSendMessage (apps), chat.postMessage, a webhook.
 */
export type Path = 'sendMessage' | 'ddp' | 'executeSendMessage' | 'postMessage' | 'webhook';

export interface GuardSettings {
    readonly blockPlaintext: boolean;
    readonly blockMisplacedCiphertext: boolean;
    /** E2E_Enable (default on) */
    readonly e2eEnable?: boolean;
}

export type Verdict = 'allow' | 'plaintext' | 'malformed-ciphertext' | 'misplaced-ciphertext';

/** What the app's guard receives from a path: chat.postMessage and webhooks keep only the trimmed text. */
export function arrivingLabels(labels: Labels, text: unknown, path: Path): Labels {
    if (path === 'postMessage' || path === 'webhook') {
        const trimmed = typeof text === 'string' ? text.trim() : '';
        return { type: 'none', content: 'none', text: trimmed === '' ? 'empty' : 'plain' };
    }
    return labels;
}

/** Whether the message presents itself as encrypted (type 'e2e', or rc.v1/rc.v2 content). */
export function claimsEncryption(labels: Labels): boolean {
    return labels.type === 'e2e' || labels.content === 'v1' || labels.content === 'v2' || labels.content === 'bad-claim';
}

/** Whether Rocket.Chat refuses the message itself, before any app sees it (labels as they arrive). */
export function rocketChatRefuses(labels: Labels, path: Path, roomEncrypted: boolean, o: { e2eEnable?: boolean; allowUnencrypted?: boolean } = {}): boolean {
    const viaClient = path === 'sendMessage' || path === 'ddp';
    if (viaClient && labels.type === 'system') {
        return true;
    }
    const executes = viaClient || path === 'executeSendMessage';
    return executes && roomEncrypted && (o.e2eEnable ?? true) && !o.allowUnencrypted && labels.type !== 'e2e';
}

/** The app's guard over the labels (as they arrive). */
export function expectedVerdict(labels: Labels, roomEncrypted: boolean, settings: GuardSettings): Verdict {
    const claims = claimsEncryption(labels);
    if (!roomEncrypted) {
        return settings.blockMisplacedCiphertext && claims ? 'misplaced-ciphertext' : 'allow';
    }
    if (!settings.blockPlaintext || settings.e2eEnable === false) {
        return 'allow';
    }
    const noReadableText = labels.text === 'empty' || labels.text === 'absent' || labels.text === 'not-a-string' || labels.text === 'copy' || labels.text === 'v1';
    const wellFormed =
        labels.type === 'e2e' &&
        (((labels.content === 'v1' || labels.content === 'v2') && noReadableText) || ((labels.content === 'none' || labels.content === 'null') && labels.text === 'v1'));
    if (wellFormed) {
        return 'allow';
    }
    return claims ? 'malformed-ciphertext' : 'plaintext';
}

/** Whether the searchable copy of the ciphertext is dropped (content well-formed, msg a ciphertext). */
export function expectedStrip(labels: Labels, enabled: boolean): boolean {
    return enabled && (labels.content === 'v1' || labels.content === 'v2') && (labels.text === 'copy' || labels.text === 'v1');
}

const REFUSAL_KEYS = {
    plaintext: { message: 'refused_plaintext', edit: 'refused_edit_plaintext' },
    'malformed-ciphertext': { message: 'refused_malformed', edit: 'refused_edit_malformed' },
    'misplaced-ciphertext': { message: 'refused_misplaced', edit: 'refused_edit_misplaced' },
} as const;

/** The text (an i18n key) that tells the sender why a message was refused. */
export const refusalKey = (verdict: Exclude<Verdict, 'allow'>) => REFUSAL_KEYS[verdict].message;

/** The text (an i18n key) that tells the sender why an edit was refused ("Your edit was not saved"). */
export const editRefusalKey = (verdict: Exclude<Verdict, 'allow'>) => REFUSAL_KEYS[verdict].edit;

// ------------------------------------------------------------------------------------------ stored messages
// The same rules over a message as stored, for tests that send values no label describes.

/** The byte length of standard, canonical base64, or -1 (an independent check, with Buffer). */
function base64Bytes(value: unknown): number {
    if (typeof value !== 'string' || value.length === 0 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
        return -1;
    }
    const bytes = Buffer.from(value, 'base64');
    return bytes.toString('base64') === value ? bytes.length : -1;
}

/** Control characters other than tab, line feed and carriage return (C0, DEL, C1). */
// eslint-disable-next-line no-control-regex -- the rule is about control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Whether bytes are readable text: a strict UTF-8 decoder accepts them, and they hold no control character but tab, LF, CR. */
export function isTextBytes(bytes: Uint8Array): boolean {
    try {
        const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
        return text.length > 0 && !CONTROL.test(text);
    } catch {
        return false;
    }
}

/** Base64 whose bytes after the first `skip` are readable text. */
const isTextBase64 = (value: string, skip = 0) => isTextBytes(Buffer.from(value, 'base64').subarray(skip));

/** A v1 ciphertext string: a 12-character key id, then base64 of at least 32 bytes (16-byte iv + a block) that are not text after the iv. */
export const isV1String = (value: unknown): boolean =>
    typeof value === 'string' && /^[A-Za-z0-9+/=_-]{12}/.test(value) && base64Bytes(value.slice(12)) >= 32 && !isTextBase64(value.slice(12), 16);

const KID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[\w+/=-]{12})$/i;

export function isWellFormedContent(content: unknown): boolean {
    if (!content || typeof content !== 'object') {
        return false;
    }
    const c = content as Record<string, unknown>;
    if (c.algorithm === V1) {
        return isV1String(c.ciphertext);
    }
    return (
        c.algorithm === V2 &&
        typeof c.kid === 'string' &&
        KID.test(c.kid) &&
        [12, 16].includes(base64Bytes(c.iv)) &&
        base64Bytes(c.ciphertext) >= 16 &&
        !isTextBase64(c.ciphertext as string)
    );
}

/** What may be stored in an encrypted room: ciphertext and nothing readable beside it. */
export function isEncryptedAsStored(m: { t?: string; msg?: unknown; content?: unknown }): boolean {
    const text = typeof m.msg === 'string' ? m.msg : '';
    if (m.t !== 'e2e') {
        return false;
    }
    if (m.content !== undefined && m.content !== null) {
        return isWellFormedContent(m.content) && (text === '' || text === (m.content as { ciphertext?: unknown }).ciphertext || isV1String(text));
    }
    return isV1String(text);
}

/** Whether a stored message presents itself as encrypted. */
export const storedClaimsEncryption = (m: { t?: string; content?: unknown }): boolean =>
    m.t === 'e2e' || [V1, V2].includes((m.content as { algorithm?: string } | undefined)?.algorithm ?? '');
