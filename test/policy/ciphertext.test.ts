import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { claimsEncryptedContent, contentFormat, isCiphertextText, isOpaqueContent, isOpaqueV1, isV1Ciphertext, V1_ALGORITHM, V2_ALGORITHM } from '../../src/policy/ciphertext';
import { b64, b64Text, cipherBytes, v1, v2 } from '../support/ciphertexts';

describe('isV1Ciphertext', () => {
    it('accepts a 12-character key id followed by base64 of at least iv plus one block', () => {
        expect(isV1Ciphertext(v1(32))).toBe(true);
        expect(isV1Ciphertext(v1(80))).toBe(true);
    });

    it.each([
        ['plain words', 'hello there, how are you doing today?'],
        ['too short to hold an iv and a block', v1(16)],
        ['a key id alone', 'abcdef123456'],
        ['bad base64 padding', `abcdef123456${b64(32)}=`],
        ['spaces inside', `abcdef123456${b64(32).slice(0, 8)} ${b64(32).slice(9)}`],
        ['a key id with spaces', `abc def 1234${b64(32)}`],
        ['empty', ''],
        ['a number', 42],
        ['undefined', undefined],
    ])('rejects %s', (_name, value) => {
        expect(isV1Ciphertext(value)).toBe(false);
    });
});

describe('contentFormat', () => {
    it('recognises well-formed v1 and v2 content', () => {
        expect(contentFormat({ algorithm: V1_ALGORITHM, ciphertext: v1() })).toBe('v1');
        expect(contentFormat(v2())).toBe('v2');
        expect(contentFormat(v2({ kid: 'abcdef123456' }))).toBe('v2');
        expect(contentFormat(v2({ iv: b64(16) }))).toBe('v2');
    });

    it.each([
        ['null', null],
        ['a string', v1()],
        ['an array', [v2()]],
        ['an unknown algorithm', v2({ algorithm: 'm.megolm.v1.aes-sha2' })],
        ['v2 without kid', v2({ kid: undefined })],
        ['v2 with an empty kid', v2({ kid: '' })],
        ['v2 with a kid holding spaces', v2({ kid: 'a b' })],
        ['v2 with a free-form kid (words)', v2({ kid: 'meet-me-at-noon' })],
        ['v2 with a kid longer than a UUID', v2({ kid: `${v2().kid}0` })],
        ['v2 with a wrong iv length', v2({ iv: b64(8) })],
        ['v2 with a non-base64 iv', v2({ iv: 'not base64!!' })],
        ['v2 with plaintext as ciphertext', v2({ ciphertext: 'hello world' })],
        ['v2 with a numeric ciphertext', v2({ ciphertext: 12345 })],
        ['v2 with a too short ciphertext', v2({ ciphertext: b64(8) })],
        ['v1 with plaintext', { algorithm: V1_ALGORITHM, ciphertext: 'secret plans for monday' }],
    ])('rejects %s', (_name, value) => {
        expect(contentFormat(value)).toBeUndefined();
    });

    it('claims encryption for any rc algorithm, well-formed or not', () => {
        expect(claimsEncryptedContent(v2({ ciphertext: 'garbage' }))).toBe(true);
        expect(claimsEncryptedContent({ algorithm: V1_ALGORITHM })).toBe(true);
        expect(claimsEncryptedContent({ algorithm: 'other' })).toBe(false);
        expect(claimsEncryptedContent('x')).toBe(false);
    });
});

describe('isCiphertextText', () => {
    it('is true for an opaque v1 string or the very ciphertext of the content, false for words', () => {
        const content = v2();
        expect(isCiphertextText(v1(), content)).toBe(true);
        expect(isCiphertextText(content.ciphertext, content)).toBe(true);
        expect(isCiphertextText('see you at noon', content)).toBe(false);
        expect(isCiphertextText(`abcdef123456${b64Text('0123456789abcdef see you at noon, bring the documents')}`, content)).toBe(false);
    });
});

describe('opacity: base64 of readable text is not ciphertext', () => {
    const text = 'meet me at noon, bring the documents';
    const withIv = (payload: string) => `abcdef123456${Buffer.concat([cipherBytes(16, 'iv'), Buffer.from(payload)]).toString('base64')}`;

    it('accepts random-looking v2 and v1 ciphertext', () => {
        expect(isOpaqueContent(v2())).toBe(true);
        expect(isOpaqueContent({ algorithm: V1_ALGORITHM, ciphertext: v1() })).toBe(true);
        expect(isOpaqueV1(v1())).toBe(true);
    });

    it('refuses text in any script, in v2 content, v1 content and the v1 string, judged after the iv', () => {
        for (const payload of [text, 'встретимся в полдень у входа', '正午に入口で会いましょう、書類を持ってきて', '{"msg":"meet me at noon"}']) {
            expect(isOpaqueContent(v2({ ciphertext: b64Text(payload) }))).toBe(false);
            expect(isOpaqueContent({ algorithm: V1_ALGORITHM, ciphertext: withIv(payload) })).toBe(false);
            expect(isOpaqueV1(withIv(payload))).toBe(false);
        }
        // a readable iv with random ciphertext is still ciphertext: the iv is not judged
        expect(isOpaqueV1(`abcdef123456${Buffer.concat([Buffer.from('0123456789abcdef'), cipherBytes(32)]).toString('base64')}`)).toBe(true);
    });

    it('says nothing opaque about malformed content', () => {
        expect(isOpaqueContent(v2({ ciphertext: 'short' }))).toBe(false);
        expect(isOpaqueContent(null)).toBe(false);
        expect(isOpaqueV1('hello')).toBe(false);
    });
});

describe('properties', () => {
    it('never accepts text with whitespace as v1 ciphertext, and never throws', () => {
        fc.assert(
            fc.property(fc.string({ maxLength: 300 }), (value) => {
                const result = isV1Ciphertext(value);
                if (/\s/.test(value)) {
                    expect(result).toBe(false);
                }
            }),
        );
    });

    it('accepts every v1 string built from a 12-character id and at least 32 bytes', () => {
        fc.assert(
            fc.property(fc.stringMatching(/^[A-Za-z0-9]{12}$/), fc.uint8Array({ minLength: 32, maxLength: 512 }), (keyId, bytes) => {
                expect(isV1Ciphertext(keyId + Buffer.from(bytes).toString('base64'))).toBe(true);
            }),
        );
    });

    it('accepts every v2 content with a 12 or 16 byte iv and at least 16 bytes of ciphertext', () => {
        fc.assert(
            fc.property(fc.uuid(), fc.constantFrom(12, 16), fc.uint8Array({ minLength: 16, maxLength: 512 }), (kid, ivBytes, bytes) => {
                expect(contentFormat({ algorithm: V2_ALGORITHM, kid, iv: b64(ivBytes, 1), ciphertext: Buffer.from(bytes).toString('base64') })).toBe('v2');
            }),
        );
    });

    it('classifies arbitrary objects without throwing', () => {
        fc.assert(
            fc.property(fc.anything(), (value) => {
                expect(['v1', 'v2', undefined]).toContain(contentFormat(value));
                expect(typeof claimsEncryptedContent(value)).toBe('boolean');
            }),
        );
    });
});
