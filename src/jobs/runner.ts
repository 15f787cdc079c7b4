import type { IModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { IJobContext } from '@rocket.chat/apps-engine/definition/scheduler';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { randomUUID } from 'crypto';

import type { AppContext } from '../actions/context';
import type { Accessors } from '../app/Accessors';
import type { AppServices } from '../app/AppServices';
import type { Text } from '../i18n/translate';
import { errorName } from '../lib/errors';
import { findRoomById, findUserById } from '../lib/lookups';
import { tell } from '../lib/notify';
import { CLAIM_ATTEMPTS, claimPauseMs, decideClaim } from '../policy/claim';
import type { Person, RunState, RunType } from '../policy/runState';
import { isActive, isStale, nextState } from '../policy/runState';
import type { AppSettings } from '../settings/AppSettings';
import type { JobId } from './ids';

/** A background job's context: the accessors a processor gets, with the settings read fresh. */
export interface JobContext extends AppContext {
    readonly modify: IModify;
}

export async function jobContext(accessors: Accessors, services: AppServices): Promise<JobContext> {
    const settings = await services.settings.refresh(accessors.read.getEnvironmentReader().getSettings());
    return { ...accessors, services, settings };
}

/**
 * Work a slice does before it saves its place and hands over to the next one. A processor runs
 * inside the engine's runtime timeout (30 s on Rocket.Chat, `APPS_ENGINE_RUNTIME_TIMEOUT`), and
 * so do a command and a dialog submission; this leaves room for one REST call in flight.
 */
export const SLICE_BUDGET_MS = 3000;

/**
 * How long a running run may show no activity past when it was due before another slice takes
 * it over: longer than any slice can take (its work and one REST call at the request timeout).
 */
export function leaseMs(settings: AppSettings): number {
    return SLICE_BUDGET_MS + settings.requestTimeoutMs + 2000;
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export function personOf(user: Pick<IUser, 'id' | 'username'>): Person {
    return { id: user.id, username: user.username };
}

/** `busy`: the run that is going, or undefined when others kept starting one at the same moment (try again). */
export type ClaimResult<T extends RunState> = { readonly started: T } | { readonly busy: RunState | undefined };

/**
 * Starts a run of `type` unless one is going, once for the whole workspace (see policy/claim.ts):
 * writes a claim, decides, and on winning writes the run's first state (built by `create` with
 * the next `seq`) before withdrawing the claim. `busy` carries the run that is going, if known.
 */
export async function claimRun<T extends RunState>(ctx: AppContext, type: RunType, create: (seq: number) => T): Promise<ClaimResult<T>> {
    const store = ctx.services.runs;
    const reader = ctx.read.getPersistenceReader();
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        const before = await store.latest(reader, type);
        if (isActive(before)) {
            return { busy: before };
        }
        const token = randomUUID();
        await store.addClaim(ctx.persis, type, { token, at: Date.now() });
        try {
            const [claims, latest] = await Promise.all([store.claims(reader, type), store.latest(reader, type)]);
            const decision = decideClaim({ mine: token, claims, runActive: isActive(latest), now: Date.now() });
            if (decision === 'busy') {
                return { busy: latest };
            }
            if (decision === 'won') {
                const started = create((latest?.seq ?? 0) + 1);
                await store.write(ctx.persis, started);
                await store.removeOthers(ctx.persis, reader, type, started);
                return { started };
            }
        } finally {
            await store.removeClaim(ctx.persis, type, token);
        }
        await sleep(claimPauseMs(Math.random()));
    }
    const latest = await store.latest(reader, type);
    return { busy: isActive(latest) ? latest : undefined };
}

/** What a slice was scheduled with: the run and slice it continues, or nothing (a resume of a run nobody works on). */
export interface SliceData {
    readonly runId?: string;
    readonly slice?: number;
}

export function sliceData(jobContext: IJobContext | undefined): SliceData {
    const runId = jobContext?.runId;
    const slice = jobContext?.slice;
    return { runId: typeof runId === 'string' ? runId : undefined, slice: Number.isInteger(slice) ? (slice as number) : undefined };
}

/**
 * Runs one slice of the current run of `type`, if this slice should: a scheduled slice only
 * continues the run and slice it was scheduled for; a resume only takes over a run nobody has
 * worked on for a lease. The slice takes the run by writing the next slice number first, so a
 * late duplicate finds it taken. Never throws: a processor that throws is only marked failed.
 */
export async function runSlice<T extends RunState>(
    ctx: JobContext,
    type: RunType,
    data: SliceData,
    work: (run: T, deadline: number) => Promise<void>,
): Promise<void> {
    const { services } = ctx;
    if (!services.slices.tryEnter(type)) {
        return;
    }
    try {
        const run = (await services.runs.latest(ctx.read.getPersistenceReader(), type)) as T | undefined;
        if (!isActive(run)) {
            return;
        }
        const now = Date.now();
        const mine = data.runId === undefined ? isStale(run, now, leaseMs(ctx.settings)) : data.runId === run.runId && data.slice === run.slice;
        if (!mine) {
            return;
        }
        const taken = nextState(run, { slice: run.slice + 1, dueAt: now } as Partial<T>);
        await services.runs.write(ctx.persis, taken, run);
        await work(taken, now + SLICE_BUDGET_MS);
    } catch (error) {
        services.logger.error(`${type} slice failed: ${errorName(error)}`);
    } finally {
        services.slices.leave(type);
    }
}

/** Schedules the run's next slice at `at`. On Rocket.Chat the returned job id is not reliable, so it is not kept. */
export async function scheduleSlice(modify: IModify, id: JobId, run: RunState, at: number): Promise<void> {
    await modify.getScheduler().scheduleOnce({ id, when: new Date(at), data: { runId: run.runId, slice: run.slice } });
}

/** Tells whoever started the run, in the room they started it from; skipped when either is gone (the state and the audit trail still hold it). */
export async function tellStarter(ctx: JobContext, run: RunState, lines: Array<Text>, to: Person = run.startedBy): Promise<void> {
    try {
        const [user, room] = await Promise.all([findUserById(ctx.read, to.id), findRoomById(ctx.read, run.roomId)]);
        if (user && room) {
            await tell(ctx.read, ctx.modify, user, room, lines);
        }
    } catch (error) {
        ctx.services.logger.error(`could not tell about a ${run.type} run: ${errorName(error)}`);
    }
}
