// apps/meteor/app/apps/server/bridges/scheduler.ts (AppSchedulerBridge) over the Agenda model in
// ../scheduler/Agenda.ts (defaultConcurrency 1, "ensures the same job doesn't get executed multiple times in a
// cluster"). Job names are `<processorId>_<appId>` (the engine's AppSchedulerManager adds the app id); the processor
// is the engine's wrapProcessor, which skips the run while the app is disabled and sends `scheduler:<id>` to the
// app's Deno child.
import type { IJobContext, IOnetimeSchedule, IProcessor, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { Job } from '../scheduler/Agenda';
import type { BridgeContext } from './BridgeContext';

/** _callProcessor: the processor gets the job's data without appId, plus jobId; a one-time job is removed after success. */
function callProcessor(processor: IProcessor['processor']): (job: Job) => Promise<void> {
    return async (job) => {
        const data = job.attrs.data ?? {};
        // "This field is for internal use, no need to leak to app processor"
        delete data.appId;
        data.jobId = job.attrs._id;
        await (processor as unknown as (jobContext: IJobContext) => Promise<void>)(data as IJobContext);
        // "ensure the 'normal' ('onetime' in our vocab) type job is removed after it is run"
        if (job.attrs.type === 'normal') {
            await job.agenda.cancel((r) => r._id === job.attrs._id);
        }
    };
}

/**
 * cancelJob's query: `{ _id: new ObjectId(jobId.split('_')[0]) }`, or `{ name: jobId }` when that is not an ObjectId.
 * bson's ObjectId takes 24 hex characters or any 12-character string (12 raw bytes), so a processor id of 12
 * characters is read as a document id and cancels nothing.
 */
function cancelQuery(jobId: string): { _id: string } | { name: string } {
    const head = jobId.split('_')[0];
    if (/^[0-9a-fA-F]{24}$/.test(head)) {
        return { _id: head.toLowerCase() };
    }
    if (head.length === 12) {
        return { _id: Buffer.from(head, 'latin1').toString('hex') };
    }
    return { name: jobId };
}

export class StandInSchedulerBridge extends SchedulerBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    private get agenda() {
        return this.ctx.scheduler;
    }

    /** startScheduler: Agenda starts on the bridge's first use (and when the orchestrator has loaded the apps). */
    async startScheduler(): Promise<void> {
        await this.agenda.start();
    }

    protected async registerProcessors(processors: Array<IProcessor> = [], appId: string): Promise<void | Array<string>> {
        const runAfterRegister: Array<Promise<void | string>> = [];
        for (const { id, processor, startupSetting } of processors) {
            this.agenda.define(id, callProcessor(processor));
            if (!startupSetting) {
                continue;
            }
            if (startupSetting.type === StartupType.ONETIME) {
                runAfterRegister.push(this.scheduleOnceAfterRegister({ id, when: startupSetting.when, data: startupSetting.data }, appId));
            } else if (startupSetting.type === StartupType.RECURRING) {
                runAfterRegister.push(this.scheduleRecurring({ id, interval: startupSetting.interval, skipImmediate: startupSetting.skipImmediate, data: startupSetting.data }, appId));
            }
        }
        if (runAfterRegister.length) {
            return (await Promise.all(runAfterRegister)) as string[];
        }
    }

    /** Returns what Rocket.Chat returns: the id of a job whose save was not awaited, i.e. '' (do not rely on it). */
    protected async scheduleOnce({ id, when, data }: IOnetimeSchedule, appId: string): Promise<void | string> {
        try {
            await this.startScheduler();
            const job = await this.agenda.schedule(when, id, { ...(data ?? {}), appId });
            return job.attrs._id.toString();
        } catch (err) {
            console.error(err);
        }
    }

    private async scheduleOnceAfterRegister(job: IOnetimeSchedule, appId: string): Promise<void | string> {
        if (!this.agenda.jobs((r) => r.name === job.id && r.type === 'normal').length) {
            return this.scheduleOnce(job, appId);
        }
    }

    protected async scheduleRecurring({ id, interval, skipImmediate = false, data }: IRecurringSchedule, appId: string): Promise<void | string> {
        try {
            await this.startScheduler();
            const job = await this.agenda.every(interval, id, { ...(data ?? {}), appId }, { skipImmediate });
            return job.attrs._id.toString();
        } catch (err) {
            console.error(err);
        }
    }

    protected async cancelJob(jobId: string): Promise<void> {
        await this.startScheduler();
        const query = cancelQuery(jobId);
        await this.agenda.cancel((r) => ('_id' in query ? r._id === query._id : r.name === query.name));
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        await this.startScheduler();
        await this.agenda.cancel((r) => r.name.endsWith(`_${appId}`));
    }
}
