// Issue 6, load: many senders and toggles at once (bounded, loopback only). 8 senders × 50 messages mixing
// plaintext, ciphertext and malformed claims over every send path, into encrypted and unencrypted rooms, while
// owners toggle encryption in other rooms and someone without the permission keeps trying. No message is
// wrongly let through or refused, and no audit record is lost.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import type { RcMessage, RcRoom, RcUser, SendPath } from '../../workspace/Workspace';
import type { Harness } from './support/harness';
import { auditRecords, eventually, isText, mark, requestsSince, startHarness, toldSince } from './support/harness';
import { itLeaksNothing, LeakScanner, report } from './support/leaks';
import type { Labels, ModelMessage } from './support/messages';
import { arbModelMessage, expectedVerdict } from './support/messages';

const SENDERS = 8;
const MESSAGES_PER_SENDER = 50;
const TOGGLE_ROOMS = 4;
const TOGGLES_PER_ROOM = 10;
const PATHS: ReadonlyArray<SendPath> = ['sendMessage', 'executeSendMessage', 'postMessage', 'webhook'];

const scanner = new LeakScanner();
let h: Harness;
let senders: Array<RcUser>;
let tess: RcUser;
let mallory: RcUser;
let rooms: Array<RcRoom>;
let toggleRooms: Array<RcRoom>;

beforeAll(async () => {
    h = await startHarness(scanner);
    senders = Array.from({ length: SENDERS }, (_, i) => h.ws.createUser({ username: `sender-${i}` }));
    tess = h.ws.createUser({ username: 'tess' });
    mallory = h.ws.createUser({ username: 'mallory' });
    const owner = h.ws.createUser({ username: 'owner' });
    rooms = [];
    for (const [name, encrypted] of [
        ['enc-a', true],
        ['enc-b', true],
        ['open-a', false],
        ['open-b', false],
    ] as const) {
        const room = await h.ws.createRoom('private', { name, owner, members: senders, encrypted });
        h.ws.setRoomKeyId(room);
        rooms.push(room);
    }
    toggleRooms = [];
    for (let i = 0; i < TOGGLE_ROOMS; i++) {
        toggleRooms.push(await h.ws.createRoom('private', { name: `toggle-${i}`, owner: tess, members: [mallory] }));
    }
}, 30000);

afterAll(async () => {
    await h?.ws.stop();
});

/** What reaches the app from a path: chat.postMessage and webhooks keep only the (trimmed) text. */
function effective(m: ModelMessage, path: SendPath): Labels {
    if (path === 'postMessage' || path === 'webhook') {
        const text = typeof m.msg === 'string' ? m.msg.trim() : '';
        return { type: 'none', content: 'none', text: text === '' ? 'empty' : 'plain' };
    }
    return m.labels;
}

type Expected = 'stored' | 'refused-by-app' | 'refused-by-rocket-chat';

function expectedFor(m: ModelMessage, path: SendPath, encrypted: boolean): Expected {
    const labels = effective(m, path);
    if ((path === 'sendMessage' && (labels.type === 'system' || labels.type === 'made-up')) || ((path === 'sendMessage' || path === 'executeSendMessage') && encrypted && labels.type !== 'e2e')) {
        return 'refused-by-rocket-chat';
    }
    return expectedVerdict(labels, encrypted, { blockPlaintext: true, blockMisplacedCiphertext: true }) === 'allow' ? 'stored' : 'refused-by-app';
}

describe('load', () => {
    it(`${SENDERS} senders × ${MESSAGES_PER_SENDER} messages and ${TOGGLE_ROOMS * TOGGLES_PER_ROOM * 2} toggles at once`, async () => {
        let seq = 0;
        const marker = () => scanner.marker(`load text ${(seq += 1)}`);
        const plan = fc.sample(arbModelMessage(marker), { numRuns: SENDERS * MESSAGES_PER_SENDER, seed: 8050 });
        for (const m of plan) {
            const ciphertext = (m.content as { ciphertext?: unknown } | undefined)?.ciphertext;
            if (typeof ciphertext === 'string' && ciphertext.length >= 16) {
                scanner.register('ciphertext', ciphertext);
            }
            if (typeof m.msg === 'string' && m.msg.length >= 16) {
                scanner.register('message text', m.msg);
            }
        }
        const refusedBefore = auditRecords(h).filter((a) => a.action === 'message-refused').reduce((n, a) => n + (a.count ?? 1), 0);
        const since = mark(h);
        const problems: Array<string> = [];
        const tally: Record<Expected, number> = { stored: 0, 'refused-by-app': 0, 'refused-by-rocket-chat': 0 };

        const send = async (sender: RcUser, index: number) => {
            const m = plan[index];
            const room = rooms[index % rooms.length];
            const path = PATHS[Math.floor(index / rooms.length) % PATHS.length];
            const message: Record<string, unknown> = {};
            for (const key of ['t', 'msg', 'content'] as const) {
                if (m[key] !== undefined) {
                    message[key] = m[key];
                }
            }
            const expected = expectedFor(m, path, room.encrypted === true);
            tally[expected]++;
            let stored: RcMessage | undefined;
            let error = '';
            try {
                stored = await h.ws.sendMessage(sender, room, message as never, { path });
            } catch (e) {
                error = e instanceof Error ? e.message : String(e);
            }
            const byApp = ['refused_plaintext', 'refused_malformed', 'refused_misplaced'].some((key) => isText(key, error));
            const observed: Expected = stored ? 'stored' : byApp ? 'refused-by-app' : 'refused-by-rocket-chat';
            if (observed !== expected) {
                problems.push(`${JSON.stringify(m.labels)} via ${path} into ${room.name}: expected ${expected}, ${observed}${error ? ` (${error.slice(0, 80)})` : ''}`);
            }
        };
        const sending = senders.map(async (sender, s) => {
            for (let i = 0; i < MESSAGES_PER_SENDER; i++) {
                await send(sender, s * MESSAGES_PER_SENDER + i);
            }
        });
        const toggling = toggleRooms.flatMap((room) => [
            (async () => {
                for (let i = 0; i < TOGGLES_PER_ROOM; i++) {
                    await h.ws.runSlashCommand(tess, room, `/e2e ${i % 2 === 0 ? 'enable' : 'disable'}`);
                }
            })(),
            (async () => {
                for (let i = 0; i < TOGGLES_PER_ROOM; i++) {
                    await h.ws.clickRoomAction(mallory, room, i % 2 === 0 ? 'e2e-enable' : 'e2e-disable');
                }
            })(),
        ]);
        const started = Date.now();
        await Promise.all([...sending, ...toggling]);
        const ms = Date.now() - started;

        expect(problems).toEqual([]);
        // Every message the app refused has its audit record (they are written without making the sender wait).
        await eventually(() => auditRecords(h).filter((a) => a.action === 'message-refused').reduce((n, a) => n + (a.count ?? 1), 0) === refusedBefore + tally['refused-by-app'], 10000);
        // Every toggle is answered once and audited once; done means done.
        const toggleAudits = auditRecords(h).filter((a) => (a.action === 'enable' || a.action === 'disable') && (a.actorId === tess._id || a.actorId === mallory._id));
        expect(toggleAudits).toHaveLength(2 * TOGGLE_ROOMS * TOGGLES_PER_ROOM);
        expect(toggleAudits.filter((a) => a.actorId === mallory._id).map((a) => a.outcome)).toEqual(Array(TOGGLE_ROOMS * TOGGLES_PER_ROOM).fill('refused'));
        const told = toldSince(h, since, tess);
        expect(told).toHaveLength(TOGGLE_ROOMS * TOGGLES_PER_ROOM);
        const done = told.filter((t) => isText('toggle_enabled', t) || isText('toggle_disabled', t)).length;
        expect(done).toBe(TOGGLE_ROOMS * TOGGLES_PER_ROOM);
        expect(toldSince(h, since, mallory)).toHaveLength(TOGGLE_ROOMS * TOGGLES_PER_ROOM);
        expect(requestsSince(h, since).filter((r) => r === 'POST rooms.saveRoomSettings 200')).toHaveLength(done);
        expect(toggleRooms.every((r) => !h.ws.room(r._id)?.encrypted)).toBe(true);
        expect(tally.stored).toBeGreaterThan(50);
        expect(tally['refused-by-app']).toBeGreaterThan(50);
        report('load', { senders: SENDERS, messages: plan.length, ...tally, toggles: 2 * TOGGLE_ROOMS * TOGGLES_PER_ROOM, ms });
    }, 60000);
});

itLeaksNothing(() => h.ws, scanner);
