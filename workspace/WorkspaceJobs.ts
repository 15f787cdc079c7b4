// What the Workspace adds for jobs at scale: the scheduler's jobs and runs (Agenda, engine/scheduler/), killing the
// app's process, uploaded files, and many rooms seeded at once. Workspace (Workspace.ts) extends this.
import type { JobRecord, JobRun } from './engine/scheduler/Agenda';
import type { SeedKindsOptions, SeedKindsResult } from './rocketchat/seedKinds';
import { seedRoomKinds } from './rocketchat/seedKinds';
import type { RcRoom, RcUpload } from './rocketchat/types';
import { WorkspaceHost } from './WorkspaceHost';

/** A job of the apps scheduler as a test sees it (dates as Date). */
export interface JobView {
    id: string;
    name: string;
    /** the app's processor id (the name without `_<appId>`) */
    processorId: string;
    appId: string;
    type: 'normal' | 'single';
    data: Readonly<Record<string, unknown>>;
    nextRunAt: Date | null;
    lockedAt: Date | null;
    lastRunAt?: Date;
    lastFinishedAt?: Date;
    failCount: number;
    failReason?: string;
    failedAt?: Date;
    repeatInterval?: string | number;
    running: boolean;
}

export interface JobRunView extends JobRun {
    processorId: string;
    appId: string;
}

const splitName = (name: string): { processorId: string; appId: string } => {
    const i = name.lastIndexOf('_');
    return i < 0 ? { processorId: name, appId: '' } : { processorId: name.slice(0, i), appId: name.slice(i + 1) };
};

const toDate = (s: string | null | undefined): Date | undefined => (s ? new Date(s) : undefined);

export abstract class WorkspaceJobs extends WorkspaceHost {
    // ------------------------------------------------------------------ scheduler
    private get agenda() {
        return this.engine.ctx.scheduler;
    }

    private view(r: JobRecord): JobView {
        return {
            id: r._id,
            name: r.name,
            ...splitName(r.name),
            type: r.type,
            data: r.data,
            nextRunAt: r.nextRunAt ? new Date(r.nextRunAt) : null,
            lockedAt: r.lockedAt ? new Date(r.lockedAt) : null,
            lastRunAt: toDate(r.lastRunAt),
            lastFinishedAt: toDate(r.lastFinishedAt),
            failCount: r.failCount ?? 0,
            failReason: r.failReason,
            failedAt: toDate(r.failedAt),
            repeatInterval: r.repeatInterval,
            running: this.agenda.isRunning(r._id),
        };
    }

    /** The app's jobs in the scheduler's collection (`rocketchat_apps_scheduler`), oldest first. */
    jobs(appId: string = this.appId): JobView[] {
        return this.agenda.jobs((r) => r.name.endsWith(`_${appId}`)).map((r) => this.view(r));
    }

    /** Every run of the app's jobs so far, oldest first. */
    jobRuns(appId: string = this.appId): JobRunView[] {
        return this.agenda.runs.map((r) => ({ ...r, ...splitName(r.name) })).filter((r) => r.appId === appId);
    }

    /**
     * Runs now each of the app's jobs due by now + withinMs (of one processor if given), as if the clock had
     * reached them, and waits for those runs to end (at most timeoutMs). Returns the runs.
     */
    async runDueJobs(o: { withinMs?: number; processorId?: string; timeoutMs?: number } = {}): Promise<JobRunView[]> {
        const appId = this.appId;
        const name = o.processorId && `${o.processorId}_${appId}`;
        const since = this.agenda.runs.length;
        const ids = new Set(this.agenda.bringForward((r) => (name ? r.name === name : r.name.endsWith(`_${appId}`)), o.withinMs ?? 0));
        const end = Date.now() + (o.timeoutMs ?? 20000);
        for (;;) {
            const ran = this.agenda.runs.slice(since).filter((r) => ids.has(r.jobId));
            const done = new Set(ran.filter((r) => r.finishedAt).map((r) => r.jobId));
            if ([...ids].every((id) => done.has(id)) || Date.now() > end) {
                return ran.map((r) => ({ ...r, ...splitName(r.name) }));
            }
            await new Promise((r) => setTimeout(r, 10));
        }
    }

    /**
     * Waits (real time) until none of the app's one-time jobs is due (within withinMs, or at all) or running or
     * held in memory to run, i.e. a chain of one-time jobs has ended; or until `until()` is true. Recurring jobs
     * are not waited for. Throws after timeoutMs with the jobs in the message.
     */
    async waitForJobs(o: { until?: () => boolean | Promise<boolean>; timeoutMs?: number; withinMs?: number } = {}): Promise<void> {
        const appId = this.appId;
        const mine = (r: { name: string }) => r.name.endsWith(`_${appId}`);
        const end = Date.now() + (o.timeoutMs ?? 20000);
        for (;;) {
            if (o.until && (await o.until())) {
                return;
            }
            const horizon = o.withinMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + o.withinMs;
            const memory = this.agenda.inMemory();
            const pending =
                this.agenda.jobs((r) => mine(r) && r.type === 'normal' && r.nextRunAt !== null && new Date(r.nextRunAt).getTime() <= horizon).length +
                memory.queued.filter((r) => mine(r) && r.type === 'normal' && r.nextRunAt !== null).length +
                memory.running.filter((r) => mine(r) && r.type === 'normal').length;
            if (!o.until && pending === 0) {
                return;
            }
            if (Date.now() > end) {
                throw new Error(`waitForJobs timed out; jobs: ${JSON.stringify(this.jobs())}`);
            }
            await new Promise((r) => setTimeout(r, 20));
        }
    }

    /** Resolves when the next run of the app's jobs (of one processor if given) starts; `finished` when it ends. */
    async nextJobRun(processorId?: string, o: { timeoutMs?: number } = {}): Promise<JobRunView & { finished: Promise<JobRunView> }> {
        const appId = this.appId;
        const wanted = (r: JobRun) => (processorId ? r.name === `${processorId}_${appId}` : r.name.endsWith(`_${appId}`));
        const started = this.agenda.nextRunStart(wanted);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no run of ${processorId ?? 'any job'} started in ${o.timeoutMs ?? 20000} ms`)), o.timeoutMs ?? 20000);
        });
        try {
            const run = await Promise.race([started, timeout]);
            const finished = this.agenda.runFinished(run).then((r) => ({ ...r, ...splitName(r.name) }));
            return { ...run, ...splitName(run.name), finished };
        } finally {
            clearTimeout(timer);
        }
    }

    // ------------------------------------------------------------------ the app's process
    /**
     * Kills the app's Deno child (as the OS or an operator would) and waits until the engine's liveness manager has
     * started a new one and the app answers again. A request in flight (a job's processor call) fails after the
     * runtime timeout.
     */
    async killAppProcess(signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 30000): Promise<{ killedPid: number; newPid?: number }> {
        const killedPid = this.appProcessId();
        if (!killedPid) {
            throw new Error('The app has no running process');
        }
        process.kill(killedPid, signal);
        const end = Date.now() + timeoutMs;
        const controller = this.engine.manager.getOneById(this.appId)?.getRuntimeController() as unknown as { getProcessState(): string } | undefined;
        for (;;) {
            const pid = this.appProcessId();
            if (pid && pid !== killedPid && controller?.getProcessState() === 'ready') {
                return { killedPid, newPid: pid };
            }
            if (Date.now() > end) {
                return { killedPid, newPid: pid !== killedPid ? pid : undefined };
            }
            await new Promise((r) => setTimeout(r, 25));
        }
    }

    // ------------------------------------------------------------------ uploads
    /** Files stored through the upload bridge (Rocket.Chat's Uploads collection), oldest first; of one room if given. */
    uploads(room?: RcRoom): ReadonlyArray<Readonly<RcUpload>> {
        return [...this.server.model.uploads.values()].filter((u) => !room || u.rid === room._id);
    }

    /** The bytes of an uploaded file (the file store). */
    uploadContent(fileId: string): Buffer {
        const content = this.server.model.uploadContents.get(fileId);
        if (!content) {
            throw new Error(`No uploaded file ${fileId}`);
        }
        return Buffer.from(content);
    }

    // ------------------------------------------------------------------ scale
    /**
     * Rooms of each kind fast, as if they were in the database when the app was installed: members, encrypted
     * rooms and rooms with members waiting for keys in exact numbers, no app events. See rocketchat/seedKinds.ts.
     */
    seedRoomKinds(o: SeedKindsOptions): SeedKindsResult {
        return seedRoomKinds(this.server.model, o);
    }
}
