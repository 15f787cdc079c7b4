// The message guards in the real runtime: every kind of payload on every message path (chat.sendMessage and the
// DDP method with Rocket.Chat's own check, chat.postMessage and webhooks without it) and on edits, in encrypted and unencrypted
// rooms, with E2E_Enable on and off and each guard setting; stripping of searchable ciphertext; system messages.
import { createHash } from 'crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { randomId } from '../../workspace/rocketchat/ids';
import type { OutgoingMessage, RcRoom, RcUser, SendPath } from '../../workspace/Workspace';
import { buildCast } from '../harness/cast';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditRecords, flushRefusals, forceEncrypted, label, refusalCount, START_TIMEOUT, startHarness, waitFor, withoutTime } from '../harness/workspace';
import type { Labels, Verdict } from '../oracle/messages';
import { arrivingLabels, editRefusalKey, expectedVerdict, refusalKey, rocketChatRefuses } from '../oracle/messages';
import { b64Text, cipherBytes, v1, v2 } from '../support/ciphertexts';

let h: Harness;
/** the owner of both rooms */
let alice: RcUser;
/** a member of both rooms who reads German */
let bob: RcUser;
let enc: RcRoom;
let plain: RcRoom;

beforeAll(async () => {
    h = await startHarness();
    const cast = await buildCast(h.ws);
    alice = cast.people.owner;
    enc = cast.rooms.private;
    plain = cast.rooms['private-team'];
    forceEncrypted(h.ws, enc, true);
    bob = h.ws.createUser({ username: 'member-de', language: 'de' });
    await h.ws.addMember(enc, bob, alice);
    await h.ws.addMember(plain, bob, alice);
    await h.ws.settle();
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

interface Payload {
    make(): OutgoingMessage;
    /** what the message is, for the model (test/oracle/messages.ts) */
    labels: Labels;
}

const ciphertextCopy = (): OutgoingMessage => {
    const content = v2();
    return { msg: content.ciphertext, t: 'e2e', e2e: 'pending', content };
};

const PAYLOADS: Record<string, Payload> = {
    plaintext: { make: () => ({ msg: 'hello there' }), labels: { type: 'none', content: 'none', text: 'plain' } },
    'v2 ciphertext': { make: () => ({ msg: '', t: 'e2e', e2e: 'pending', content: v2() }), labels: { type: 'e2e', content: 'v2', text: 'empty' } },
    'v2 with its ciphertext copied into msg': { make: ciphertextCopy, labels: { type: 'e2e', content: 'v2', text: 'copy' } },
    'v1 ciphertext in msg (older clients)': { make: () => ({ msg: v1(), t: 'e2e' }), labels: { type: 'e2e', content: 'none', text: 'v1' } },
    'v2 with plaintext beside it': { make: () => ({ msg: 'readable', t: 'e2e', e2e: 'pending', content: v2() }), labels: { type: 'e2e', content: 'v2', text: 'plain' } },
    'v2 with a malformed iv': { make: () => ({ msg: '', t: 'e2e', e2e: 'pending', content: v2({ iv: 'not base64!' }) }), labels: { type: 'e2e', content: 'bad-claim', text: 'empty' } },
    "plaintext typed 'e2e'": { make: () => ({ msg: 'hello there', t: 'e2e' }), labels: { type: 'e2e', content: 'none', text: 'plain' } },
    "v2 content without type 'e2e'": { make: () => ({ msg: '', content: v2() }), labels: { type: 'none', content: 'v2', text: 'empty' } },
};

type Outcome = 'stored' | 'rocketchat-refused' | 'refused_plaintext' | 'refused_malformed' | 'refused_misplaced';

interface Conditions {
    e2eEnable: boolean;
    blockPlaintext: boolean;
    blockMisplaced: boolean;
    allowUnencrypted?: boolean;
}

/** The model's outcome for a payload sent on a path into a room under the conditions. */
function expectedOutcome(payload: Payload, path: SendPath, encrypted: boolean, c: Conditions): Outcome {
    const message = payload.make();
    const labels = arrivingLabels(payload.labels, message.msg, path);
    if (rocketChatRefuses(labels, path, encrypted, c)) {
        return 'rocketchat-refused';
    }
    const verdict = expectedVerdict(labels, encrypted, { blockPlaintext: c.blockPlaintext, blockMisplacedCiphertext: c.blockMisplaced, e2eEnable: c.e2eEnable });
    return verdict === 'allow' ? 'stored' : refusalKey(verdict);
}

const REASON: Record<string, Exclude<Verdict, 'allow'>> = {
    refused_plaintext: 'plaintext',
    refused_malformed: 'malformed-ciphertext',
    refused_misplaced: 'misplaced-ciphertext',
};

async function applyConditions(c: Conditions): Promise<void> {
    const { ws } = h;
    ws.setServerSetting('E2E_Enable', c.e2eEnable);
    ws.setServerSetting('E2E_Allow_Unencrypted_Messages', c.allowUnencrypted ?? false);
    if (ws.getAppSetting('block_plaintext') !== c.blockPlaintext) {
        await ws.setAppSetting('block_plaintext', c.blockPlaintext);
    }
    if (ws.getAppSetting('block_misplaced_ciphertext') !== c.blockMisplaced) {
        await ws.setAppSetting('block_misplaced_ciphertext', c.blockMisplaced);
    }
}

/** Sends and checks everything that follows: stored or not, what the sender was told, the audit record. */
async function sendAndCheck(sender: RcUser, payloadName: string, path: SendPath, room: RcRoom, c: Conditions, lang: 'en' | 'de' = 'en'): Promise<void> {
    const { ws } = h;
    const payload = PAYLOADS[payloadName];
    const expected = expectedOutcome(payload, path, room === enc, c);
    const message = payload.make();
    const storedBefore = ws.messages(room).length;
    const toldBefore = ws.notificationsFor(sender).length;
    await flushRefusals(h, room);
    const auditBefore = auditRecords(ws).length;

    const sending = ws.sendMessage(sender, room, { ...message, ...(path === 'webhook' && { integrationId: 'hook-1' }) }, { path });
    const told = () => ws.notificationsFor(sender).slice(toldBefore).map((n) => n.text);
    if (expected === 'stored') {
        const stored = await sending;
        expect(stored).toBeDefined();
        expect(ws.messages(room)).toHaveLength(storedBefore + 1);
        expect(told()).toEqual([]);
    } else if (expected === 'rocketchat-refused') {
        await expect(sending).rejects.toThrow(new Error('Not allowed to send un-encrypted messages in an encrypted room [error-not-allowed]'));
        expect(ws.messages(room)).toHaveLength(storedBefore);
        expect(told()).toEqual(['error-not-allowed']);
    } else {
        const text = say(expected, {}, lang);
        const key = { action: 'message-refused', actorId: sender._id, roomId: room._id, reason: REASON[expected] };
        const counted = refusalCount(ws, key);
        if (path === 'ddp') {
            // the DDP method swallows the app's refusal: the sender learns it only from the ephemeral message
            expect(await sending).toBeUndefined();
        } else {
            await expect(sending).rejects.toThrow(new Error(text));
        }
        expect(ws.messages(room)).toHaveLength(storedBefore);
        // executeSendMessage tells the sender; REST callers (postMessage, webhooks) get the error as the answer
        expect(told()).toEqual(path === 'sendMessage' || path === 'ddp' ? [text] : []);
        // counted once: at once as the first record of its window, or when the app writes out its counts
        await flushRefusals(h, room);
        await waitFor(() => refusalCount(ws, key) === counted + 1, 'the refusal to be counted');
        const records = auditRecords(ws).slice(auditBefore);
        expect(records.length).toBeGreaterThan(0);
        expect(withoutTime(records).map(({ count: _count, ...r }) => r)).toEqual(
            records.map(() => ({ ...key, outcome: 'refused', actorUsername: sender.username, roomName: label(ws, room) })),
        );
        return;
    }
    await h.ws.settle();
    expect(auditRecords(ws)).toHaveLength(auditBefore);
}

const CONDITIONS: Array<[string, Conditions]> = [];
for (const e2eEnable of [true, false]) {
    for (const blockPlaintext of [true, false]) {
        for (const blockMisplaced of [true, false]) {
            CONDITIONS.push([`E2E_Enable ${e2eEnable ? 'on' : 'off'}, block_plaintext ${blockPlaintext ? 'on' : 'off'}, block_misplaced_ciphertext ${blockMisplaced ? 'on' : 'off'}`, { e2eEnable, blockPlaintext, blockMisplaced }]);
        }
    }
}
const PATHS: SendPath[] = ['sendMessage', 'ddp', 'postMessage', 'webhook'];

describe.each(CONDITIONS)('new messages with %s', (_name, conditions) => {
    beforeAll(async () => {
        await applyConditions(conditions);
    });

    const rows = Object.keys(PAYLOADS).flatMap((payload) => PATHS.flatMap((path) => (['encrypted', 'unencrypted'] as const).map((room) => [payload, path, room] as const)));
    it.each(rows)('%s via %s in the %s room', async (payload, path, room) => {
        await sendAndCheck(alice, payload, path, room === 'encrypted' ? enc : plain, conditions);
    });
});

describe('with E2E_Allow_Unencrypted_Messages on, Rocket.Chat lets plaintext through and the app refuses it', () => {
    const conditions: Conditions = { e2eEnable: true, blockPlaintext: true, blockMisplaced: true, allowUnencrypted: true };
    beforeAll(async () => {
        await applyConditions(conditions);
    });
    afterAll(async () => {
        await applyConditions({ e2eEnable: true, blockPlaintext: true, blockMisplaced: true });
    });

    it.each(["plaintext", "v2 content without type 'e2e'", 'v2 ciphertext'])('%s via sendMessage', async (payload) => {
        await sendAndCheck(alice, payload, 'sendMessage', enc, conditions);
    });

    it.each(['videoconf', 'discussion-created', 'command', 'jitsi_call_started', 'otr', 'message_snippeted'])(
        'refuses plaintext behind the type %s, which Rocket.Chat lets clients send (chat.sendMessage)',
        async (t) => {
            await expectRefused(alice, enc, 'plaintext', () => h.ws.sendMessage(alice, enc, { msg: 'meet me at noon', t }));
        },
    );

    it('refuses plaintext typed as a system message when an app sends it; Rocket.Chat refuses it from clients itself', async () => {
        const { ws } = h;
        await expect(ws.sendMessage(alice, enc, { msg: 'new topic', t: 'room_changed_topic' })).rejects.toThrow("Cannot send system messages using 'chat.sendMessage'");
        await expectRefused(alice, enc, 'plaintext', () => ws.sendMessage(alice, enc, { msg: 'new topic', t: 'room_changed_topic' }, { path: 'executeSendMessage' }));
    });
});

/** Sends (or edits) and checks the app refused it: the error the sender gets, nothing stored, a refusal record. */
async function expectRefused(sender: RcUser, room: RcRoom, reason: Exclude<Verdict, 'allow'>, act: () => Promise<unknown>, edit = false): Promise<void> {
    const { ws } = h;
    await flushRefusals(h, room);
    const key = { action: edit ? 'edit-refused' : 'message-refused', actorId: sender._id, roomId: room._id, reason };
    const counted = refusalCount(ws, key);
    const stored = ws.messages(room).length;
    await expect(act()).rejects.toThrow(new Error(say(edit ? editRefusalKey(reason) : refusalKey(reason))));
    expect(ws.messages(room)).toHaveLength(stored);
    await flushRefusals(h, room);
    await waitFor(() => refusalCount(ws, key) === counted + 1, `the ${key.action} to be counted`);
}

describe('messages that only look encrypted, or carry readable text beside ciphertext', () => {
    const PLAIN = 'meet me at noon, bring the documents';
    const on: Conditions = { e2eEnable: true, blockPlaintext: true, blockMisplaced: true };
    beforeAll(async () => {
        await applyConditions({ ...on, allowUnencrypted: true });
    });
    afterAll(async () => {
        await applyConditions(on);
    });

    it('lets through the message Rocket.Chat’s VideoConf sends when a call starts, and refuses forged ones with words', async () => {
        const { ws } = h;
        const { callId, message } = await ws.server.startVideoConference(alice._id, enc._id);
        await ws.settle();
        expect(message).toMatchObject({ t: 'videoconf', msg: '', blocks: [{ type: 'video_conf', callId }] });
        expect(ws.server.model.messageById(message?._id as string)).toBeDefined();
        const block = { type: 'video_conf', blockId: callId, callId, appId: 'videoconf-core' };
        const forged = (extra: Record<string, unknown>) => ({ msg: '', t: 'videoconf', blocks: [block], ...extra }) as OutgoingMessage;
        await expectRefused(alice, enc, 'plaintext', () => ws.sendMessage(alice, enc, forged({ blocks: [{ ...block, text: PLAIN }] })));
        await expectRefused(alice, enc, 'plaintext', () => ws.sendMessage(alice, enc, forged({ blocks: [{ ...block, callId: 'meet-me-at-noon', blockId: 'meet-me-at-noon' }] })));
        await expectRefused(alice, enc, 'plaintext', () => ws.sendMessage(alice, enc, forged({ msg: PLAIN })));
        // the same shape from a client, with nothing in it but a call id, is indistinguishable and passes
        expect(await ws.sendMessage(alice, enc, forged({}))).toBeDefined();
    });

    it('refuses an edit that puts plaintext into a typed message (Rocket.Chat never checks edits)', async () => {
        const { ws } = h;
        const { message } = await ws.server.startVideoConference(alice._id, enc._id);
        await ws.settle();
        await expectRefused(alice, enc, 'plaintext', () => ws.editMessage(alice, message?._id as string, { text: PLAIN }), true);
        expect(ws.server.model.messageById(message?._id as string)?.msg).toBe('');
    });

    it('refuses ciphertext behind another type in an unencrypted room', async () => {
        await expectRefused(alice, plain, 'misplaced-ciphertext', () => h.ws.sendMessage(alice, plain, { msg: '', t: 'videoconf', content: v2() }));
    });

    it('refuses base64 of readable text as ciphertext: the v1 string in msg, v1 content and v2 content, in any script', async () => {
        const { ws } = h;
        const withIv = (text: string) => `abcdef123456${Buffer.concat([cipherBytes(16, 'iv'), Buffer.from(text)]).toString('base64')}`;
        await expectRefused(alice, enc, 'malformed-ciphertext', () => ws.sendMessage(alice, enc, { msg: withIv(PLAIN), t: 'e2e' }));
        await expectRefused(alice, enc, 'malformed-ciphertext', () => ws.sendMessage(alice, enc, { msg: '', t: 'e2e', content: { algorithm: 'rc.v1.aes-sha2', ciphertext: withIv(PLAIN) } }));
        for (const text of [PLAIN, 'встретимся в полдень у входа', '正午に入口で会いましょう']) {
            await expectRefused(alice, enc, 'malformed-ciphertext', () => ws.sendMessage(alice, enc, { msg: '', t: 'e2e', e2e: 'pending', content: v2({ ciphertext: b64Text(text) }) }));
        }
        // random bytes are ciphertext
        expect(await ws.sendEncrypted(alice, enc)).toBeDefined();
    });

    it('refuses readable attachments and blocks beside ciphertext (REST chat.sendMessage)', async () => {
        const { ws } = h;
        const encrypted = { msg: '', t: 'e2e', e2e: 'pending', content: v2() } as const;
        await expectRefused(alice, enc, 'malformed-ciphertext', () => ws.sendMessage(alice, enc, { ...encrypted, attachments: [{ text: PLAIN }] } as OutgoingMessage));
        await expectRefused(alice, enc, 'malformed-ciphertext', () => ws.sendMessage(alice, enc, { ...encrypted, attachments: [{ title: PLAIN, type: 'file' }] } as OutgoingMessage));
        await expectRefused(alice, enc, 'malformed-ciphertext', () => ws.sendMessage(alice, enc, { ...encrypted, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: PLAIN } }] } as OutgoingMessage));
    });
});

describe('encrypted uploads confirmed through rooms.mediaConfirm', () => {
    const on: Conditions = { e2eEnable: true, blockPlaintext: true, blockMisplaced: true };
    /** What the web and mobile clients upload: the encrypted blob, named with the SHA-256 hex digest of the real name. */
    const upload = (name = createHash('sha256').update('holiday.jpg').digest('hex')) => ({ _id: randomId(), name, type: 'application/octet-stream', size: 4096 });
    const body = (extra: Record<string, unknown> = {}) => ({ t: 'e2e', content: v2(), ...extra });

    beforeAll(async () => {
        await applyConditions(on);
    });

    it('7.x (parseAttachmentsForE2EE off): the message carries only the ciphertext, and is accepted', async () => {
        const { ws } = h;
        const sent = await ws.server.mediaConfirm(alice._id, enc._id, upload(), body(), { parseAttachmentsForE2EE: false });
        await ws.settle();
        expect(sent).toMatchObject({ t: 'e2e', msg: '' });
        expect(sent?.attachments).toBeUndefined();
    });

    it('newest (attachments built by Rocket.Chat): accepted with a digest for a name and an encrypted description', async () => {
        const { ws } = h;
        const sent = await ws.server.mediaConfirm(alice._id, enc._id, upload(), body({ description: v1() }), { parseAttachmentsForE2EE: true });
        await ws.settle();
        expect(sent?.attachments).toHaveLength(1);
        expect(sent?.files).toHaveLength(1);
    });

    it('refuses an upload named in words, or described in words, beside the ciphertext', async () => {
        const { ws } = h;
        const options = { parseAttachmentsForE2EE: true };
        await expectRefused(alice, enc, 'malformed-ciphertext', () => ws.server.mediaConfirm(alice._id, enc._id, upload(), body({ fileName: 'meet me at noon' }), options));
        await expectRefused(alice, enc, 'malformed-ciphertext', () => ws.server.mediaConfirm(alice._id, enc._id, upload('meet me at noon.pdf'), body(), options));
        await expectRefused(alice, enc, 'malformed-ciphertext', () => ws.server.mediaConfirm(alice._id, enc._id, upload(), body({ description: 'the contract, signed' }), options));
    });
});

describe('answers in the sender’s language', () => {
    beforeAll(async () => {
        await applyConditions({ e2eEnable: true, blockPlaintext: true, blockMisplaced: true });
    });

    it('tells a German sender why in German', async () => {
        await sendAndCheck(bob, "plaintext typed 'e2e'", 'sendMessage', enc, { e2eEnable: true, blockPlaintext: true, blockMisplaced: true }, 'de');
        await sendAndCheck(bob, 'v2 ciphertext', 'sendMessage', plain, { e2eEnable: true, blockPlaintext: true, blockMisplaced: true }, 'de');
    });
});

describe('edits', () => {
    const on: Conditions = { e2eEnable: true, blockPlaintext: true, blockMisplaced: true };

    async function storedEncrypted(room: RcRoom): Promise<string> {
        const misplaced = room === plain;
        if (misplaced) {
            await applyConditions({ ...on, blockMisplaced: false });
        }
        const sent = await h.ws.sendEncrypted(alice, room);
        if (misplaced) {
            await applyConditions(on);
        }
        return sent?._id as string;
    }

    type Edit = { text?: string; content?: ReturnType<typeof v2> };
    const EDITS: Array<[string, 'encrypted' | 'unencrypted', () => Edit, Conditions, 'stored' | 'refused_plaintext' | 'refused_malformed' | 'refused_misplaced']> = [
        // the edit keeps t 'e2e' and content: readable text beside ciphertext
        ['to plaintext', 'encrypted', () => ({ text: 'oops, readable' }), on, 'refused_malformed'],
        ['to plaintext, E2E_Enable off', 'encrypted', () => ({ text: 'oops, readable' }), { ...on, e2eEnable: false }, 'stored'],
        ['to plaintext, block_plaintext off', 'encrypted', () => ({ text: 'oops, readable' }), { ...on, blockPlaintext: false }, 'stored'],
        ['to malformed content', 'encrypted', () => ({ content: v2({ ciphertext: 'short' }) }), on, 'refused_malformed'],
        ['to malformed content, block_plaintext off', 'encrypted', () => ({ content: v2({ ciphertext: 'short' }) }), { ...on, blockPlaintext: false }, 'stored'],
        ['to new well-formed content', 'encrypted', () => ({ content: v2() }), on, 'stored'],
        ['of ciphertext in an unencrypted room', 'unencrypted', () => ({ content: v2() }), on, 'refused_misplaced'],
        ['of ciphertext in an unencrypted room, block_misplaced_ciphertext off', 'unencrypted', () => ({ content: v2() }), { ...on, blockMisplaced: false }, 'stored'],
    ];

    afterAll(async () => {
        await applyConditions(on);
    });

    it.each(EDITS)('an encrypted message edited %s (%s room)', async (_name, roomName, edit, conditions, expected) => {
        const { ws } = h;
        const room = roomName === 'encrypted' ? enc : plain;
        await applyConditions(on);
        const id = await storedEncrypted(room);
        await applyConditions(conditions);
        const original = JSON.parse(JSON.stringify(ws.server.model.messageById(id)));
        await flushRefusals(h, room);
        const auditBefore = auditRecords(ws).length;
        const change = edit();
        const editing = ws.editMessage(alice, id, change);
        if (expected === 'stored') {
            const updated = await editing;
            expect(updated?.editedBy?._id).toBe(alice._id);
            if (change.content) {
                expect(ws.server.model.messageById(id)?.content).toEqual(change.content);
            } else {
                expect(ws.server.model.messageById(id)?.msg).toBe(change.text);
            }
            await ws.settle();
            expect(auditRecords(ws)).toHaveLength(auditBefore);
        } else {
            const key = { action: 'edit-refused', actorId: alice._id, roomId: room._id, reason: REASON[expected] };
            const counted = refusalCount(ws, key);
            await expect(editing).rejects.toThrow(new Error(say(editRefusalKey(REASON[expected]))));
            expect(ws.server.model.messageById(id)).toEqual(original);
            await flushRefusals(h, room);
            await waitFor(() => refusalCount(ws, key) === counted + 1, 'the edit refusal to be counted');
            const records = auditRecords(ws).slice(auditBefore);
            expect(withoutTime(records).map(({ count: _count, ...r }) => r)).toEqual(
                records.map(() => ({ ...key, outcome: 'refused', actorUsername: alice.username, roomName: label(ws, room) })),
            );
        }
    });

    it('a plaintext message left from before (E2E_Enable was off) cannot be edited to other plaintext', async () => {
        const { ws } = h;
        await applyConditions({ ...on, e2eEnable: false });
        const sent = await ws.sendMessage(alice, enc, 'written while E2EE was off', { path: 'postMessage' });
        await applyConditions(on);
        await flushRefusals(h, enc);
        const key = { action: 'edit-refused', actorId: alice._id, roomId: enc._id, reason: 'plaintext' };
        const counted = refusalCount(ws, key);
        await expect(ws.editMessage(alice, sent?._id as string, { text: 'still readable' })).rejects.toThrow(new Error(say('refused_edit_plaintext')));
        expect(ws.server.model.messageById(sent?._id as string)?.msg).toBe('written while E2EE was off');
        await flushRefusals(h, enc);
        await waitFor(() => refusalCount(ws, key) === counted + 1, 'the edit refusal to be counted');
    });
});

describe('strip_searchable_ciphertext', () => {
    beforeAll(async () => {
        await applyConditions({ e2eEnable: true, blockPlaintext: true, blockMisplaced: true });
    });

    afterAll(async () => {
        await strip(true);
    });

    async function strip(on: boolean): Promise<void> {
        if (h.ws.getAppSetting('strip_searchable_ciphertext') !== on) {
            await h.ws.setAppSetting('strip_searchable_ciphertext', on);
        }
    }

    it('on: saves a v2 message without the ciphertext copy in msg; type, e2e state and content survive', async () => {
        await strip(true);
        const message = ciphertextCopy();
        const stored = await h.ws.sendMessage(alice, enc, message);
        expect(stored).toMatchObject({ msg: '', t: 'e2e', e2e: 'pending', content: message.content });
        expect(h.ws.server.model.messageById(stored?._id as string)).toMatchObject({ msg: '', t: 'e2e', content: message.content });
    });

    it('on: leaves a legacy v1 message alone (its only ciphertext is msg)', async () => {
        await strip(true);
        const message = { msg: v1(), t: 'e2e' };
        const stored = await h.ws.sendMessage(alice, enc, message);
        expect(stored).toMatchObject(message);
    });

    it('on: strips an edit that puts the ciphertext copy back into msg', async () => {
        await strip(true);
        const sent = await h.ws.sendEncrypted(alice, enc);
        const copy = sent?.content?.ciphertext as string;
        await h.ws.editMessage(alice, sent?._id as string, { text: copy });
        expect(h.ws.server.model.messageById(sent?._id as string)).toMatchObject({ msg: '', t: 'e2e', content: sent?.content });
    });

    it('off: keeps the copy', async () => {
        await strip(false);
        const message = ciphertextCopy();
        const stored = await h.ws.sendMessage(alice, enc, message);
        expect(h.ws.server.model.messageById(stored?._id as string)).toMatchObject({ msg: message.msg, t: 'e2e', content: message.content });
    });
});

describe('system messages and the hot path', () => {
    beforeAll(async () => {
        await applyConditions({ e2eEnable: true, blockPlaintext: true, blockMisplaced: true });
    });

    it('stores system messages in an encrypted room (join, encryption change)', async () => {
        const { ws } = h;
        const carol = ws.createUser({ username: 'carol' });
        await ws.addMember(enc, carol, alice);
        await ws.saveRoomSettings(alice, enc, { encrypted: false });
        await ws.saveRoomSettings(alice, enc, { encrypted: true });
        const types = ws.messages(enc).map((m) => m.t);
        expect(types).toEqual(expect.arrayContaining(['au', 'room_e2e_disabled', 'room_e2e_enabled']));
        expect(ws.room(enc._id)?.encrypted).toBe(true);
    });

    it('costs no bridge round trip and no HTTP call for a message in an unencrypted room', async () => {
        const { ws } = h;
        await ws.settle();
        ws.resetCounters();
        for (let i = 0; i < 5; i++) {
            await ws.sendMessage(alice, plain, `plain ${i}`);
            await ws.sendMessage(bob, plain, `plain ${i}`, { path: 'postMessage' });
        }
        const counters = ws.counters();
        expect(counters.roundTrips).toBe(0);
        expect(counters.httpCalls).toBe(0);
        expect(counters.bridgeCalls).toBe(0);
    });
});
