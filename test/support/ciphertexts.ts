import { createHash } from 'crypto';

import { V2_ALGORITHM } from '../../src/policy/ciphertext';

/**
 * `count` bytes that look like AES output (a SHA-256 stream of `seed`): random-looking, never readable text, and
 * the same on every call, so a fixture can be compared with itself.
 */
export function cipherBytes(count: number, seed: string | number = 7): Buffer {
    const blocks: Array<Buffer> = [];
    for (let i = 0; blocks.length * 32 < count; i++) {
        blocks.push(createHash('sha256').update(`${seed}:${i}`).digest());
    }
    return Buffer.concat(blocks).subarray(0, count);
}

/** `bytes` random-looking bytes in base64. */
export const b64 = (bytes: number, seed: string | number = 7) => cipherBytes(bytes, seed).toString('base64');

/** What a v1 client writes: a 12-character key id, then base64(iv16 + ciphertext). */
export const v1 = (bytes = 48) => `abcdef123456${b64(bytes)}`;

/** What a current web client writes in `content`. */
export const v2 = (extra: Record<string, unknown> = {}) => ({
    algorithm: V2_ALGORITHM,
    kid: '0b9a7cde-1234-4abc-9def-0123456789ab',
    iv: b64(12, 'iv'),
    ciphertext: b64(40),
    ...extra,
});

/** Base64 of readable text, as a client that only pretends to encrypt would send it as "ciphertext". */
export const b64Text = (text: string) => Buffer.from(text, 'utf8').toString('base64');
