import { V2_ALGORITHM } from '../../src/policy/ciphertext';

/** `bytes` bytes of base64. */
export const b64 = (bytes: number, fill = 7) => Buffer.alloc(bytes, fill).toString('base64');

/** What a v1 client writes: a 12-character key id, then base64(iv16 + ciphertext). */
export const v1 = (bytes = 48) => `abcdef123456${b64(bytes)}`;

/** What a current web client writes in `content`. */
export const v2 = (extra: Record<string, unknown> = {}) => ({
    algorithm: V2_ALGORITHM,
    kid: '0b9a7cde-1234-4abc-9def-0123456789ab',
    iv: b64(12),
    ciphertext: b64(40),
    ...extra,
});
