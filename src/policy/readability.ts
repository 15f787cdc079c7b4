/**
 * Whether decoded "ciphertext" is really readable text. AES output (GCM or CBC) cannot be told from random bytes;
 * readable text can: the bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF) and hold no control character other than tab, line feed and carriage return (no C0 control, DEL or C1
 * control). Text in any script passes this test, so base64 of text in any language is caught.
 *
 * How often random bytes pass it: a readable string of n bytes is a sequence of encoded characters of 1 to 4
 * bytes, with w1 = 98 one-byte characters (0x20-0x7E, tab, LF, CR), w2 = 1,888 two-byte ones (U+00A0-U+07FF),
 * w3 = 61,440 three-byte ones (U+0800-U+FFFF without the 2,048 surrogates) and w4 = 1,048,576 four-byte ones; so
 * c(0) = 1, c(n) = w1·c(n-1) + w2·c(n-2) + w3·c(n-3) + w4·c(n-4) strings are readable among 256^n, and
 *     P(16 bytes) = 3.81e-6 (1 in 262,000)     P(26) = 1.78e-9 (1 in 563 million)     P(32) = 1.8e-11
 * (test/policy/readability.test.ts checks these numbers against this very predicate). 16 bytes is the least the
 * app accepts (an AES block; GCM's tag alone is 16 bytes) and only a room key still on AES-CBC with a message of at
 * most 5 characters gives so little; a current client encrypts at least `{"msg":""}`, 26 bytes with the GCM tag. A
 * false refusal costs one re-send, which encrypts with a new iv. Counting control characters as text would make
 * P(16) 25 times larger (9.4e-5), which is why they do not count; no rule that catches every 16-character printable
 * ASCII string can do better than (95/256)^16 = 1.3e-7.
 *
 * The scan reads one byte at a time and stops at the first one that cannot be text: random bytes stop it after two
 * bytes on average, so an allowed message pays almost nothing.
 */

/** How many more continuation bytes the current character needs, and the range the next one must be in. */
interface Utf8State {
    need: number;
    low: number;
    high: number;
}

/** Feeds one byte; false when the bytes so far cannot be the start of readable text. */
function feed(state: Utf8State, byte: number): boolean {
    if (state.need > 0) {
        if (byte < state.low || byte > state.high) {
            return false;
        }
        state.need -= 1;
        state.low = 0x80;
        state.high = 0xbf;
        return true;
    }
    if (byte < 0x80) {
        // printable ASCII, tab, line feed, carriage return
        return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
    }
    state.low = 0x80;
    state.high = 0xbf;
    if (byte === 0xc2) {
        // U+0080-U+009F are the C1 controls
        state.need = 1;
        state.low = 0xa0;
    } else if (byte >= 0xc3 && byte <= 0xdf) {
        state.need = 1;
    } else if (byte === 0xe0) {
        state.need = 2;
        state.low = 0xa0;
    } else if ((byte >= 0xe1 && byte <= 0xec) || byte === 0xee || byte === 0xef) {
        state.need = 2;
    } else if (byte === 0xed) {
        // no surrogates (U+D800-U+DFFF)
        state.need = 2;
        state.high = 0x9f;
    } else if (byte === 0xf0) {
        state.need = 3;
        state.low = 0x90;
    } else if (byte >= 0xf1 && byte <= 0xf3) {
        state.need = 3;
    } else if (byte === 0xf4) {
        state.need = 3;
        state.high = 0x8f;
    } else {
        // a continuation byte out of place, an overlong lead (0xC0, 0xC1) or beyond U+10FFFF
        return false;
    }
    return true;
}

const newState = (): Utf8State => ({ need: 0, low: 0x80, high: 0xbf });

/** Whether the bytes are readable text (see above). Empty input is not: there is nothing to read. */
export function isReadableText(bytes: Uint8Array): boolean {
    const state = newState();
    for (let i = 0; i < bytes.length; i++) {
        if (!feed(state, bytes[i])) {
            return false;
        }
    }
    return bytes.length > 0 && state.need === 0;
}

const BASE64_VALUES = ((): Int8Array => {
    const values = new Int8Array(128).fill(-1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (let i = 0; i < alphabet.length; i++) {
        values[alphabet.charCodeAt(i)] = i;
    }
    return values;
})();

/** The 6 bits a base64 character stands for, or -1. */
function sextet(value: string, index: number): number {
    const code = value.charCodeAt(index);
    return code < 128 ? BASE64_VALUES[code] : -1;
}

/**
 * Whether standard base64 (already checked to be canonical) decodes, after its first `skip` bytes, to readable text.
 * Decodes as it scans and stops at the first byte that cannot be text.
 */
export function isReadableBase64(value: string, skip = 0): boolean {
    const state = newState();
    let position = 0;
    let scanned = 0;
    const take = (byte: number): boolean => {
        position += 1;
        if (position <= skip) {
            return true;
        }
        scanned += 1;
        return feed(state, byte);
    };
    for (let i = 0; i + 3 < value.length; i += 4) {
        const a = sextet(value, i);
        const b = sextet(value, i + 1);
        const c = value[i + 2] === '=' ? -1 : sextet(value, i + 2);
        const d = value[i + 3] === '=' ? -1 : sextet(value, i + 3);
        if (a < 0 || b < 0) {
            return false;
        }
        if (!take(((a << 2) | (b >> 4)) & 0xff)) {
            return false;
        }
        if (c >= 0 && !take(((b << 4) | (c >> 2)) & 0xff)) {
            return false;
        }
        if (c >= 0 && d >= 0 && !take(((c << 6) | d) & 0xff)) {
            return false;
        }
    }
    return scanned > 0 && state.need === 0;
}
