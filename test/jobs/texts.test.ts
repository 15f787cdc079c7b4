import { describe, expect, it } from '@jest/globals';

import { translate, translateAll } from '../../src/i18n/translate';
import { enforceEndLines, enforceStatusLines, isoMinute, reportLines } from '../../src/jobs/texts';
import { emptyTally } from '../../src/policy/compliance';
import { EnforceTarget } from '../../src/policy/enforcement';
import { Policy } from '../../src/policy/Policy';
import type { EnforceRun, ReportRun } from '../../src/policy/runState';
import { endRun, RunStatus, RunType, StopReason } from '../../src/policy/runState';
import { RoomKind } from '../../src/policy/RoomKind';
import { say } from '../support/say';

const run: EnforceRun = {
    v: 1,
    seq: 3,
    runId: 'run',
    type: RunType.Enforce,
    status: RunStatus.Running,
    startedAt: Date.parse('2026-01-31T09:30:12Z'),
    startedBy: { id: 'chief', username: 'chief' },
    roomId: 'ops',
    step: 0,
    offset: 0,
    slice: 2,
    dueAt: 0,
    lastNoticeAt: 0,
    lastNoticeDone: 0,
    target: EnforceTarget.PrivateChannel,
    steps: [{ kind: RoomKind.PrivateChannel, wanted: true }],
    rate: 5,
    expected: 120,
    expectedExact: false,
    switched: 40,
    alreadyOk: 2,
    failed: 3,
    consecutiveFailures: 0,
    failedRoomIds: ['r1', 'r2', 'r3'],
    skippedKinds: [],
    rateLimited: 1,
};

describe('enforcement texts', () => {
    it('show a running run with its progress (a lower bound when counting stopped early), rate and time left', () => {
        const lines = enforceStatusLines(run, 0).map((t) => translate('en', t));
        expect(lines).toEqual([
            say('enforce_status_running', { target: say('kinds_private_channel'), username: 'chief', at: '2026-01-31 09:30Z', rate: 5 }),
            say('enforce_progress', { done: 45, expected: say('count_at_least', { n: 120 }), switched: 40, failed: 3 }),
            say('enforce_status_eta', { duration: say('duration_seconds', { n: 15 }) }),
            say('enforce_rate_limited', { count: 1 }),
            say('enforce_failed_rooms', { rooms: 'r1, r2, r3' }),
        ]);
    });

    it('say how a run ended: done, cancelled by whom, or stopped and why', () => {
        expect(translate('en', enforceEndLines(endRun(run, RunStatus.Done, 1))[0])).toBe(say('enforce_done', { switched: 40, failed: 3, left: 3 }));
        expect(translate('en', enforceEndLines(endRun({ ...run, cancelledBy: { id: 'd', username: 'deputy' } }, RunStatus.Cancelled, 1))[0])).toBe(
            say('enforce_cancelled', { username: 'deputy', switched: 40, failed: 3, left: 3 + 75 }),
        );
        expect(translate('en', enforceEndLines(endRun(run, RunStatus.Stopped, 1, StopReason.WorkspaceE2EOff))[0])).toBe(
            say('enforce_stopped', { reason: say('run_stopped_workspace_e2e_off'), switched: 40, failed: 3, left: 78 }),
        );
        expect(translate('en', enforceStatusLines(undefined, 0)[0])).toBe(say('enforce_status_none'));
    });

    it('write times in UTC to the minute', () => {
        expect(isoMinute(Date.parse('2026-01-31T23:59:59Z'))).toBe('2026-01-31 23:59Z');
    });
});

describe('report texts', () => {
    it('give each kind’s numbers as plain digits, in the reader’s language', () => {
        const report: ReportRun = {
            ...run,
            type: RunType.Report,
            steps: [{ kind: RoomKind.Direct }],
            policies: { [RoomKind.Direct]: Policy.Required, [RoomKind.PrivateChannel]: Policy.Optional, [RoomKind.PrivateTeam]: Policy.Optional, [RoomKind.Discussion]: Policy.Optional },
            e2eEnabled: true,
            tally: { ...emptyTally(), [RoomKind.Direct]: { rooms: 12345, encrypted: 2345, outOfPolicy: 10000, waiting: 7 } },
            rows: 10000,
            chunks: 100,
            partsSent: 1,
        } as ReportRun;
        const de = translateAll('de', reportLines(report));
        expect(de).toContain('12345');
        expect(de).not.toContain('12.345');
        expect(translate('en', reportLines(report)[1])).toBe(
            say('report_line', { kind: say('kinds_direct'), policy: say('policy_name_required'), rooms: 12345, encrypted: 2345, outOfPolicy: 10000, waiting: 7 }),
        );
    });
});
