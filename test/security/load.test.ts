// Load: many senders and toggles at once (bounded, loopback only). 8 senders × 50 messages mixing
// plaintext, ciphertext and malformed claims over every send path, into encrypted and unencrypted rooms, while
// the owner toggles encryption in other rooms and someone without the permission keeps trying. No message is
// wrongly let through or refused, and no audit record is lost.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import type { RcMessage, RcRoom, RcUser, SendPath } from '../../workspace/Workspace';
import { buildCast } from '../harness/cast';
import { isText } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditRecords, flushRefusals, mark, requestsSince, startHarness, toldSince, waitFor } from '../harness/workspace';
import { arrivingLabels, expectedVerdict, rocketChatRefuses } from '../oracle/messages';
import { LeakScanner, report, scanAfterEachTest } from './support/leaks';
import type { ModelMessage } from './support/messages';
import { arbModelMessage } from './support/messages';

const SENDERS = 8;
const MESSAGES_PER_SENDER = 50;
const TOGGLE_ROOMS = 4;
const TOGGLES_PER_ROOM = 10;
const PATHS: ReadonlyArray<SendPath> = ['sendMessage', 'executeSendMessage', 'postMessage', 'webhook'];

const scanner = new LeakScanner();
let h: Harness;
let senders: Array<RcUser>;
/** owns every room and toggles encryption in the toggle rooms */
let owner: RcUser;
/** a member of the toggle rooms who may not toggle, and keeps trying */
let member: RcUser;
let rooms: Array<RcRoom>;
let toggleRooms: Array<RcRoom>;

beforeAll(async () => {
    h = await startHarness();
    scanner.register('service token', h.token);
    const cast = await buildCast(h.ws);
    ({ owner, member } = cast.people);
    senders = Array.from({ length: SENDERS }, (_, i) => h.ws.createUser({ username: `sender-${i}` }));
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
        toggleRooms.push(await h.ws.createRoom('private', { name: `toggle-${i}`, owner: owner, members: [member] }));
    }
}, 30000);

afterAll(async () => {
    await h?.ws.stop();
});

type Expected = 'stored' | 'refused-by-app' | 'refused-by-rocket-chat';

function expectedFor(m: ModelMessage, path: SendPath, encrypted: boolean): Expected {
    const labels = arrivingLabels(m.labels, m.msg, path);
    if (rocketChatRefuses(labels, path, encrypted)) {
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
        const refusedBefore = auditRecords(h.ws).filter((a) => a.action === 'message-refused').reduce((n, a) => n + (a.count ?? 1), 0);
        const since = mark(h.ws);
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
            const byApp = (['refused_plaintext', 'refused_malformed', 'refused_misplaced'] as const).some((key) => isText(key, error));
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
                    await h.ws.runSlashCommand(owner, room, `/e2e ${i % 2 === 0 ? 'enable' : 'disable'}`);
                }
            })(),
            (async () => {
                for (let i = 0; i < TOGGLES_PER_ROOM; i++) {
                    await h.ws.clickRoomAction(member, room, i % 2 === 0 ? 'e2e-enable' : 'e2e-disable');
                }
            })(),
        ]);
        const started = Date.now();
        await Promise.all([...sending, ...toggling]);
        const ms = Date.now() - started;

        expect(problems).toEqual([]);
        // Every message the app refused has its audit record (they are written without making the sender wait).
        // (refusals beyond the first of a window are counted in the app's memory until the trail is listed)
        await flushRefusals(h, rooms[0]);
        await waitFor(() => auditRecords(h.ws).filter((a) => a.action === 'message-refused').reduce((n, a) => n + (a.count ?? 1), 0) === refusedBefore + tally['refused-by-app'], 'every refusal record', 10000);
        // Every toggle is answered once and audited once; done means done.
        const toggleAudits = auditRecords(h.ws).filter((a) => (a.action === 'enable' || a.action === 'disable') && (a.actorId === owner._id || a.actorId === member._id));
        expect(toggleAudits).toHaveLength(2 * TOGGLE_ROOMS * TOGGLES_PER_ROOM);
        expect(toggleAudits.filter((a) => a.actorId === member._id).map((a) => a.outcome)).toEqual(Array(TOGGLE_ROOMS * TOGGLES_PER_ROOM).fill('refused'));
        const told = toldSince(h.ws, since, owner);
        expect(told).toHaveLength(TOGGLE_ROOMS * TOGGLES_PER_ROOM);
        const done = told.filter((t) => isText('toggle_enabled', t) || isText('toggle_disabled', t)).length;
        expect(done).toBe(TOGGLE_ROOMS * TOGGLES_PER_ROOM);
        expect(toldSince(h.ws, since, member)).toHaveLength(TOGGLE_ROOMS * TOGGLES_PER_ROOM);
        expect(requestsSince(h.ws, since).filter((r) => r === 'POST rooms.saveRoomSettings 200')).toHaveLength(done);
        expect(toggleRooms.every((r) => !h.ws.room(r._id)?.encrypted)).toBe(true);
        expect(tally.stored).toBeGreaterThan(50);
        expect(tally['refused-by-app']).toBeGreaterThan(50);
        report('load', { senders: SENDERS, messages: plan.length, ...tally, toggles: 2 * TOGGLE_ROOMS * TOGGLES_PER_ROOM, ms });
    }, 60000);
});

scanAfterEachTest(() => h?.ws, scanner);
