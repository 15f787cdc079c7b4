// The message scenarios: every message goes through the workspace's send (or edit) path, which runs the
// installed app's pre-send (pre-update) listeners in its Deno process exactly as Rocket.Chat's sendMessage /
// updateMessage do. The timed call is the host-side function the sender waits for; the fire-and-forget post events
// are awaited (untimed) after each message so that they never overlap the next measurement.
import crypto from 'crypto';

import type { AppCounters } from '../workspace/engine/counters';
import type { RcMessage, RcRoom, RcUser, Workspace } from '../workspace/Workspace';
import type { CallsIntoApp } from './instrument';
import { since } from './stats';

export type RoomState = 'unencrypted' | 'encrypted';
export type Outcome = 'stored' | 'edited' | 'prevented' | 'refused';

export interface ScenarioDef {
    id: string;
    title: string;
    room: RoomState;
    senders: number;
    /** what the message does, for the report */
    what: string;
    /** the outcome expected with the app installed, and with the baseline */
    expect: { app: Outcome; baseline: Outcome };
}

export const SENDERS = 8;

export const SCENARIOS: ReadonlyArray<ScenarioDef> = [
    {
        id: 'plaintext-unencrypted',
        title: 'plaintext, unencrypted room',
        room: 'unencrypted',
        senders: 1,
        what: 'chat.sendMessage path, text message',
        expect: { app: 'stored', baseline: 'stored' },
    },
    {
        id: 'ciphertext-encrypted',
        title: 'well-formed ciphertext, encrypted room',
        room: 'encrypted',
        senders: 1,
        what: "chat.sendMessage path, t 'e2e' with rc.v2.aes-sha2 content, msg empty",
        expect: { app: 'stored', baseline: 'stored' },
    },
    {
        id: 'plaintext-refused-encrypted',
        title: 'plaintext refused, encrypted room',
        room: 'encrypted',
        senders: 1,
        what: "chat.postMessage path (Rocket.Chat's own plaintext check is on chat.sendMessage only), text message",
        expect: { app: 'refused', baseline: 'stored' },
    },
    {
        id: 'edit-encrypted',
        title: 'edit, encrypted room',
        room: 'encrypted',
        senders: 1,
        what: 'chat.update path, new rc.v2.aes-sha2 content for an encrypted message',
        expect: { app: 'edited', baseline: 'edited' },
    },
    {
        id: 'senders-8',
        title: `${SENDERS} senders at once, unencrypted room`,
        room: 'unencrypted',
        senders: SENDERS,
        what: `${SENDERS} people sending text concurrently (chat.sendMessage path), each its share of N`,
        expect: { app: 'stored', baseline: 'stored' },
    },
];

export interface ScenarioSample {
    id: string;
    latenciesMs: number[];
    wallMs: number;
    messages: number;
    counters: AppCounters;
    intoApp: Record<string, number>;
    outcomes: Partial<Record<Outcome, number>>;
}

interface Fixture {
    senders: RcUser[];
    plain: RcRoom;
    encrypted: RcRoom;
    editTarget: RcMessage;
    contents: Array<NonNullable<RcMessage['content']>>;
}

/** Ciphertext-shaped payloads (random bytes; nothing is encrypted, nothing is printed). */
function ciphertextPool(kid: string, size = 16): Array<NonNullable<RcMessage['content']>> {
    return Array.from({ length: size }, () => ({
        algorithm: 'rc.v2.aes-sha2',
        kid,
        iv: crypto.randomBytes(12).toString('base64'),
        ciphertext: crypto.randomBytes(96).toString('base64'),
    }));
}

export async function prepareFixture(ws: Workspace): Promise<Fixture> {
    const senders = Array.from({ length: SENDERS }, (_, i) => ws.createUser({ username: `bench-sender-${i}` }));
    const [owner, ...others] = senders;
    const plain = await ws.createRoom('private', { owner, members: others, name: 'bench-plain', encrypted: false });
    const encrypted = await ws.createRoom('private', { owner, members: others, name: 'bench-encrypted', encrypted: true });
    await ws.settle();
    const kid = crypto.randomUUID();
    ws.setRoomKeyId(encrypted, kid);
    const contents = ciphertextPool(kid);
    const editTarget = await ws.server.sendMessage(owner._id, encrypted._id, { msg: '', t: 'e2e', e2e: 'pending', content: contents[0] });
    await ws.settle();
    if (!editTarget) {
        throw new Error('could not store the message the edit scenario edits');
    }
    return { senders, plain, encrypted, editTarget, contents };
}

type Operation = (index: number, sender: RcUser) => Promise<Outcome>;

function operation(ws: Workspace, f: Fixture, def: ScenarioDef): Operation {
    const settled = async (p: Promise<RcMessage | undefined>, done: Outcome): Promise<Outcome> => {
        try {
            return (await p) ? done : 'prevented';
        } catch {
            return 'refused';
        }
    };
    switch (def.id) {
        case 'plaintext-unencrypted':
        case 'senders-8':
            return (i, sender) => settled(ws.server.sendMessage(sender._id, f.plain._id, { msg: `benchmark message ${i}` }, 'sendMessage'), 'stored');
        case 'ciphertext-encrypted':
            return (i, sender) =>
                settled(ws.server.sendMessage(sender._id, f.encrypted._id, { msg: '', t: 'e2e', e2e: 'pending', content: f.contents[i % f.contents.length] }, 'sendMessage'), 'stored');
        case 'plaintext-refused-encrypted':
            return (i, sender) => settled(ws.server.sendMessage(sender._id, f.encrypted._id, { msg: `benchmark message ${i}` }, 'postMessage'), 'stored');
        case 'edit-encrypted':
            return (i) => settled(ws.server.editMessage(f.editTarget.u._id, f.editTarget._id, { content: f.contents[(i % (f.contents.length - 1)) + 1] }), 'edited');
        default:
            throw new Error(`unknown scenario ${def.id}`);
    }
}

async function drive(
    ws: Workspace,
    op: Operation,
    senders: RcUser[],
    count: number,
    latencies: number[] | undefined,
    outcomes: Partial<Record<Outcome, number>>,
): Promise<void> {
    const record = (outcome: Outcome) => {
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    };
    if (senders.length === 1) {
        for (let i = 0; i < count; i++) {
            const start = process.hrtime.bigint();
            const outcome = await op(i, senders[0]);
            latencies?.push(since(start));
            record(outcome);
            await ws.settle();
        }
        return;
    }
    // each sender sends its share back to back; all senders at once
    await Promise.all(
        senders.map(async (sender, s) => {
            for (let i = s; i < count; i += senders.length) {
                const start = process.hrtime.bigint();
                const outcome = await op(i, sender);
                latencies?.push(since(start));
                record(outcome);
            }
        }),
    );
    await ws.settle();
}

/** Runs one scenario: `warmup` messages discarded, then `n` measured (counters reset in between). */
export async function runScenario(ws: Workspace, fixture: Fixture, calls: CallsIntoApp, def: ScenarioDef, n: number, warmup: number): Promise<ScenarioSample> {
    const op = operation(ws, fixture, def);
    const senders = def.senders === 1 ? [fixture.senders[0]] : fixture.senders.slice(0, def.senders);
    await drive(ws, op, senders, warmup, undefined, {});
    ws.resetCounters();
    calls.reset();
    const latencies: number[] = [];
    const outcomes: Partial<Record<Outcome, number>> = {};
    const start = process.hrtime.bigint();
    await drive(ws, op, senders, n, latencies, outcomes);
    const wallMs = since(start);
    return { id: def.id, latenciesMs: latencies, wallMs, messages: n, counters: ws.counters(), intoApp: calls.snapshot(), outcomes };
}

/** Adds up the samples of one scenario taken in several rounds (separate workspaces). */
export function mergeSamples(samples: ScenarioSample[]): ScenarioSample {
    const [first] = samples;
    const sum = (a: Record<string, number>, b: Record<string, number>) => {
        const out = { ...a };
        for (const [k, v] of Object.entries(b)) {
            out[k] = (out[k] ?? 0) + v;
        }
        return out;
    };
    const counters: AppCounters = { roundTrips: 0, roundTripsByMethod: {}, bridgeCalls: 0, bridgeCallsByMethod: {}, httpCalls: 0, httpCallsByUrl: {} };
    let intoApp: Record<string, number> = {};
    let outcomes: Record<string, number> = {};
    for (const s of samples) {
        counters.roundTrips += s.counters.roundTrips;
        counters.bridgeCalls += s.counters.bridgeCalls;
        counters.httpCalls += s.counters.httpCalls;
        counters.roundTripsByMethod = sum(counters.roundTripsByMethod, s.counters.roundTripsByMethod);
        counters.bridgeCallsByMethod = sum(counters.bridgeCallsByMethod, s.counters.bridgeCallsByMethod);
        counters.httpCallsByUrl = sum(counters.httpCallsByUrl, s.counters.httpCallsByUrl);
        intoApp = sum(intoApp, s.intoApp);
        outcomes = sum(outcomes, s.outcomes as Record<string, number>);
    }
    return {
        id: first.id,
        latenciesMs: samples.flatMap((s) => s.latenciesMs),
        wallMs: samples.reduce((a, s) => a + s.wallMs, 0),
        messages: samples.reduce((a, s) => a + s.messages, 0),
        counters,
        intoApp,
        outcomes,
    };
}
