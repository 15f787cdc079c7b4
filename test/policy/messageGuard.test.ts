import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import type { GuardSettings, MessageView } from '../../src/policy/messageGuard';
import { judgeMessage, Refusal, shouldStripSearchableCiphertext, viewOf } from '../../src/policy/messageGuard';
import { user, room } from '../support/fakes';
import { v1, v2 } from '../support/ciphertexts';

const on: GuardSettings = { blockPlaintext: true, blockMisplacedCiphertext: true };
const off: GuardSettings = { blockPlaintext: false, blockMisplacedCiphertext: false };

const plaintext: MessageView = { text: 'meet me at noon' };
const encryptedV2: MessageView = { type: 'e2e', text: '', content: v2() };
const encryptedV2NoText: MessageView = { type: 'e2e', content: v2() };
const encryptedV1Content: MessageView = { type: 'e2e', text: '', content: { algorithm: 'rc.v1.aes-sha2', ciphertext: v1() } };
const legacyV1Text: MessageView = { type: 'e2e', text: v1() };
const bothCopies: MessageView = { type: 'e2e', text: v2().ciphertext, content: v2() };
const leakBeside: MessageView = { type: 'e2e', text: 'meet me at noon', content: v2() };
const typedNoPayload: MessageView = { type: 'e2e', text: 'meet me at noon' };
const typedGarbage: MessageView = { type: 'e2e', text: '', content: { algorithm: 'rc.v2.aes-sha2', kid: 'k', iv: '??', ciphertext: 'x' } };
const untypedContent: MessageView = { text: '', content: v2() };
const pinned: MessageView = { type: 'message_pinned_e2e', text: '' };
const joined: MessageView = { type: 'uj', text: 'alice' };
const madeUpType: MessageView = { type: 'not-a-system-type', text: 'meet me at noon' };

const refuse = (reason: Refusal, whileE2EEnabled: boolean) => ({ refuse: true, reason, whileE2EEnabled });
const allow = { refuse: false };

describe('judgeMessage in an encrypted room', () => {
    it.each([
        ['v2 ciphertext', encryptedV2, allow],
        ['v2 ciphertext with no msg at all', encryptedV2NoText, allow],
        ['v1 content', encryptedV1Content, allow],
        ['a legacy v1 string in msg', legacyV1Text, allow],
        ['ciphertext in both content and msg', bothCopies, allow],
        ['plaintext', plaintext, refuse(Refusal.Plaintext, true)],
        ['plaintext beside valid content', leakBeside, refuse(Refusal.MalformedCiphertext, true)],
        ['e2e type with plaintext and no content', typedNoPayload, refuse(Refusal.MalformedCiphertext, true)],
        ['e2e type with garbage content', typedGarbage, refuse(Refusal.MalformedCiphertext, true)],
        ['valid content without the e2e type', untypedContent, refuse(Refusal.MalformedCiphertext, true)],
        ['an unknown message type (not a system message)', madeUpType, refuse(Refusal.Plaintext, true)],
        ['a pinned encrypted message (system)', pinned, allow],
        ['a join (system)', joined, allow],
    ])('%s', (_name, view, expected) => {
        expect(judgeMessage(view, true, on)).toEqual(expected);
    });

    it('lets everything through with block_plaintext off', () => {
        for (const view of [plaintext, leakBeside, typedGarbage, madeUpType]) {
            expect(judgeMessage(view, true, off)).toEqual(allow);
        }
    });
});

describe('judgeMessage in an unencrypted room', () => {
    it.each([
        ['plaintext', plaintext, allow],
        ['a made-up type', madeUpType, allow],
        ['v2 ciphertext', encryptedV2, refuse(Refusal.MisplacedCiphertext, false)],
        ['a legacy v1 message', legacyV1Text, refuse(Refusal.MisplacedCiphertext, false)],
        ['garbage claiming e2e', typedGarbage, refuse(Refusal.MisplacedCiphertext, false)],
        ['content without the type', untypedContent, refuse(Refusal.MisplacedCiphertext, false)],
        ['a system message', pinned, allow],
    ])('%s', (_name, view, expected) => {
        expect(judgeMessage(view, false, on)).toEqual(expected);
    });

    it('lets ciphertext through with block_misplaced_ciphertext off', () => {
        expect(judgeMessage(encryptedV2, false, off)).toEqual(allow);
    });

    it('never refuses text that only looks like base64 in an unencrypted room', () => {
        expect(judgeMessage({ text: v1() }, false, on)).toEqual(allow);
    });
});

describe('shouldStripSearchableCiphertext', () => {
    it('strips a ciphertext copy in msg only when content can still be decrypted', () => {
        expect(shouldStripSearchableCiphertext(bothCopies, true)).toBe(true);
        expect(shouldStripSearchableCiphertext({ type: 'e2e', text: v1(), content: v2() }, true)).toBe(true);
        expect(shouldStripSearchableCiphertext({ text: v1(), content: { algorithm: 'rc.v1.aes-sha2', ciphertext: v1() } }, true)).toBe(true);
    });

    it('leaves legacy messages, empty msg, plaintext and broken content alone', () => {
        expect(shouldStripSearchableCiphertext(legacyV1Text, true)).toBe(false);
        expect(shouldStripSearchableCiphertext(encryptedV2, true)).toBe(false);
        expect(shouldStripSearchableCiphertext(leakBeside, true)).toBe(false);
        expect(shouldStripSearchableCiphertext({ type: 'e2e', text: v1(), content: { algorithm: 'rc.v2.aes-sha2' } }, true)).toBe(false);
        expect(shouldStripSearchableCiphertext(bothCopies, false)).toBe(false);
    });
});

describe('viewOf', () => {
    it('reads content from the unmapped properties, as the converters pass it', () => {
        const message = { room: room('r', 'p'), sender: user('u'), text: '', type: 'e2e', _unmappedProperties_: { content: v2(), e2e: 'pending' } };
        expect(viewOf(message as never)).toEqual({ type: 'e2e', text: '', content: v2() });
        expect(viewOf({ room: room('r', 'p'), sender: user('u'), text: 'x' } as never)).toEqual({ type: undefined, text: 'x', content: undefined });
    });
});

describe('properties of the guard', () => {
    const views = fc.record(
        {
            type: fc.oneof(fc.constant(undefined), fc.constant('e2e'), fc.constant('uj'), fc.string({ maxLength: 12 })),
            text: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 80 }), fc.constant(v1())),
            content: fc.oneof(fc.constant(undefined), fc.constant(v2()), fc.anything()),
        },
        { requiredKeys: [] },
    );

    it('never throws and never refuses anything when both guards are off', () => {
        fc.assert(
            fc.property(views, fc.boolean(), (view, encrypted) => {
                expect(judgeMessage(view, encrypted, off)).toEqual(allow);
            }),
        );
    });

    it('never lets words without ciphertext into an encrypted room', () => {
        fc.assert(
            fc.property(fc.string({ minLength: 1, maxLength: 80 }).filter((s) => /\s/.test(s)), fc.constantFrom(undefined, 'e2e'), (words, type) => {
                expect(judgeMessage({ type, text: words }, true, on).refuse).toBe(true);
            }),
        );
    });
});
