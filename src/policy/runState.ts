import type { Tally } from './compliance';
import { isTally } from './compliance';
import type { EnforcementStep, EnforceTarget } from './enforcement';
import { isEnforceTarget } from './enforcement';
import type { Policies } from './Policy';
import type { SupportedKind } from './RoomKind';
import { isSupportedKind } from './RoomKind';

/**
 * A background run (`/e2e report`, `/e2e enforce`) as it is kept in app persistence between
 * its slices: where it is, what it did, whom to tell. Identifiers and counts only. Every write
 * is a new record with a higher `seq` (Rocket.Chat's updateByAssociations cannot be relied on),
 * so a process that dies mid-run leaves the last checkpoint, and the run continues from there.
 */
export enum RunType {
    Enforce = 'enforce',
    Report = 'report',
}

export enum RunStatus {
    Running = 'running',
    Done = 'done',
    Cancelled = 'cancelled',
    /** Ended early on its own; `stopReason` says why. */
    Stopped = 'stopped',
}

/** Why a run stopped before its end. Stored values (also audit reasons). */
export enum StopReason {
    WorkspaceE2EOff = 'workspace-e2e-off',
    NotConfigured = 'not-configured',
    TooManyFailures = 'too-many-failures',
    /** The app may not list every room (its `room.system.view-all` permission was not granted). */
    CannotListRooms = 'cannot-list-rooms',
}

export interface Person {
    readonly id: string;
    readonly username: string;
}

export interface RunBase {
    readonly v: 1;
    readonly seq: number;
    readonly runId: string;
    readonly status: RunStatus;
    readonly startedAt: number;
    readonly startedBy: Person;
    /** The room the request came from: where the person is told how it goes. */
    readonly roomId: string;
    /** Index into the run's steps, and of the next room in that step's listing. */
    readonly step: number;
    readonly offset: number;
    /** The number of the next slice; a scheduled slice that carries another number is stale. */
    readonly slice: number;
    /** When the run next shows activity: now while a slice works, the next slice's time between slices. */
    readonly dueAt: number;
    readonly lastNoticeAt: number;
    readonly lastNoticeDone: number;
    readonly endedAt?: number;
    readonly stopReason?: StopReason;
}

/** Where every new run starts: running, at its first step, due now. */
export function runStart(seq: number, runId: string, startedBy: Person, roomId: string, now: number): RunBase {
    return { v: 1, seq, runId, status: RunStatus.Running, startedAt: now, startedBy, roomId, step: 0, offset: 0, slice: 0, dueAt: now, lastNoticeAt: now, lastNoticeDone: 0 };
}

export interface EnforceRun extends RunBase {
    readonly type: RunType.Enforce;
    readonly target: EnforceTarget;
    readonly steps: ReadonlyArray<EnforcementStep>;
    readonly rate: number;
    /** Rooms the confirmation dialog said would be switched; a lower bound when `expectedExact` is false. */
    readonly expected: number;
    readonly expectedExact: boolean;
    readonly switched: number;
    /** Rooms out of policy when listed that were in line by the time the app got to them. */
    readonly alreadyOk: number;
    readonly failed: number;
    readonly consecutiveFailures: number;
    /** The first few rooms that failed, for `/e2e enforce status`. */
    readonly failedRoomIds: ReadonlyArray<string>;
    /** Kinds skipped because their policy changed during the run. */
    readonly skippedKinds: ReadonlyArray<SupportedKind>;
    /** How many times the workspace answered 429. */
    readonly rateLimited: number;
    readonly cancelledBy?: Person;
}

export interface ReportRun extends RunBase {
    readonly type: RunType.Report;
    readonly steps: ReadonlyArray<{ readonly kind: SupportedKind }>;
    /** The policies the report judged by (a report is only reused for enforcement while they hold). */
    readonly policies: Policies;
    readonly e2eEnabled: boolean;
    readonly tally: Tally;
    /** Out-of-policy rows kept so far (in `chunks` records) and how many CSV parts were sent. */
    readonly rows: number;
    readonly chunks: number;
    readonly partsSent: number;
    readonly delivery?: DeliveryOutcome;
}

/** What became of the report's file. */
export type DeliveryOutcome = 'sent' | 'none' | 'encrypted' | 'failed';

export type RunState = EnforceRun | ReportRun;

export const MAX_LISTED_FAILURES = 20;

export function isActive(run: RunState | undefined): run is RunState {
    return run !== undefined && run.status === RunStatus.Running;
}

/** A running run nobody is working on: no activity for `leaseMs` past when it was due (its process died, or its job was lost). */
export function isStale(run: RunState, now: number, leaseMs: number): boolean {
    return isActive(run) && now > run.dueAt + leaseMs;
}

const TERMINAL: ReadonlySet<RunStatus> = new Set([RunStatus.Done, RunStatus.Cancelled, RunStatus.Stopped]);

/**
 * The current state among the stored records of one run type: the highest `seq`, except that
 * once a run has ended, a checkpoint some slice wrote for it afterwards does not revive it.
 */
export function latestRun<T extends RunState>(records: ReadonlyArray<T>): T | undefined {
    let latest: T | undefined;
    for (const record of records) {
        if (!latest || record.seq > latest.seq) {
            latest = record;
        }
    }
    if (!latest || TERMINAL.has(latest.status)) {
        return latest;
    }
    const runId = latest.runId;
    const ended = records.filter((r) => r.runId === runId && TERMINAL.has(r.status));
    return ended.length > 0 ? ended.reduce((a, b) => (b.seq > a.seq ? b : a)) : latest;
}

/** The next record of a run: the same run with `changes`, one `seq` further. */
export function nextState<T extends RunState>(run: T, changes: Partial<T>): T {
    return { ...run, ...changes, seq: run.seq + 1 };
}

export function endRun<T extends RunState>(run: T, status: Exclude<RunStatus, RunStatus.Running>, now: number, stopReason?: StopReason): T {
    return { ...run, status, endedAt: now, dueAt: now, ...(stopReason ? { stopReason } : {}) };
}

export type ChangeOutcome = 'switched' | 'already' | 'failed';

/** Counts one room the run tried to switch. */
export function countChange(run: EnforceRun, outcome: ChangeOutcome, roomId: string): EnforceRun {
    switch (outcome) {
        case 'switched':
            return { ...run, switched: run.switched + 1, consecutiveFailures: 0 };
        case 'already':
            return { ...run, alreadyOk: run.alreadyOk + 1, consecutiveFailures: 0 };
        case 'failed':
            return {
                ...run,
                failed: run.failed + 1,
                consecutiveFailures: run.consecutiveFailures + 1,
                failedRoomIds: run.failedRoomIds.length < MAX_LISTED_FAILURES ? [...run.failedRoomIds, roomId] : run.failedRoomIds,
            };
    }
}

/** Rooms the run has dealt with, out of `expected`. */
export function enforceProgress(run: EnforceRun): number {
    return run.switched + run.alreadyOk + run.failed;
}

/** Rooms still out of policy as far as the run knows: those that failed, and those it did not get to. */
export function roomsLeft(run: EnforceRun): number {
    const notReached = run.status === RunStatus.Done ? 0 : Math.max(0, run.expected - enforceProgress(run));
    return run.failed + notReached;
}

/** Moves past `count` rooms of the current step's listing. */
export function advance<T extends RunState>(run: T, count: number): T {
    return { ...run, offset: run.offset + count };
}

/** The current step's listing is exhausted: on to the next one. */
export function nextStep<T extends RunState>(run: T): T {
    return { ...run, step: run.step + 1, offset: 0 };
}

export function allStepsDone(run: RunState): boolean {
    return run.step >= run.steps.length;
}

const isInt = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
const isPerson = (p: unknown): p is Person => typeof p === 'object' && p !== null && typeof (p as Person).id === 'string' && typeof (p as Person).username === 'string';

/** Whether a stored record is a run state this version understands (anything else is ignored). */
export function isRunState(value: unknown): value is RunState {
    const run = value as RunState;
    if (typeof value !== 'object' || value === null || run.v !== 1 || typeof run.runId !== 'string' || typeof run.roomId !== 'string') {
        return false;
    }
    if (![run.seq, run.startedAt, run.step, run.offset, run.slice, run.dueAt, run.lastNoticeAt, run.lastNoticeDone].every(isInt)) {
        return false;
    }
    if (!Object.values(RunStatus).includes(run.status) || !isPerson(run.startedBy) || !Array.isArray(run.steps)) {
        return false;
    }
    if (!run.steps.every((step) => typeof step === 'object' && step !== null && isSupportedKind(step.kind))) {
        return false;
    }
    if (run.type === RunType.Enforce) {
        return (
            isEnforceTarget(run.target) &&
            run.steps.every((step) => typeof (step as EnforcementStep).wanted === 'boolean') &&
            [run.rate, run.expected, run.switched, run.alreadyOk, run.failed, run.consecutiveFailures, run.rateLimited].every(isInt) &&
            Array.isArray(run.failedRoomIds) &&
            Array.isArray(run.skippedKinds)
        );
    }
    if (run.type === RunType.Report) {
        return isTally(run.tally) && [run.rows, run.chunks, run.partsSent].every(isInt) && typeof run.policies === 'object' && run.policies !== null;
    }
    return false;
}
