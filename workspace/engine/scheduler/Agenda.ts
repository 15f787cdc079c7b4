// The job scheduler behind Rocket.Chat's apps scheduler bridge: Rocket.Chat's fork of Agenda
// (packages/agenda/src/Agenda.ts, Job.ts, JobProcessingQueue.ts), with the `rocketchat_apps_scheduler` collection
// kept in memory (and in the saved workspace state). What the bridge relies on is modelled as Agenda does it:
// - a scan every `processEvery` (5 s) locks the jobs due before the next scan and runs each at its nextRunAt by
//   timer; a job saved with a nextRunAt before the next scan is locked and run at once ("on the fly");
// - `defaultConcurrency` per job name (the bridge passes 1): a second due job of a name waits for the first;
// - Job.run sets lastRunAt, computes nextRunAt (null for a one-time job) and saves BEFORE calling the processor; a
//   processor that throws marks the job failed (failCount, failReason, failedAt) and is not retried;
// - a locked job whose lock is older than `lockLifetime` (10 min) is picked up again (a crashed run of a
//   recurring job); a one-time job that crashed mid-run has nextRunAt null and never runs again;
// - `stop()` unlocks the jobs this instance locked; a job already locked in memory still runs even if it is
//   removed from the collection meanwhile (Agenda does not re-read it).
import { randomBytes } from 'crypto';

import { humanInterval, scheduleDate } from './intervals';

/** A document of the jobs collection (IJobRecord), dates as ISO strings so the state is plain JSON. */
export interface JobRecord {
    _id: string;
    name: string;
    type: 'normal' | 'single';
    data: Record<string, unknown>;
    priority: number;
    nextRunAt: string | null;
    lockedAt: string | null;
    lastRunAt?: string | null;
    lastFinishedAt?: string;
    lastModifiedBy?: string;
    repeatInterval?: string | number;
    repeatTimezone?: string | null;
    failCount?: number;
    failReason?: string;
    failedAt?: string;
    disabled?: boolean;
}

/** One run of a job, for tests (not an Agenda record). */
export interface JobRun {
    jobId: string;
    name: string;
    type: 'normal' | 'single';
    startedAt: Date;
    finishedAt?: Date;
    ok?: boolean;
    failReason?: string;
}

export type JobProcessor = (job: Job) => Promise<void>;

interface Definition {
    fn: JobProcessor;
    concurrency: number;
    lockLifetime: number;
    priority: number;
    running: number;
    locked: number;
}

export interface AgendaOptions {
    /** Agenda's processEvery; default '5 seconds' */
    processEveryMs?: number;
    /** Agenda's defaultConcurrency; the apps bridge sets 1 */
    defaultConcurrency?: number;
    /** Agenda's defaultLockLifetime; default 10 minutes */
    lockLifetimeMs?: number;
}

const iso = (d: Date | null | undefined): string | null | undefined => (d instanceof Date ? d.toISOString() : d);
const date = (s: string | null | undefined): Date | null => (s ? new Date(s) : null);

/** A 24-hex id, as MongoDB's ObjectId. */
export const objectId = (): string => Math.floor(Date.now() / 1000).toString(16).padStart(8, '0') + randomBytes(8).toString('hex');

interface JobAttributes {
    _id: string;
    name: string;
    type: 'normal' | 'single';
    data: Record<string, unknown>;
    priority: number;
    nextRunAt: Date | null;
    lockedAt?: Date | null;
    lastRunAt?: Date | null;
    lastFinishedAt?: Date;
    lastModifiedBy?: string;
    repeatInterval?: string | number;
    repeatTimezone?: string | null;
    failCount?: number;
    failReason?: string;
    failedAt?: Date;
    disabled?: boolean;
}

/** packages/agenda/src/Job.ts */
export class Job {
    attrs: JobAttributes;

    constructor(
        readonly agenda: Agenda,
        attrs: Partial<JobAttributes> & { name: string },
    ) {
        this.attrs = { _id: '', data: {}, priority: 0, ...attrs, nextRunAt: attrs.nextRunAt === undefined ? new Date() : attrs.nextRunAt, type: attrs.type ?? 'normal' };
    }

    static fromRecord(agenda: Agenda, r: JobRecord): Job {
        return new Job(agenda, {
            ...r,
            data: JSON.parse(JSON.stringify(r.data ?? {})) as Record<string, unknown>,
            nextRunAt: date(r.nextRunAt),
            lockedAt: date(r.lockedAt),
            lastRunAt: date(r.lastRunAt),
            lastFinishedAt: date(r.lastFinishedAt) ?? undefined,
            failedAt: date(r.failedAt) ?? undefined,
        });
    }

    /** toJSON: every attribute but _id, as the document stores it */
    toRecordProps(): Omit<JobRecord, '_id'> {
        const { _id, ...a } = this.attrs;
        void _id;
        const out: Record<string, unknown> = {
            ...a,
            data: JSON.parse(JSON.stringify(a.data ?? {})),
            nextRunAt: iso(a.nextRunAt) ?? null,
            lockedAt: iso(a.lockedAt) ?? null,
            lastRunAt: iso(a.lastRunAt) ?? null,
            lastFinishedAt: iso(a.lastFinishedAt),
            failedAt: iso(a.failedAt),
        };
        for (const k of Object.keys(out)) {
            if (out[k] === undefined) {
                delete out[k];
            }
        }
        return out as Omit<JobRecord, '_id'>;
    }

    /** computeNextRunAt / _computeFromInterval (cron not modelled: see intervals.ts) */
    computeNextRunAt(): this {
        const interval = this.attrs.repeatInterval;
        this.attrs.nextRunAt = null;
        if (interval === undefined || interval === null || interval === '') {
            return this;
        }
        const lastRun = this.attrs.lastRunAt ?? new Date();
        const ms = typeof interval === 'number' ? interval : humanInterval(interval);
        if (!Number.isFinite(ms) || ms <= 0) {
            // Agenda reads an unreadable interval as 0 ms (a job that runs continuously); here it fails as Agenda
            // fails an interval it cannot compute, so a typo cannot spin the clock.
            this.fail('failed to calculate nextRunAt due to invalid repeat interval');
            return this;
        }
        this.attrs.nextRunAt = !this.attrs.lastRunAt ? new Date(lastRun.valueOf()) : new Date(lastRun.valueOf() + ms);
        return this;
    }

    /** repeatEvery(interval, { skipImmediate }) */
    repeatEvery(interval: string | number, options: { skipImmediate?: boolean } = {}): this {
        this.attrs.repeatInterval = interval;
        this.attrs.repeatTimezone = null;
        if (options.skipImmediate) {
            // lastRunAt = nextRunAt so the new nextRunAt is one interval after it
            this.attrs.lastRunAt = this.attrs.nextRunAt ?? new Date();
            this.computeNextRunAt();
            this.attrs.lastRunAt = undefined;
        } else {
            this.computeNextRunAt();
        }
        return this;
    }

    schedule(time: string | Date | number): this {
        this.attrs.nextRunAt = scheduleDate(time);
        return this;
    }

    fail(reason: unknown): this {
        this.attrs.failReason = reason instanceof Error ? reason.message : String(reason);
        this.attrs.failCount = (this.attrs.failCount ?? 0) + 1;
        const now = new Date();
        this.attrs.failedAt = now;
        this.attrs.lastFinishedAt = now;
        return this;
    }

    save(): Promise<void> {
        return this.agenda.saveJob(this);
    }

    /** Job.run: lastRunAt and nextRunAt saved before the processor; failures marked, never rethrown. */
    async run(): Promise<Job> {
        const definition = this.agenda.getDefinition(this.attrs.name);
        let finished = false;
        const jobCallback = async (err?: unknown): Promise<void> => {
            if (finished) {
                return;
            }
            finished = true;
            if (err) {
                this.fail(err);
            } else {
                this.attrs.lastFinishedAt = new Date();
            }
            this.attrs.lockedAt = null;
            await this.save();
            this.agenda.emitComplete(this, err);
        };
        try {
            this.attrs.lastRunAt = new Date();
            this.computeNextRunAt();
            await this.save();
            this.agenda.emitStart(this);
            if (!definition) {
                throw new Error('Undefined job');
            }
            await definition.fn(this);
            await jobCallback();
        } catch (error) {
            await jobCallback(error ?? new Error('job failed'));
        }
        return this;
    }
}

/** packages/agenda/src/JobProcessingQueue.ts: sorted by nextRunAt descending, so pop() gives the earliest. */
class JobProcessingQueue {
    private readonly queue: Job[] = [];

    get length(): number {
        return this.queue.length;
    }

    get jobs(): readonly Job[] {
        return this.queue;
    }

    pop(): Job | undefined {
        return this.queue.pop();
    }

    insert(job: Job): void {
        const t = (j: Job) => (j.attrs.nextRunAt as Date).getTime();
        const i = this.queue.findIndex((e) => t(e) < t(job) || (t(e) === t(job) && e.attrs.priority >= job.attrs.priority));
        if (i === -1) {
            this.queue.push(job);
        } else {
            this.queue.splice(i, 0, job);
        }
    }

    returnNextConcurrencyFreeJob(definitions: Record<string, Definition>): Job {
        let next;
        for (next = this.queue.length - 1; next > 0; next -= 1) {
            const def = definitions[this.queue[next].attrs.name];
            if (def.concurrency > def.running) {
                break;
            }
        }
        return this.queue[next];
    }
}

export class Agenda {
    /** the rocketchat_apps_scheduler collection, in insertion order */
    readonly collection = new Map<string, JobRecord>();
    readonly runs: JobRun[] = [];
    private readonly definitions: Record<string, Definition> = {};
    private readonly processEvery: number;
    private readonly defaultConcurrency: number;
    private readonly defaultLockLifetime: number;
    private runningJobs: Job[] = [];
    private lockedJobs: Job[] = [];
    private jobsToLock: Job[] = [];
    private isLockingOnTheFly = false;
    private readonly jobQueue = new JobProcessingQueue();
    private processInterval?: NodeJS.Timeout;
    private nextScanAt?: Date;
    private readonly timers = new Set<NodeJS.Timeout>();
    private readonly startWaiters: Array<{ match: (run: JobRun) => boolean; resolve: (run: JobRun) => void }> = [];
    private readonly completeWaiters = new Map<JobRun, Array<(run: JobRun) => void>>();

    constructor(options: AgendaOptions = {}) {
        this.processEvery = options.processEveryMs ?? humanInterval('5 seconds');
        this.defaultConcurrency = options.defaultConcurrency ?? 5;
        this.defaultLockLifetime = options.lockLifetimeMs ?? 10 * 60 * 1000;
    }

    get started(): boolean {
        return Boolean(this.processInterval);
    }

    // ------------------------------------------------------------------ the collection
    private insertRecord(props: Omit<JobRecord, '_id'>): JobRecord {
        const record = { _id: objectId(), ...props } as JobRecord;
        this.collection.set(record._id, record);
        return record;
    }

    /** jobs(query): copies of the documents that match */
    jobs(match: (r: JobRecord) => boolean = () => true): JobRecord[] {
        return [...this.collection.values()].filter(match).map((r) => JSON.parse(JSON.stringify(r)) as JobRecord);
    }

    /** cancel(query): deletes the matching documents (deleteMany); jobs already locked in memory still run. */
    async cancel(match: (r: JobRecord) => boolean): Promise<number> {
        let n = 0;
        for (const [id, r] of [...this.collection]) {
            if (match(r)) {
                this.collection.delete(id);
                n += 1;
            }
        }
        return n;
    }

    /** The documents as saved state. */
    snapshot(): JobRecord[] {
        return this.jobs();
    }

    /** Documents loaded from a saved state (before start(), as the collection is there when the server starts). */
    restore(records: ReadonlyArray<JobRecord>): void {
        this.collection.clear();
        for (const r of records) {
            this.collection.set(r._id, JSON.parse(JSON.stringify(r)) as JobRecord);
        }
    }

    // ------------------------------------------------------------------ definitions, creation
    define(name: string, fn: JobProcessor): void {
        this.definitions[name] = { fn, concurrency: this.defaultConcurrency, lockLifetime: this.defaultLockLifetime, priority: 0, running: 0, locked: 0 };
    }

    getDefinition(name: string): Definition | undefined {
        return this.definitions[name];
    }

    create(name: string, data: Record<string, unknown> = {}): Job {
        return new Job(this, { name, data, type: 'normal', priority: this.definitions[name]?.priority ?? 0 });
    }

    /** every() → _createIntervalJob: a 'single' job upserted by name. */
    async every(interval: string | number, name: string, data: Record<string, unknown>, options: { skipImmediate?: boolean } = {}): Promise<Job> {
        const job = this.create(name, data);
        job.attrs.type = 'single';
        job.repeatEvery(interval, options);
        await job.save();
        return job;
    }

    /**
     * schedule() → _createScheduledJob: `job.schedule(when).save()` is NOT awaited, so the job is returned before the
     * database has answered the insert and its _id is still ''. The insert completes on a later turn, as I/O does.
     */
    async schedule(when: string | Date | number, name: string, data: Record<string, unknown>): Promise<Job> {
        const job = this.create(name, data).schedule(when);
        setImmediate(() => void job.save());
        return job;
    }

    // ------------------------------------------------------------------ saving (saveJob)
    async saveJob(job: Job): Promise<void> {
        const props = job.toRecordProps();
        const now = new Date();
        if (job.attrs._id) {
            // _updateJob: findOneAndUpdate({ _id }, { $set: props }); a removed document is not re-created
            const existing = this.collection.get(job.attrs._id);
            if (!existing) {
                return;
            }
            Object.assign(existing, props);
            return this.processDbResult(job, existing);
        }
        if (props.type === 'single') {
            return this.saveSingleJob(job, props, now);
        }
        return this.processDbResult(job, this.insertRecord(props));
    }

    /** _saveSingleJob: upsert on { name, type: 'single' }; a nextRunAt already due is only set on insert. */
    private saveSingleJob(job: Job, props: Omit<JobRecord, '_id'>, now: Date): void {
        const { nextRunAt, ...set } = props;
        const existing = [...this.collection.values()].find((r) => r.name === props.name && r.type === 'single');
        const keepDue = Boolean(nextRunAt && new Date(nextRunAt) <= now);
        if (existing) {
            Object.assign(existing, set);
            if (!keepDue) {
                existing.nextRunAt = nextRunAt;
            }
            return this.processDbResult(job, existing);
        }
        return this.processDbResult(job, this.insertRecord({ ...set, nextRunAt, lockedAt: props.lockedAt ?? null } as Omit<JobRecord, '_id'>));
    }

    /** _processDbResult: a job due before the next scan is processed at once. */
    private processDbResult(job: Job, record: JobRecord): void {
        job.attrs._id = record._id;
        job.attrs.nextRunAt = date(record.nextRunAt);
        if (job.attrs.nextRunAt && this.nextScanAt && job.attrs.nextRunAt < this.nextScanAt) {
            this.processJobs(job);
        }
    }

    // ------------------------------------------------------------------ start / stop
    async start(): Promise<void> {
        if (this.processInterval) {
            return;
        }
        this.processInterval = setInterval(() => this.processJobs(), this.processEvery);
        this.processInterval.unref();
        process.nextTick(() => this.processJobs());
    }

    /** stop(): no more scans or runs; the jobs this instance locked are unlocked (lockedAt null). */
    async stop(): Promise<void> {
        if (this.processInterval) {
            clearInterval(this.processInterval);
        }
        this.processInterval = undefined;
        for (const t of this.timers) {
            clearTimeout(t);
        }
        this.timers.clear();
        for (const job of this.lockedJobs) {
            const r = this.collection.get(job.attrs._id);
            if (r) {
                r.lockedAt = null;
            }
        }
        this.lockedJobs = [];
    }

    private later(fn: () => void, ms: number): void {
        const t = setTimeout(() => {
            this.timers.delete(t);
            fn();
        }, ms);
        t.unref();
        this.timers.add(t);
    }

    // ------------------------------------------------------------------ processing
    processJobs(extraJob?: Job): void {
        if (!this.processInterval) {
            return;
        }
        if (!extraJob) {
            for (const name of Object.keys(this.definitions)) {
                void this.jobQueueFilling(name);
            }
        } else if (this.definitions[extraJob.attrs.name]) {
            this.jobsToLock.push(extraJob);
            void this.lockOnTheFly();
        }
    }

    private async findAndLockNextJob(name: string, definition: Definition): Promise<Job | undefined> {
        const now = new Date();
        const lockDeadline = now.getTime() - definition.lockLifetime;
        const scanAt = (this.nextScanAt ?? now).getTime();
        const candidates = [...this.collection.values()].filter(
            (r) =>
                r.name === name &&
                r.disabled !== true &&
                ((r.lockedAt === null && r.nextRunAt !== null && new Date(r.nextRunAt).getTime() <= scanAt) ||
                    (r.lockedAt !== null && new Date(r.lockedAt).getTime() <= lockDeadline)),
        );
        // sort { nextRunAt: 1, priority: -1 } (MongoDB puts null first)
        candidates.sort((a, b) => (a.nextRunAt === b.nextRunAt ? b.priority - a.priority : a.nextRunAt === null ? -1 : b.nextRunAt === null ? 1 : a.nextRunAt.localeCompare(b.nextRunAt)));
        const found = candidates[0];
        if (!found) {
            return undefined;
        }
        found.lockedAt = now.toISOString();
        if (found.nextRunAt === null) {
            // Agenda cannot queue a job without nextRunAt (the queue's sort throws, caught as "job lock failed"):
            // the document stays locked and never runs
            return undefined;
        }
        return Job.fromRecord(this, found);
    }

    private shouldLock(): boolean {
        return true; // lockLimit and defaultLockLimit are 0 (no limit) for the apps scheduler
    }

    private async lockOnTheFly(): Promise<void> {
        if (this.isLockingOnTheFly || this.jobsToLock.length === 0) {
            return;
        }
        this.isLockingOnTheFly = true;
        const now = new Date();
        const job = this.jobsToLock.pop() as Job;
        const r = this.collection.get(job.attrs._id);
        if (r && r.lockedAt === null && r.disabled !== true && r.nextRunAt !== null && r.nextRunAt === iso(job.attrs.nextRunAt)) {
            r.lockedAt = now.toISOString();
            const locked = Job.fromRecord(this, r);
            this.lockedJobs.push(locked);
            (this.definitions[locked.attrs.name] as Definition).locked += 1;
            this.jobQueue.insert(locked);
            this.jobProcessing();
        }
        this.isLockingOnTheFly = false;
        await this.lockOnTheFly();
    }

    private async jobQueueFilling(name: string): Promise<void> {
        if (!this.shouldLock()) {
            return;
        }
        const now = new Date();
        this.nextScanAt = new Date(now.valueOf() + this.processEvery);
        const definition = this.definitions[name];
        const job = await this.findAndLockNextJob(name, definition);
        if (job) {
            this.lockedJobs.push(job);
            definition.locked += 1;
            this.jobQueue.insert(job);
            await this.jobQueueFilling(name);
            this.jobProcessing();
        }
    }

    private runOrRetry(): void {
        if (!this.processInterval) {
            return;
        }
        const job = this.jobQueue.pop();
        if (!job) {
            return;
        }
        const definition = this.definitions[job.attrs.name];
        if (definition.concurrency > definition.running) {
            const lockDeadline = Date.now() - definition.lockLifetime;
            if (job.attrs.lockedAt && job.attrs.lockedAt.getTime() < lockDeadline) {
                this.lockedJobs.splice(this.lockedJobs.indexOf(job), 1);
                definition.locked -= 1;
                this.jobProcessing();
                return;
            }
            this.runningJobs.push(job);
            definition.running += 1;
            void job.run().then((ran) => this.processJobResult(ran));
        } else {
            this.jobQueue.insert(job);
        }
    }

    private jobProcessing(): void {
        if (this.jobQueue.length === 0) {
            return;
        }
        const now = new Date();
        const job = this.jobQueue.returnNextConcurrencyFreeJob(this.definitions);
        if (!job.attrs.nextRunAt) {
            return;
        }
        if (job.attrs.nextRunAt <= now) {
            this.runOrRetry();
        } else {
            this.later(() => this.jobProcessing(), job.attrs.nextRunAt.valueOf() - now.valueOf());
        }
    }

    private processJobResult(job: Job): void {
        const { name } = job.attrs;
        const i = this.runningJobs.indexOf(job);
        if (i >= 0) {
            this.runningJobs.splice(i, 1);
        }
        const definition = this.definitions[name];
        if (definition && definition.running > 0) {
            definition.running -= 1;
        }
        const l = this.lockedJobs.indexOf(job);
        if (l >= 0) {
            this.lockedJobs.splice(l, 1);
        }
        if (definition && definition.locked > 0) {
            definition.locked -= 1;
        }
        this.jobProcessing();
    }

    // ------------------------------------------------------------------ what tests look at (not Agenda)
    /** Jobs held in this instance's memory (locked, waiting for their time, or running). */
    inMemory(): { queued: JobRecord[]; running: JobRecord[] } {
        const view = (j: Job): JobRecord => ({ _id: j.attrs._id, ...j.toRecordProps() });
        return { queued: this.jobQueue.jobs.map(view), running: this.runningJobs.map(view) };
    }

    isRunning(jobId: string): boolean {
        return this.runningJobs.some((j) => j.attrs._id === jobId);
    }

    /** Makes the jobs that match due now (as if the clock had reached them) and processes them. */
    bringForward(match: (r: JobRecord) => boolean, withinMs: number): string[] {
        const now = new Date();
        const until = now.getTime() + withinMs;
        const ids: string[] = [];
        for (const r of this.collection.values()) {
            if (match(r) && r.disabled !== true && r.nextRunAt !== null && r.lockedAt === null && new Date(r.nextRunAt).getTime() <= until) {
                r.nextRunAt = now.toISOString();
                ids.push(r._id);
            }
        }
        for (const j of this.jobQueue.jobs) {
            const r = this.collection.get(j.attrs._id);
            if (j.attrs.nextRunAt && match(r ?? { ...j.toRecordProps(), _id: j.attrs._id }) && j.attrs.nextRunAt.getTime() <= until) {
                j.attrs.nextRunAt = now;
                ids.push(j.attrs._id);
            }
        }
        this.processJobs();
        this.jobProcessing();
        return ids;
    }

    /** Resolves when the next run matching `match` starts. */
    nextRunStart(match: (run: JobRun) => boolean): Promise<JobRun> {
        return new Promise((resolve) => this.startWaiters.push({ match, resolve }));
    }

    /** Resolves when `run` completes (at once if it has). */
    runFinished(run: JobRun): Promise<JobRun> {
        if (run.finishedAt) {
            return Promise.resolve(run);
        }
        return new Promise((resolve) => {
            const list = this.completeWaiters.get(run) ?? [];
            list.push(resolve);
            this.completeWaiters.set(run, list);
        });
    }

    emitStart(job: Job): void {
        const run: JobRun = { jobId: job.attrs._id, name: job.attrs.name, type: job.attrs.type, startedAt: job.attrs.lastRunAt ?? new Date() };
        this.runs.push(run);
        (job as unknown as { run_?: JobRun }).run_ = run;
        for (let i = this.startWaiters.length - 1; i >= 0; i--) {
            if (this.startWaiters[i].match(run)) {
                this.startWaiters[i].resolve(run);
                this.startWaiters.splice(i, 1);
            }
        }
    }

    emitComplete(job: Job, err: unknown): void {
        const run = (job as unknown as { run_?: JobRun }).run_;
        if (!run) {
            return;
        }
        run.finishedAt = job.attrs.lastFinishedAt ?? new Date();
        run.ok = !err;
        if (err) {
            run.failReason = job.attrs.failReason;
        }
        for (const resolve of this.completeWaiters.get(run) ?? []) {
            resolve(run);
        }
        this.completeWaiters.delete(run);
    }
}
