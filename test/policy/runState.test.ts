import { describe, expect, it } from '@jest/globals';

import { emptyTally } from '../../src/policy/compliance';
import { EnforceTarget } from '../../src/policy/enforcement';
import { Policy } from '../../src/policy/Policy';
import type { EnforceRun, ReportRun } from '../../src/policy/runState';
import {
    advance,
    allStepsDone,
    countChange,
    endRun,
    enforceProgress,
    isActive,
    isRunState,
    isStale,
    latestRun,
    MAX_LISTED_FAILURES,
    nextState,
    nextStep,
    roomsLeft,
    RunStatus,
    RunType,
    StopReason,
} from '../../src/policy/runState';
import { RoomKind } from '../../src/policy/RoomKind';

function enforceRun(over: Partial<EnforceRun> = {}): EnforceRun {
    return {
        v: 1,
        seq: 1,
        runId: 'run-1',
        type: RunType.Enforce,
        status: RunStatus.Running,
        startedAt: 1000,
        startedBy: { id: 'chief', username: 'chief' },
        roomId: 'ops',
        step: 0,
        offset: 0,
        slice: 0,
        dueAt: 1000,
        lastNoticeAt: 1000,
        lastNoticeDone: 0,
        target: EnforceTarget.All,
        steps: [
            { kind: RoomKind.Direct, wanted: false },
            { kind: RoomKind.PrivateChannel, wanted: true },
        ],
        rate: 5,
        expected: 10,
        expectedExact: true,
        switched: 0,
        alreadyOk: 0,
        failed: 0,
        consecutiveFailures: 0,
        failedRoomIds: [],
        skippedKinds: [],
        rateLimited: 0,
        ...over,
    };
}

const reportRun = (over: Partial<ReportRun> = {}): ReportRun => ({
    v: 1,
    seq: 1,
    runId: 'rep-1',
    type: RunType.Report,
    status: RunStatus.Running,
    startedAt: 1000,
    startedBy: { id: 'chief', username: 'chief' },
    roomId: 'ops',
    step: 0,
    offset: 0,
    slice: 0,
    dueAt: 1000,
    lastNoticeAt: 1000,
    lastNoticeDone: 0,
    steps: [{ kind: RoomKind.Direct }],
    policies: { [RoomKind.Direct]: Policy.Required, [RoomKind.PrivateChannel]: Policy.Optional, [RoomKind.PrivateTeam]: Policy.Optional, [RoomKind.Discussion]: Policy.Optional },
    e2eEnabled: true,
    tally: emptyTally(),
    rows: 0,
    chunks: 0,
    partsSent: 0,
    ...over,
});

describe('latestRun', () => {
    it('takes the highest seq', () => {
        expect(latestRun([enforceRun({ seq: 3 }), enforceRun({ seq: 5 }), enforceRun({ seq: 4 })])?.seq).toBe(5);
        expect(latestRun([])).toBeUndefined();
    });

    it('lets no checkpoint written after a run ended revive it', () => {
        const ended = endRun(enforceRun({ seq: 6 }), RunStatus.Cancelled, 2000);
        const late = enforceRun({ seq: 7, switched: 4 });
        expect(latestRun([ended, late])).toEqual(ended);
        // a new run is not an old run's late checkpoint
        expect(latestRun([ended, enforceRun({ seq: 7, runId: 'run-2' })])?.runId).toBe('run-2');
    });
});

describe('a run’s progress', () => {
    it('counts changes, resets the failures in a row on success, and lists the first failures only', () => {
        let run = enforceRun();
        run = countChange(run, 'failed', 'a');
        run = countChange(run, 'failed', 'b');
        expect(run.consecutiveFailures).toBe(2);
        run = countChange(run, 'switched', 'c');
        run = countChange(run, 'already', 'd');
        expect(run).toMatchObject({ switched: 1, alreadyOk: 1, failed: 2, consecutiveFailures: 0, failedRoomIds: ['a', 'b'] });
        expect(enforceProgress(run)).toBe(4);
        for (let i = 0; i < 30; i++) {
            run = countChange(run, 'failed', `f${i}`);
        }
        expect(run.failedRoomIds).toHaveLength(MAX_LISTED_FAILURES);
    });

    it('moves through the listing and the steps', () => {
        let run = advance(enforceRun(), 100);
        expect(run.offset).toBe(100);
        run = nextStep(run);
        expect([run.step, run.offset, allStepsDone(run)]).toEqual([1, 0, false]);
        expect(allStepsDone(nextStep(run))).toBe(true);
    });

    it('says what is left: the failures, and the rooms not reached unless it finished', () => {
        const run = enforceRun({ expected: 10, switched: 4, failed: 1 });
        expect(roomsLeft(run)).toBe(1 + 5);
        expect(roomsLeft(endRun(run, RunStatus.Cancelled, 2000))).toBe(6);
        expect(roomsLeft(endRun(run, RunStatus.Done, 2000))).toBe(1);
    });

    it('ends with a status, a time and a reason', () => {
        const ended = endRun(enforceRun(), RunStatus.Stopped, 5000, StopReason.TooManyFailures);
        expect(ended).toMatchObject({ status: 'stopped', endedAt: 5000, stopReason: 'too-many-failures' });
        expect(isActive(ended)).toBe(false);
        expect(nextState(ended, {}).seq).toBe(2);
    });

    it('is stale only when running and idle for a lease past when it was due', () => {
        const run = enforceRun({ dueAt: 10_000 });
        expect(isStale(run, 15_000, 6000)).toBe(false);
        expect(isStale(run, 16_001, 6000)).toBe(true);
        expect(isStale(endRun(run, RunStatus.Done, 10_000), 99_000, 6000)).toBe(false);
    });
});

describe('isRunState', () => {
    it('accepts what the app writes and nothing else', () => {
        expect(isRunState(enforceRun())).toBe(true);
        expect(isRunState(reportRun())).toBe(true);
        expect(isRunState({ ...enforceRun(), v: 2 })).toBe(false);
        expect(isRunState({ ...enforceRun(), target: 'everything' })).toBe(false);
        expect(isRunState({ ...enforceRun(), steps: [{ kind: 'public_channel', wanted: true }] })).toBe(false);
        expect(isRunState({ ...enforceRun(), switched: -1 })).toBe(false);
        expect(isRunState({ ...reportRun(), tally: {} })).toBe(false);
        expect(isRunState({ ...enforceRun(), type: 'other' })).toBe(false);
        expect(isRunState(null)).toBe(false);
    });
});
