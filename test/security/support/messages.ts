// Generators of the messages clients and integrations can send, for property-based tests: each generated
// message comes with labels saying what it is (plaintext, well-formed v1/v2 ciphertext, malformed claims,
// system message...), so the expected outcome comes from the model of test/oracle/messages.ts over those labels,
// not from the app's detector.
import fc from 'fast-check';

import type { ContentLabel, Labels, TextLabel, TypeLabel } from '../../oracle/messages';
import { isTextBytes, V1, V2 } from '../../oracle/messages';

export interface ModelMessage {
    readonly labels: Labels;
    readonly t?: unknown;
    readonly msg?: unknown;
    readonly content?: unknown;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const KEY_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const arbKeyId = fc.string({ unit: fc.constantFrom(...KEY_ID_CHARS.split('')), minLength: 12, maxLength: 12 });
/** Bytes as AES leaves them: never readable text (random bytes of 16 or more are 1 time in 262,000 at most). */
const arbCipherBytes = (minLength: number, skip = 0) => fc.uint8Array({ minLength, maxLength: 200 }).filter((bytes) => !isTextBytes(bytes.subarray(skip)));
/** What a v1 client writes: 12-character key id + base64(iv16 + ciphertext), at least 32 bytes. */
export const arbV1 = fc.tuple(arbKeyId, arbCipherBytes(32, 16)).map(([id, bytes]) => id + b64(bytes));
export const arbV2Content = fc
    .tuple(fc.oneof(fc.uuid(), arbKeyId), fc.constantFrom(12, 16), arbCipherBytes(16))
    .chain(([kid, ivBytes, bytes]) => fc.uint8Array({ minLength: ivBytes, maxLength: ivBytes }).map((iv) => ({ algorithm: V2, kid, iv: b64(iv), ciphertext: b64(bytes) })));
export const arbV1Content = arbV1.map((ciphertext) => ({ algorithm: V1, ciphertext }));

/** Readable text of at least 16 bytes of UTF-8, in any script, without control characters. */
const arbReadable = fc
    .string({ unit: fc.constantFrom('a', 'Z', ' ', '.', 'é', 'ж', '中', '😀', '\n'), minLength: 16, maxLength: 60 })
    .map((text) => Buffer.from(text, 'utf8'));

/** Claims rc encryption, but is not well-formed (each variant is invalid by construction). */
export const arbBadClaim = fc.oneof(
    arbV2Content.map((c) => ({ ...c, iv: b64(new Uint8Array(8)) })),
    arbV2Content.map((c) => ({ ...c, ciphertext: `${c.ciphertext.slice(0, -1)}!` })),
    arbV2Content.map((c) => ({ ...c, ciphertext: b64(new Uint8Array(8)) })),
    arbV2Content.map((c) => ({ ...c, kid: '' })),
    arbV2Content.map((c) => ({ ...c, kid: 'a b' })),
    arbV2Content.map((c) => ({ algorithm: c.algorithm, ciphertext: c.ciphertext })),
    arbV2Content.map((c) => ({ ...c, ciphertext: 12345 })),
    arbV2Content.map((c) => ({ ...c, ciphertext: `${c.ciphertext.slice(0, 8)} ${c.ciphertext.slice(9)}` })),
    arbV1.map((ciphertext) => ({ algorithm: V1, ciphertext: ciphertext.slice(0, 12) + b64(new Uint8Array(16)) })),
    fc.string({ maxLength: 40 }).map((ciphertext) => ({ algorithm: V1, ciphertext: `hello ${ciphertext}` })),
    fc.constant({ algorithm: V2 }),
    // readable text as "ciphertext": v2, and v1 after a 16-byte iv
    arbReadable.chain((text) => arbV2Content.map((c) => ({ ...c, ciphertext: b64(text) }))),
    fc.tuple(arbKeyId, fc.uint8Array({ minLength: 16, maxLength: 16 }), arbReadable).map(([id, iv, text]) => ({ algorithm: V1, ciphertext: id + b64(Buffer.concat([iv, text])) })),
    // a free-form kid
    arbV2Content.map((c) => ({ ...c, kid: 'meet-me-at-noon-bring-the-documents' })),
);

/** Registered as system types (packages/message-types): clients cannot send them through the sendMessage method. */
const SYSTEM_TYPES = ['uj', 'ul', 'au', 'ru', 'room_e2e_enabled', 'room_e2e_disabled', 'message_pinned_e2e', 'subscription-role-added'];
/** Types Rocket.Chat uses that clients may send all the same (`videoconf` registered as not a system type, the others not registered). */
const UNREGISTERED_TYPES = ['videoconf', 'discussion-created', 'command', 'jitsi_call_started', 'otr', 'user_joined_otr', 'message_snippeted'];

/** Plain words; `marker` makes each distinctive for the leak scan. */
export function arbPlain(marker: () => string): fc.Arbitrary<string> {
    return fc.string({ minLength: 1, maxLength: 60 }).map((s) => `${marker()} ${s}`.trim());
}

export function arbModelMessage(marker: () => string): fc.Arbitrary<ModelMessage> {
    const typeArb = fc.constantFrom<TypeLabel>('none', 'e2e', 'e2e', 'system', 'unregistered', 'made-up');
    const contentArb = fc.constantFrom<ContentLabel>('none', 'null', 'v1', 'v2', 'v2', 'bad-claim', 'foreign', 'not-an-object');
    const textArb = fc.constantFrom<TextLabel>('empty', 'absent', 'not-a-string', 'copy', 'v1', 'plain');
    return fc.tuple(typeArb, contentArb, textArb).chain(([type, content, text]) =>
        fc
            .record({
                t:
                    type === 'none'
                        ? fc.constant(undefined)
                        : type === 'e2e'
                          ? fc.constant('e2e')
                          : type === 'system'
                            ? fc.constantFrom(...SYSTEM_TYPES)
                            : type === 'unregistered'
                              ? fc.constantFrom(...UNREGISTERED_TYPES)
                              : fc.constantFrom('E2E', 'e2e ', 'encrypted', 'x-custom'),
                content:
                    content === 'none'
                        ? fc.constant(undefined)
                        : content === 'null'
                          ? fc.constant(null)
                          : content === 'v1'
                            ? arbV1Content
                            : content === 'v2'
                              ? arbV2Content
                              : content === 'bad-claim'
                                ? arbBadClaim
                                : content === 'foreign'
                                  ? arbV2Content.map((c) => ({ ...c, algorithm: 'm.megolm.v1.aes-sha2' }))
                                  : fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant([]), fc.constant(true)),
                v1: arbV1,
                plain: arbPlain(marker),
                odd: fc.oneof(fc.integer(), fc.constant({ nested: true }), fc.constant(['a', 'b'])),
            })
            .map(({ t, content: c, v1, plain, odd }) => {
                const ciphertext = c && typeof c === 'object' && typeof (c as { ciphertext?: unknown }).ciphertext === 'string' ? (c as { ciphertext: string }).ciphertext : undefined;
                // A copy of the ciphertext is only a copy when there is one; otherwise it is plain words.
                const textLabel: TextLabel = text === 'copy' && !(content === 'v1' || content === 'v2') ? 'plain' : text;
                const msg = { empty: '', absent: undefined, 'not-a-string': odd, copy: ciphertext, v1, plain }[textLabel];
                return { labels: { type, content, text: textLabel }, t, msg, content: c };
            }),
    );
}
