import { isReadableBase64 } from './readability';

/**
 * What Rocket.Chat clients send as ciphertext (client/lib/e2ee, core-typings IMessage):
 * - v2 (current clients): `content: { algorithm: 'rc.v2.aes-sha2', kid, iv, ciphertext }`, iv and
 *   ciphertext base64, iv 12 bytes (AES-GCM) or 16 (rooms still on an AES-CBC key), kid a
 *   UUID or a legacy 12-character id; `msg` is left empty.
 * - v1: `content: { algorithm: 'rc.v1.aes-sha2', ciphertext }`, or (older clients) the same
 *   string in `msg`: a 12-character key id followed by base64 of a 16-byte iv plus ciphertext.
 * Nothing here decrypts or keeps anything: these only say whether a payload has that shape, and
 * (isOpaqueContent, isOpaqueV1) whether what it carries as ciphertext could be ciphertext at all:
 * base64 of readable text is not (see readability.ts).
 */
export const V1_ALGORITHM = 'rc.v1.aes-sha2';
export const V2_ALGORITHM = 'rc.v2.aes-sha2';

const KEY_ID_LENGTH = 12;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const KEY_ID = /^[A-Za-z0-9+/=_-]{12}$/;
/**
 * A v2 `kid`: the room key's id, a UUID (randomUUID in current clients) or the legacy 12-character id (the first
 * 12 characters of a SHA-256 hex digest or of base64). Nothing longer: a free-form kid would carry plaintext.
 */
const KID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9+/=_-]{12})$/i;
/** Anything longer is not a chat message a client produced; refusing to scan it bounds the cost. */
const MAX_CIPHERTEXT_LENGTH = 4 * 1024 * 1024;
const AES_BLOCK = 16;
/** A v1 payload starts with the 16-byte iv, which is random by design and not judged. */
const V1_IV_BYTES = 16;

/** Bytes a valid base64 string decodes to, or -1. */
function base64Bytes(value: string): number {
    if (value.length === 0 || value.length % 4 !== 0 || value.length > MAX_CIPHERTEXT_LENGTH || !BASE64.test(value)) {
        return -1;
    }
    const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
    return (value.length / 4) * 3 - padding;
}

/** `keyId(12) + base64(iv(16) + ciphertext)`: the v1 string, in `content.ciphertext` or in `msg`. */
export function isV1Ciphertext(value: unknown): boolean {
    if (typeof value !== 'string' || value.length <= KEY_ID_LENGTH) {
        return false;
    }
    if (!KEY_ID.test(value.slice(0, KEY_ID_LENGTH))) {
        return false;
    }
    return base64Bytes(value.slice(KEY_ID_LENGTH)) >= 2 * AES_BLOCK;
}

export type ContentFormat = 'v1' | 'v2';

/** The format of a well-formed `content` payload, or undefined for anything else. */
export function contentFormat(content: unknown): ContentFormat | undefined {
    if (typeof content !== 'object' || content === null || Array.isArray(content)) {
        return undefined;
    }
    const { algorithm, ciphertext, kid, iv } = content as Record<string, unknown>;
    if (algorithm === V1_ALGORITHM) {
        return isV1Ciphertext(ciphertext) ? 'v1' : undefined;
    }
    if (algorithm === V2_ALGORITHM) {
        if (typeof kid !== 'string' || !KID.test(kid) || typeof iv !== 'string' || typeof ciphertext !== 'string') {
            return undefined;
        }
        const ivBytes = base64Bytes(iv);
        // AES-GCM output carries a 16-byte tag; AES-CBC output is at least one block.
        return (ivBytes === 12 || ivBytes === 16) && base64Bytes(ciphertext) >= AES_BLOCK ? 'v2' : undefined;
    }
    return undefined;
}

/**
 * Whether the ciphertext a well-formed `content` carries could be ciphertext: its decoded bytes (after the iv for
 * v1) are not readable text. The iv and kid are not judged (an iv of 12 random bytes is readable 1 time in
 * 12,000; the kid's form is checked by contentFormat).
 */
export function isOpaqueContent(content: unknown): boolean {
    const format = contentFormat(content);
    if (format === undefined) {
        return false;
    }
    const { ciphertext } = content as { ciphertext: string };
    return format === 'v2' ? !isReadableBase64(ciphertext) : !isReadableBase64(ciphertext.slice(KEY_ID_LENGTH), V1_IV_BYTES);
}

/** A v1 string whose ciphertext (after the key id and the iv) is not readable text. */
export function isOpaqueV1(value: unknown): boolean {
    return isV1Ciphertext(value) && !isReadableBase64((value as string).slice(KEY_ID_LENGTH), V1_IV_BYTES);
}

/** Whether `content` claims to be a Rocket.Chat ciphertext at all, well-formed or not. */
export function claimsEncryptedContent(content: unknown): boolean {
    if (typeof content !== 'object' || content === null) {
        return false;
    }
    const { algorithm } = content as Record<string, unknown>;
    return algorithm === V1_ALGORITHM || algorithm === V2_ALGORITHM;
}

/** Whether `text` is ciphertext too: an opaque v1 string, or the very ciphertext of `content`. */
export function isCiphertextText(text: string, content: unknown): boolean {
    const ciphertext = typeof content === 'object' && content !== null ? (content as Record<string, unknown>).ciphertext : undefined;
    // the cheap comparison first: a copy of the content's ciphertext needs no second scan
    return (typeof ciphertext === 'string' && ciphertext.length > 0 && text === ciphertext) || isOpaqueV1(text);
}
