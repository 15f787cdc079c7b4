import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import type { GuardSettings, MessageView } from '../../src/policy/messageGuard';
import { judgeMessage, Refusal, shouldStripSearchableCiphertext, viewOf } from '../../src/policy/messageGuard';
import { user, room } from '../support/fakes';
import { contentFormat, isV1Ciphertext } from '../../src/policy/ciphertext';
import { b64, b64Text, cipherBytes, v1, v2 } from '../support/ciphertexts';

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

/** What Rocket.Chat's VideoConf service sends when a call starts (server/services/video-conference/service.ts). */
const CALL_ID = 'Kw4dTgn5Qbm8ZaRHj';
const videoConfBlock = (extra: Record<string, unknown> = {}) => ({ type: 'video_conf', blockId: CALL_ID, callId: CALL_ID, appId: 'videoconf-core', ...extra });
const videoConf: MessageView = { type: 'videoconf', text: '', blocks: [videoConfBlock()] };

const PLAIN = 'meet me at noon, bring the documents';
/** Readable text posing as ciphertext: v2 content, v1 content, and the v1 string in msg. */
const textAsV2: MessageView = { type: 'e2e', text: '', content: v2({ ciphertext: b64Text(PLAIN) }) };
const textAsV1Content: MessageView = {
    type: 'e2e',
    text: '',
    content: { algorithm: 'rc.v1.aes-sha2', ciphertext: `abcdef123456${Buffer.concat([cipherBytes(16, 'iv'), Buffer.from(PLAIN)]).toString('base64')}` },
};
const textAsV1Msg: MessageView = { type: 'e2e', text: `abcdef123456${b64Text(`${'x'.repeat(16)}${PLAIN}`)}` };

/** The attachment Rocket.Chat builds for an encrypted upload confirmed through rooms.mediaConfirm (sendFileMessage.ts). */
const DIGEST = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'f'.repeat(8);
const FILE_ID = 'gHZq8N4pRtXbYc2Wm';
const uploadAttachment = (extra: Record<string, unknown> = {}) => ({
    title: DIGEST,
    type: 'file',
    format: '',
    title_link: `/file-upload/${FILE_ID}/${DIGEST}`,
    title_link_download: true,
    size: 1234,
    fileId: FILE_ID,
    ...extra,
});
const uploadFile = { _id: FILE_ID, name: DIGEST, type: 'application/octet-stream', size: 1234, format: '', typeGroup: 'application' };
const encryptedUpload = (attachment: Record<string, unknown> = uploadAttachment()): MessageView => ({
    ...encryptedV2,
    attachments: [attachment],
    files: [uploadFile],
    file: uploadFile,
});

const refuse = (reason: Refusal, whileE2EEnabled: boolean) => ({ refuse: true, reason, whileE2EEnabled });
const allow = { refuse: false };

describe('judgeMessage in an encrypted room', () => {
    it('has fixtures of readable text that are well-formed in shape, so only their readability refuses them', () => {
        expect(contentFormat(textAsV2.content)).toBe('v2');
        expect(contentFormat(textAsV1Content.content)).toBe('v1');
        expect(isV1Ciphertext(textAsV1Msg.text)).toBe(true);
        expect(b64(16)).not.toBe(b64(16, 'other'));
    });

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
        // Genuine system messages never reach the guard (saveSystemMessage): these were sent as messages.
        ['a system type sent as a message, empty', pinned, refuse(Refusal.Plaintext, true)],
        ['a system type sent as a message, with text', joined, refuse(Refusal.Plaintext, true)],
        ['a videoconf-typed message with text', { type: 'videoconf', text: 'meet me at noon' }, refuse(Refusal.Plaintext, true)],
        ...['discussion-created', 'command', 'jitsi_call_started', 'otr', 'message_snippeted'].map(
            (type) => [`a ${type} message with text`, { type, text: 'meet me at noon' }, refuse(Refusal.Plaintext, true)] as [string, MessageView, unknown],
        ),
        ['the message Rocket.Chat’s VideoConf sends when a call starts', videoConf, allow],
        ['that message with text', { ...videoConf, text: 'meet me at noon' }, refuse(Refusal.Plaintext, true)],
        ['that message with words in its block', { ...videoConf, blocks: [videoConfBlock({ text: 'meet me at noon' })] }, refuse(Refusal.Plaintext, true)],
        ['that message with words as its call id', { ...videoConf, blocks: [videoConfBlock({ callId: 'meet-me-at-noon', blockId: 'meet-me-at-noon' })] }, refuse(Refusal.Plaintext, true)],
        ['that message with a second block', { ...videoConf, blocks: [videoConfBlock(), { type: 'section', text: { type: 'plain_text', text: PLAIN } }] }, refuse(Refusal.Plaintext, true)],
        ['that message with an attachment', { ...videoConf, attachments: [{ text: PLAIN }] }, refuse(Refusal.Plaintext, true)],
        ['that message carrying content too', { ...videoConf, content: v2() }, refuse(Refusal.MalformedCiphertext, true)],
        ['base64 of text as v2 ciphertext', textAsV2, refuse(Refusal.MalformedCiphertext, true)],
        ['base64 of text after an iv, as v1 content', textAsV1Content, refuse(Refusal.MalformedCiphertext, true)],
        ['base64 of text as the v1 string in msg', textAsV1Msg, refuse(Refusal.MalformedCiphertext, true)],
        ['base64 of text in msg beside valid content', { ...encryptedV2, text: textAsV1Msg.text }, refuse(Refusal.MalformedCiphertext, true)],
        ['a free-form kid that carries words', { ...encryptedV2, content: v2({ kid: 'meet-me-at-noon' }) }, refuse(Refusal.MalformedCiphertext, true)],
        ['an encrypted upload with the attachment Rocket.Chat builds', encryptedUpload(), allow],
        ['an encrypted upload, as the app converters hand the attachment over', encryptedUpload({
            title: { value: DIGEST, link: `/file-upload/${FILE_ID}/${DIGEST}`, displayDownloadLink: true },
            type: 'file',
            _unmappedProperties_: { format: '', size: 1234, fileId: FILE_ID },
        }), allow],
        ['an encrypted upload with a v1 description (React Native)', encryptedUpload(uploadAttachment({ description: v1() })), allow],
        ['an encrypted upload with a v2 description (React Native)', encryptedUpload(uploadAttachment({ description: JSON.stringify({ kid: v2().kid, iv: v2().iv, ciphertext: v2().ciphertext }) })), allow],
        ['an upload named in words', encryptedUpload(uploadAttachment({ title: 'meet me at noon.pdf', title_link: `/file-upload/${FILE_ID}/meet%20me%20at%20noon.pdf` })), refuse(Refusal.MalformedCiphertext, true)],
        ['an upload with a description in words', encryptedUpload(uploadAttachment({ description: PLAIN })), refuse(Refusal.MalformedCiphertext, true)],
        ['an upload whose description is base64 of text', encryptedUpload(uploadAttachment({ description: JSON.stringify({ kid: v2().kid, iv: v2().iv, ciphertext: b64Text(PLAIN) }) })), refuse(Refusal.MalformedCiphertext, true)],
        ['an upload with its file key in clear', encryptedUpload(uploadAttachment({ encryption: { key: { k: 'secret' }, iv: v2().iv } })), refuse(Refusal.MalformedCiphertext, true)],
        ['an upload with its hash in clear', encryptedUpload(uploadAttachment({ hashes: { sha256: DIGEST } })), refuse(Refusal.MalformedCiphertext, true)],
        ['an upload with an image preview', encryptedUpload(uploadAttachment({ image_preview: 'iVBORw0KGgo=' })), refuse(Refusal.MalformedCiphertext, true)],
        ['a file named in words', { ...encryptedUpload(), files: [{ ...uploadFile, name: 'meet me at noon.pdf' }] }, refuse(Refusal.MalformedCiphertext, true)],
        ['ciphertext with a text attachment beside it', { ...encryptedV2, attachments: [{ text: PLAIN }] }, refuse(Refusal.MalformedCiphertext, true)],
        ['ciphertext with a titled attachment beside it', { ...encryptedV2, attachments: [{ title: { value: PLAIN } }] }, refuse(Refusal.MalformedCiphertext, true)],
        ['ciphertext with attachment fields beside it', { ...encryptedV2, attachments: [{ fields: [{ title: 'when', value: 'noon' }] }] }, refuse(Refusal.MalformedCiphertext, true)],
        ['ciphertext with blocks beside it', { ...encryptedV2, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: PLAIN } }] }, refuse(Refusal.MalformedCiphertext, true)],
        ['ciphertext with an attachment that hides a field as __proto__', { ...encryptedV2, attachments: [JSON.parse(`{"type":"file","title":"${DIGEST}","__proto__":{"text":"${PLAIN}"}}`)] }, refuse(Refusal.MalformedCiphertext, true)],
        ['ciphertext with empty attachments and blocks', { ...encryptedV2, attachments: [], blocks: [] }, allow],
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
        ['content behind another type', { type: 'videoconf', text: '', content: v2() }, refuse(Refusal.MisplacedCiphertext, false)],
        ['a system type sent as a message', pinned, allow],
        ['the VideoConf message', videoConf, allow],
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

    it('reads attachments, blocks and the file as mapped, and files from the unmapped properties', () => {
        const message = { room: room('r', 'p'), sender: user('u'), type: 'e2e', attachments: [{ type: 'file' }], blocks: [], file: { _id: 'f' }, _unmappedProperties_: { files: [{ _id: 'f' }] } };
        expect(viewOf(message as never)).toMatchObject({ attachments: [{ type: 'file' }], blocks: [], file: { _id: 'f' }, files: [{ _id: 'f' }] });
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
