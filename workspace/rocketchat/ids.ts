import { createHash, randomBytes } from 'crypto';

const UNMISTAKABLE = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

// random bytes drawn in blocks: one system call per 4 KiB instead of one per id (seeding makes 100 000s of ids)
let pool: Buffer = Buffer.alloc(0);
let poolAt = 0;

function takeRandomBytes(n: number): Buffer {
    if (poolAt + n > pool.length) {
        pool = randomBytes(Math.max(4096, n));
        poolAt = 0;
    }
    poolAt += n;
    return pool.subarray(poolAt - n, poolAt);
}

/** Meteor's Random.id(): 17 characters from the "unmistakable" alphabet. */
export function randomId(length = 17): string {
    const bytes = takeRandomBytes(length);
    let out = '';
    for (let i = 0; i < length; i++) {
        out += UNMISTAKABLE[bytes[i] % UNMISTAKABLE.length];
    }
    return out;
}

/** Meteor's Random.secret(): 43 characters of base64url-like alphabet. */
export function randomSecret(): string {
    return randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Accounts._hashLoginToken (meteor accounts-base): sha256, base64. */
export function hashLoginToken(token: string): string {
    return createHash('sha256').update(token).digest('base64');
}

/** What a client sends as the password 2FA code (sha256 hex of the password). */
export function passwordDigest(password: string): string {
    return createHash('sha256').update(password).digest('hex');
}

export function nowIso(): string {
    return new Date().toISOString();
}
