// Generators of the messages clients and integrations can send, for property-based tests: each generated
// message comes with labels saying what it is (plaintext, well-formed v1/v2 ciphertext, malformed claims,
// system message...), so the expected outcome comes from the model of test/oracle/messages.ts over those labels,
// not from the app's detector.
import fc from 'fast-check';

import type { ContentLabel, Labels, TextLabel, TypeLabel } from '../../oracle/messages';
import { V1, V2 } from '../../oracle/messages';

export interface ModelMessage {
    readonly labels: Labels;
    readonly t?: unknown;
    readonly msg?: unknown;
    readonly content?: unknown;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const KEY_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const arbKeyId = fc.string({ unit: fc.constantFrom(...KEY_ID_CHARS.split('')), minLength: 12, maxLength: 12 });
/** What a v1 client writes: 12-character key id + base64(iv16 + ciphertext), at least 32 bytes. */
export const arbV1 = fc.tuple(arbKeyId, fc.uint8Array({ minLength: 32, maxLength: 200 })).map(([id, bytes]) => id + b64(bytes));
export const arbV2Content = fc
    .tuple(fc.oneof(fc.uuid(), arbKeyId), fc.constantFrom(12, 16), fc.uint8Array({ minLength: 16, maxLength: 200 }))
    .chain(([kid, ivBytes, bytes]) => fc.uint8Array({ minLength: ivBytes, maxLength: ivBytes }).map((iv) => ({ algorithm: V2, kid, iv: b64(iv), ciphertext: b64(bytes) })));
export const arbV1Content = arbV1.map((ciphertext) => ({ algorithm: V1, ciphertext }));

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
);

const SYSTEM_TYPES = ['uj', 'ul', 'au', 'ru', 'room_e2e_enabled', 'room_e2e_disabled', 'message_pinned_e2e', 'discussion-created', 'subscription-role-added'];

/** Plain words; `marker` makes each distinctive for the leak scan. */
export function arbPlain(marker: () => string): fc.Arbitrary<string> {
    return fc.string({ minLength: 1, maxLength: 60 }).map((s) => `${marker()} ${s}`.trim());
}

export function arbModelMessage(marker: () => string): fc.Arbitrary<ModelMessage> {
    const typeArb = fc.constantFrom<TypeLabel>('none', 'e2e', 'e2e', 'system', 'made-up');
    const contentArb = fc.constantFrom<ContentLabel>('none', 'null', 'v1', 'v2', 'v2', 'bad-claim', 'foreign', 'not-an-object');
    const textArb = fc.constantFrom<TextLabel>('empty', 'absent', 'not-a-string', 'copy', 'v1', 'plain');
    return fc.tuple(typeArb, contentArb, textArb).chain(([type, content, text]) =>
        fc
            .record({
                t: type === 'none' ? fc.constant(undefined) : type === 'e2e' ? fc.constant('e2e') : type === 'system' ? fc.constantFrom(...SYSTEM_TYPES) : fc.constantFrom('E2E', 'e2e ', 'encrypted', 'x-custom'),
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
