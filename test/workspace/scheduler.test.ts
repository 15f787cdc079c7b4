// The apps scheduler in the real runtime with the probe app: one-time and recurring jobs run through the engine's
// processors as Rocket.Chat's bridge over Agenda runs them, one at a time per job, no retry of a failed run, and
// the jobs kept across a killed app process and a workspace restart.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { Workspace } from '../../workspace/Workspace';
import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { buildProbeZip } from './probeApp';

type Rec = Record<string, unknown>;

describe('apps scheduler (probe app)', () => {
    let ws: Workspace;
    let alice: RcUser;
    let room: RcRoom;
    const zip = buildProbeZip();

    const records = (event?: string): Rec[] =>
        ws
            .persistedRecords()
            .map((r) => r.data as Rec)
            .filter((d) => !event || d.event === event);
    const jobRecords = (processor: string, event = 'job'): Rec[] => records(event).filter((d) => d.processor === processor);
    const probe = (args: string) => ws.runSlashCommand(alice, room, `/probe ${args}`);
    /** a fresh start for each test: no jobs of the app, no records */
    const clear = async () => {
        await ws.runSlashCommand(alice, room, '/probe cancel all');
        for (const r of ws.persistedRecords()) {
            ws.engine.ctx.persistence.delete(r._id);
        }
    };
    /** the runs that started after `since` */
    const runsSince = (since: number, processorId: string) => ws.jobRuns().filter((r) => r.processorId === processorId && r.startedAt.getTime() >= since);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 15000): Promise<T> {
        const end = Date.now() + timeoutMs;
        for (;;) {
            const v = fn();
            if (v) {
                return v;
            }
            if (Date.now() > end) {
                throw new Error(`timed out; jobs ${JSON.stringify(ws.jobs())}`);
            }
            await sleep(20);
        }
    }

    beforeAll(async () => {
        ws = await Workspace.start({ install: false, jobs: { processEveryMs: 300, lockLifetimeMs: 1500 } });
        await ws.installApp(zip);
        alice = ws.createUser({ username: 'alice' });
        room = await ws.createRoom('private', { name: 'jobs', owner: alice });
    }, 30000);

    afterAll(async () => {
        await ws?.stop();
    });

    it('runs a one-time job at its time with its data and jobId (no appId), then removes it', async () => {
        await clear();
        await probe('schedule once probe-job 400 {"n":1}');
        // Agenda's schedule() does not await the save: the id Rocket.Chat returns is ''
        expect(records('scheduled')).toEqual([{ event: 'scheduled', kind: 'once', processor: 'probe-job', returned: '' }]);
        const [job] = ws.jobs();
        expect(job).toMatchObject({ processorId: 'probe-job', appId: ws.appId, name: `probe-job_${ws.appId}`, type: 'normal', failCount: 0 });
        expect(job.nextRunAt?.getTime()).toBeGreaterThan(Date.now());
        expect(jobRecords('probe-job')).toHaveLength(0);
        await ws.waitForJobs();
        expect(jobRecords('probe-job')).toEqual([{ event: 'job', processor: 'probe-job', context: { n: 1, jobId: job.id } }]);
        expect(ws.jobs()).toEqual([]);
        const run = ws.jobRuns().find((r) => r.jobId === job.id);
        expect(run).toMatchObject({ ok: true, processorId: 'probe-job' });
        expect(run?.startedAt.getTime()).toBeGreaterThanOrEqual((job.nextRunAt as Date).getTime());
    }, 30000);

    it('reads a human-interval `when` ("in 1 second")', async () => {
        await clear();
        const before = Date.now();
        await probe('schedule once probe-job in_1_second');
        const [job] = ws.jobs();
        expect((job.nextRunAt as Date).getTime() - before).toBeGreaterThanOrEqual(900);
        await ws.waitForJobs();
        expect(jobRecords('probe-job')).toHaveLength(1);
    }, 30000);

    it('marks a processor that throws as failed and never runs it again', async () => {
        await clear();
        await probe('schedule once probe-fail 50');
        await waitFor(() => ws.jobs()[0]?.failCount === 1);
        const [job] = ws.jobs();
        expect(job).toMatchObject({ processorId: 'probe-fail', failCount: 1, nextRunAt: null, lockedAt: null, running: false });
        expect(job.failReason).toBeTruthy();
        await sleep(1000);
        expect(jobRecords('probe-fail')).toHaveLength(1);
        expect(ws.jobs()[0].failCount).toBe(1);
        expect(ws.jobRuns().filter((r) => r.jobId === job.id)).toEqual([expect.objectContaining({ ok: false })]);
        await probe('cancel probe-fail');
        expect(ws.jobs()).toEqual([]);
    }, 30000);

    it('runs a recurring job at once and every interval, upserted per processor; cancelJob(processorId) removes it', async () => {
        await clear();
        await probe('schedule recurring probe-job 600 false {"r":1}');
        expect(records('scheduled')[0].returned).toMatch(/^[0-9a-f]{24}$/);
        await waitFor(() => jobRecords('probe-job').length >= 2);
        // a second scheduleRecurring of the same processor updates the one job
        await probe('schedule recurring probe-job 800 false {"r":2}');
        const singles = ws.jobs().filter((j) => j.type === 'single');
        expect(singles).toHaveLength(1);
        expect(singles[0].repeatInterval).toBe(800);
        await waitFor(() => jobRecords('probe-job').some((d) => (d.context as Rec).r === 2));
        await probe('cancel probe-job');
        expect(ws.jobs()).toEqual([]);
        const count = jobRecords('probe-job').length;
        await sleep(1200);
        expect(jobRecords('probe-job').length).toBeLessThanOrEqual(count + 1);
        expect(ws.jobs()).toEqual([]);
    }, 30000);

    it('skipImmediate: the first run is one interval away; runDueJobs brings it forward', async () => {
        await clear();
        await probe('schedule recurring probe-job 10_minutes true');
        const [job] = ws.jobs();
        expect((job.nextRunAt as Date).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
        const runs = await ws.runDueJobs({ withinMs: 11 * 60_000 });
        expect(runs).toEqual([expect.objectContaining({ jobId: job.id, ok: true })]);
        expect(jobRecords('probe-job')).toHaveLength(1);
        const after = ws.jobs()[0];
        expect((after.nextRunAt as Date).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
        await probe('cancel all');
        expect(ws.jobs()).toEqual([]);
    }, 30000);

    it('runs one job of a name at a time (defaultConcurrency 1)', async () => {
        await clear();
        const since = Date.now();
        await probe('schedule once probe-slow 0 {"ms":500,"k":"a"}');
        await probe('schedule once probe-slow 0 {"ms":500,"k":"b"}');
        await ws.waitForJobs();
        const starts = jobRecords('probe-slow', 'job-start');
        const ends = jobRecords('probe-slow', 'job-end');
        expect(starts).toHaveLength(2);
        const runs = runsSince(since, 'probe-slow');
        expect(runs).toHaveLength(2);
        expect(runs[1].startedAt.getTime()).toBeGreaterThanOrEqual((runs[0].finishedAt as Date).getTime());
        expect(ends).toHaveLength(2);
    }, 30000);

    it('runs a chain of one-time jobs, each scheduling the next', async () => {
        await clear();
        await probe('schedule once probe-chain 0 {"steps":3,"gap":50}');
        await ws.waitForJobs();
        expect(jobRecords('probe-chain').map((d) => (d.context as Rec).step)).toEqual([undefined, 1, 2]);
        expect(ws.jobs()).toEqual([]);
    }, 30000);

    it('cancelAllJobs removes every job of the app', async () => {
        await clear();
        await probe('schedule once probe-job 60000');
        await probe('schedule recurring probe-job 1_hour true');
        await probe('schedule once probe-slow 60000');
        expect(ws.jobs()).toHaveLength(3);
        await probe('cancel all');
        expect(ws.jobs()).toEqual([]);
    }, 30000);

    it('kills the app process mid-job: that run fails and is not retried, the other jobs run, the recurring one goes on', async () => {
        await clear();
        const since = Date.now();
        await probe('schedule recurring probe-job 1500 true');
        const started = ws.nextJobRun('probe-slow');
        await probe('schedule once probe-slow 0 {"ms":4000}');
        await probe('schedule once probe-job 1000 {"after":"kill"}');
        const run = await started;
        const { killedPid, newPid } = await ws.killAppProcess();
        expect(newPid).toBeDefined();
        expect(newPid).not.toBe(killedPid);
        const finished = await run.finished;
        expect(finished.ok).toBe(false);
        expect(jobRecords('probe-slow', 'job-end')).toHaveLength(0);
        const slow = ws.jobs().find((j) => j.processorId === 'probe-slow');
        expect(slow).toMatchObject({ failCount: 1, nextRunAt: null });
        await waitFor(() => jobRecords('probe-job').some((d) => (d.context as Rec).after === 'kill'));
        const recurring = jobRecords('probe-job').filter((d) => !(d.context as Rec).after).length;
        await waitFor(() => jobRecords('probe-job').filter((d) => !(d.context as Rec).after).length > recurring, 5000);
        expect(runsSince(since, 'probe-slow')).toHaveLength(1);
        await probe('cancel all');
    }, 60000);

    it('keeps the jobs across a clean restart (--data): a pending one-time job runs in the new workspace', async () => {
        await clear();
        await probe('schedule once probe-job 1500 {"survives":"restart"}');
        await probe('schedule recurring probe-job 1_hour true');
        const before = ws.jobs().map((j) => ({ id: j.id, type: j.type, nextRunAt: j.nextRunAt }));
        ws = await ws.restart();
        alice = ws.user(alice._id) as RcUser;
        room = ws.room(room._id) as RcRoom;
        expect(ws.jobs().map((j) => ({ id: j.id, type: j.type, nextRunAt: j.nextRunAt }))).toEqual(before);
        await ws.waitForJobs();
        expect(jobRecords('probe-job').filter((d) => (d.context as Rec).survives === 'restart')).toHaveLength(1);
        expect(ws.jobs().map((j) => j.type)).toEqual(['single']);
        await probe('cancel all');
    }, 60000);

    it('after a crash mid-run: the one-time job that was running never runs again; a recurring one runs again once its lock expires', async () => {
        await clear();
        const started = ws.nextJobRun('probe-slow');
        await probe('schedule once probe-slow 0 {"ms":3000,"k":"once"}');
        await started;
        ws = await ws.restart({ crash: true });
        alice = ws.user(alice._id) as RcUser;
        room = ws.room(room._id) as RcRoom;
        const [crashed] = ws.jobs();
        expect(crashed).toMatchObject({ processorId: 'probe-slow', nextRunAt: null, failCount: 0 });
        expect(crashed.lockedAt).not.toBeNull();
        await sleep(2500);
        // the new workspace never ran it (its lock expired: it was locked again, but a job without nextRunAt is not run)
        expect(ws.jobRuns()).toEqual([]);
        expect(ws.jobs()[0].nextRunAt).toBeNull();
        await probe('cancel all');

        await clear();
        const recurringStarted = ws.nextJobRun('probe-slow');
        await probe('schedule recurring probe-slow 1000 false {"ms":3000,"k":"recurring"}');
        await recurringStarted;
        ws = await ws.restart({ crash: true });
        alice = ws.user(alice._id) as RcUser;
        room = ws.room(room._id) as RcRoom;
        const [locked] = ws.jobs();
        expect(locked.lockedAt).not.toBeNull();
        expect(locked.nextRunAt).not.toBeNull();
        const again = await ws.nextJobRun('probe-slow', { timeoutMs: 10000 });
        // not before the lock (lockLifetimeMs 1500) has expired
        expect(again.startedAt.getTime() - (locked.lockedAt as Date).getTime()).toBeGreaterThanOrEqual(1500);
        await again.finished;
        await probe('cancel all');
    }, 90000);

    it('skips runs while the app is disabled and keeps the jobs (a one-time job is consumed)', async () => {
        await clear();
        await probe('schedule recurring probe-job 300 false');
        await waitFor(() => jobRecords('probe-job').length >= 1);
        await probe('schedule once probe-job 400 {"once":true}');
        await ws.engine.manager.disable(ws.appId);
        const count = jobRecords('probe-job').length;
        await sleep(1000);
        expect(jobRecords('probe-job').length).toBe(count);
        // the recurring job stays; the one-time job's skipped run counted as done and removed it
        expect(ws.jobs().map((j) => j.type)).toEqual(['single']);
        expect(jobRecords('probe-job').some((d) => (d.context as Rec).once)).toBe(false);
        expect(ws.jobRuns().filter((r) => r.startedAt.getTime() > Date.now() - 800).length).toBeGreaterThan(0);
        await ws.engine.manager.enable(ws.appId);
        await waitFor(() => jobRecords('probe-job').length > count);
        await probe('cancel all');
    }, 30000);
});
