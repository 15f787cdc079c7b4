import { describe, expect, it } from '@jest/globals';

import { EnforceTarget } from '../../src/policy/enforcement';
import type { EnforceRun } from '../../src/policy/runState';
import { endRun, nextState, RunStatus, RunType } from '../../src/policy/runState';
import { RoomKind } from '../../src/policy/RoomKind';
import { RetryStore } from '../../src/storage/RetryStore';
import { RunStore } from '../../src/storage/RunStore';
import { Fake } from '../support/fakes';

const run = (over: Partial<EnforceRun> = {}): EnforceRun => ({
    v: 1,
    seq: 1,
    runId: 'run-1',
    type: RunType.Enforce,
    status: RunStatus.Running,
    startedAt: 1,
    startedBy: { id: 'chief', username: 'chief' },
    roomId: 'ops',
    step: 0,
    offset: 0,
    slice: 0,
    dueAt: 1,
    lastNoticeAt: 1,
    lastNoticeDone: 0,
    target: EnforceTarget.PrivateChannel,
    steps: [{ kind: RoomKind.PrivateChannel, wanted: true }],
    rate: 5,
    expected: 3,
    expectedExact: true,
    switched: 0,
    alreadyOk: 0,
    failed: 0,
    consecutiveFailures: 0,
    failedRoomIds: [],
    skippedKinds: [],
    rateLimited: 0,
    ...over,
});

describe('RunStore', () => {
    it('keeps one record per checkpoint, replacing the previous one (Rocket.Chat removes one record per call)', async () => {
        const fake = new Fake();
        const store = new RunStore();
        const first = run();
        await store.write(fake.persis, first);
        const second = nextState(first, { offset: 10 });
        await store.write(fake.persis, second, first);
        expect(await store.latest(fake.read.getPersistenceReader(), RunType.Enforce)).toEqual(second);
        expect(fake.stored.filter((s) => s.associations.includes('misc:e2ee-run:enforce'))).toHaveLength(1);
        // nothing of another type
        expect(await store.latest(fake.read.getPersistenceReader(), RunType.Report)).toBeUndefined();
    });

    it('never removes an ended state for a late checkpoint, and a new run clears the last one', async () => {
        const fake = new Fake();
        const store = new RunStore();
        const reader = fake.read.getPersistenceReader();
        const first = run();
        await store.write(fake.persis, first);
        const ended = nextState(first, endRun(first, RunStatus.Done, 5));
        await store.write(fake.persis, ended, first);
        await store.write(fake.persis, nextState(ended, { status: RunStatus.Running }), ended);
        expect((await store.latest(reader, RunType.Enforce))?.status).toBe('done');
        const next = run({ runId: 'run-2', seq: 10 });
        await store.write(fake.persis, next);
        await store.requestCancel(fake.persis, 'run-1', { id: 'x', username: 'x' });
        await store.removeOthers(fake.persis, reader, RunType.Enforce, next);
        expect(fake.stored.filter((s) => s.associations.includes('misc:e2ee-run:enforce')).map((s) => s.data.runId)).toEqual(['run-2']);
        expect(await store.cancelRequested(reader, 'run-1')).toBeUndefined();
    });

    it('keeps claims, cancel requests and report rows by their own keys', async () => {
        const fake = new Fake();
        const store = new RunStore();
        const reader = fake.read.getPersistenceReader();
        await store.addClaim(fake.persis, RunType.Enforce, { token: 'a', at: 1 });
        await store.addClaim(fake.persis, RunType.Enforce, { token: 'b', at: 2 });
        await store.removeClaim(fake.persis, RunType.Enforce, 'a');
        expect(await store.claims(reader, RunType.Enforce)).toEqual([{ token: 'b', at: 2 }]);
        expect(await store.claims(reader, RunType.Report)).toEqual([]);
        await store.requestCancel(fake.persis, 'run-1', { id: 'deputy', username: 'deputy' });
        expect(await store.cancelRequested(reader, 'run-1')).toEqual({ id: 'deputy', username: 'deputy' });
        await store.addRows(fake.persis, 'rep', 0, [['r1', 'direct', 'a, b', true, 'disabled', false, 0]]);
        await store.addRows(fake.persis, 'rep', 1, [['r2', 'direct', 'c, d', true, 'disabled', false, 1]]);
        expect(await store.rows(reader, 'rep', 1)).toEqual([['r2', 'direct', 'c, d', true, 'disabled', false, 1]]);
        await store.removeRows(fake.persis, 'rep', 2);
        expect(await store.rows(reader, 'rep', 0)).toEqual([]);
    });
});

describe('RetryStore', () => {
    it('keeps one entry per room, the newest, oldest attempt first', async () => {
        const fake = new Fake();
        const store = new RetryStore();
        const reader = fake.read.getPersistenceReader();
        const entry = { v: 1 as const, roomId: 'r1', wanted: true, action: 'auto-enable' as const, firstFailedAt: 1, attempts: 1, lastAttemptAt: 50 };
        await store.put(fake.persis, entry);
        await store.put(fake.persis, { ...entry, attempts: 2, lastAttemptAt: 60 });
        await store.put(fake.persis, { ...entry, roomId: 'r2', lastAttemptAt: 10 });
        expect((await store.all(reader)).map((e) => [e.roomId, e.attempts])).toEqual([
            ['r2', 1],
            ['r1', 2],
        ]);
        await store.remove(fake.persis, 'r1');
        expect(await store.find(reader, 'r1')).toBeUndefined();
        expect((await store.find(reader, 'r2'))?.roomId).toBe('r2');
    });
});
