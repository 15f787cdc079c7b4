import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { isReadableBase64, isReadableText } from '../../src/policy/readability';

/** Readable strings of n bytes, by the recurrence in src/policy/readability.ts. */
function readableCount(n: number): bigint {
    const w = [98, 1888, 61440, 1048576].map(BigInt);
    const c: Array<bigint> = [BigInt(1)];
    for (let i = 1; i <= n; i++) {
        c[i] = w.reduce((sum, weight, k) => (i - k - 1 >= 0 ? sum + weight * c[i - k - 1] : sum), BigInt(0));
    }
    return c[n];
}

/** P(n random bytes are readable) as a float. */
const probability = (n: number) => Number((readableCount(n) * BigInt(10) ** BigInt(30)) / BigInt(256) ** BigInt(n)) / 1e30;

/** Control characters other than tab, line feed and carriage return: C0, DEL, C1. */
// eslint-disable-next-line no-control-regex -- the rule under test is about control characters
const CONTROL = new RegExp('[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]', 'g');

/** An independent reading of the rule: Node's strict UTF-8 decoder, then no control but tab, LF, CR. */
function decodesToText(bytes: Uint8Array): boolean {
    try {
        const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
        return text.length > 0 && !new RegExp(CONTROL.source).test(text);
    } catch {
        return false;
    }
}

/** A small seeded generator (mulberry32): the counts below are the same on every run. */
function seeded(seed: number): (bytes: Uint8Array) => Uint8Array {
    let state = seed >>> 0;
    return (bytes) => {
        for (let i = 0; i < bytes.length; i++) {
            state = (state + 0x6d2b79f5) >>> 0;
            let t = state;
            t = Math.imul(t ^ (t >>> 15), t | 1);
            t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
            bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
        }
        return bytes;
    };
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('isReadableText: the numbers stated in its comment are its own', () => {
    it('matches the recurrence exactly for every input of 1, 2 and 3 bytes', () => {
        let one = 0;
        let two = 0;
        let three = 0;
        const buffer1 = new Uint8Array(1);
        const buffer2 = new Uint8Array(2);
        const buffer3 = new Uint8Array(3);
        for (let a = 0; a < 256; a++) {
            buffer1[0] = a;
            one += isReadableText(buffer1) ? 1 : 0;
            buffer2[0] = a;
            buffer3[0] = a;
            for (let b = 0; b < 256; b++) {
                buffer2[1] = b;
                two += isReadableText(buffer2) ? 1 : 0;
                buffer3[1] = b;
                for (let c = 0; c < 256; c++) {
                    buffer3[2] = c;
                    three += isReadableText(buffer3) ? 1 : 0;
                }
            }
        }
        expect([one, two, three]).toEqual([98, 11492, 1372680]);
        expect([readableCount(1), readableCount(2), readableCount(3)].map(Number)).toEqual([98, 11492, 1372680]);
    });

    it('gives random bytes of the minimum length (16) a chance of 3.81e-6 to be refused, 1.78e-9 at 26 bytes', () => {
        expect(probability(16)).toBeGreaterThan(3.8e-6);
        expect(probability(16)).toBeLessThan(3.82e-6);
        expect(probability(26)).toBeGreaterThan(1.77e-9);
        expect(probability(26)).toBeLessThan(1.79e-9);
        expect(probability(32)).toBeLessThan(2e-11);
    });

    it('agrees with a strict UTF-8 decoder and the control-character rule', () => {
        fc.assert(
            fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), (bytes) => {
                expect(isReadableText(bytes)).toBe(decodesToText(bytes));
            }),
            { numRuns: 10000 },
        );
    });
});

describe('random bytes (what AES output looks like) are practically never refused', () => {
    const RUNS = 100_000;

    it(`at the minimum length the app accepts, 16 bytes: at most 5 of ${RUNS} (0.38 expected)`, () => {
        const fill = seeded(0x5eed16);
        let readable = 0;
        for (let i = 0; i < RUNS; i++) {
            const bytes = fill(new Uint8Array(16));
            if (isReadableText(bytes)) {
                readable += 1;
                expect(isReadableBase64(b64(bytes))).toBe(true);
            }
        }
        // Poisson(0.38): more than 5 has a probability of 3e-6, so this is not flaky; the seed makes it exact anyway.
        expect(readable).toBeLessThanOrEqual(5);
    });

    it(`at 26 bytes, the least a current client sends: none of ${RUNS}`, () => {
        const fill = seeded(0x5eed26);
        let readable = 0;
        for (let i = 0; i < RUNS; i++) {
            const bytes = fill(new Uint8Array(26));
            readable += isReadableText(bytes) ? 1 : 0;
        }
        expect(readable).toBe(0);
    });
});

describe('readable text is always caught, whatever its script', () => {
    /** Text without control characters, padded to at least `min` bytes of UTF-8. */
    const arbText = (min: number) =>
        fc
            .string({ unit: fc.oneof(fc.constantFrom('a', 'é', 'ж', '中', '😀', ' ', '\n', '\t'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 60 })
            .map((text) => text.replace(CONTROL, ' '))
            .map((text) => Buffer.from(text.padEnd(min, '.'), 'utf8'));

    it('as bytes and as base64 (v2 ciphertext)', () => {
        fc.assert(
            fc.property(arbText(16), (bytes) => {
                expect(isReadableText(bytes)).toBe(true);
                expect(isReadableBase64(b64(bytes))).toBe(true);
            }),
            { numRuns: 3000 },
        );
        expect(isReadableBase64(Buffer.from('meet me at noon, bring the documents').toString('base64'))).toBe(true);
        expect(isReadableBase64(Buffer.from('встретимся в полдень, 正午に会いましょう').toString('base64'))).toBe(true);
    });

    it('after a random 16-byte iv (v1 ciphertext), which is not judged', () => {
        fc.assert(
            fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), arbText(16), (iv, bytes) => {
                expect(isReadableBase64(b64(Buffer.concat([iv, bytes])), 16)).toBe(true);
            }),
            { numRuns: 3000 },
        );
    });

    it('is never confused by padding, and reads nothing into an empty payload', () => {
        for (const text of ['ab', 'abc', 'abcd', 'abcde']) {
            expect(isReadableBase64(Buffer.from(text).toString('base64'))).toBe(true);
        }
        expect(isReadableText(new Uint8Array())).toBe(false);
        expect(isReadableBase64(Buffer.alloc(16, 0x41).toString('base64'), 16)).toBe(false);
        expect(isReadableBase64(Buffer.from([0xe2, 0x82]).toString('base64'))).toBe(false);
    });
});
