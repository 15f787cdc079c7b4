// apps/meteor/app/apps/server/bridges/scheduler.ts (Agenda jobs): jobs are recorded and cancellable; the stand-in
// runs no job clock.
import type { IOnetimeSchedule, IProcessor, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges';

import { randomId } from '../../rocketchat/ids';
import type { BridgeContext } from './BridgeContext';

export class StandInSchedulerBridge extends SchedulerBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async registerProcessors(processors: Array<IProcessor>): Promise<void | Array<string>> {
        return processors.map((p) => p.id);
    }

    private record(kind: 'once' | 'recurring', job: IOnetimeSchedule | IRecurringSchedule, appId: string): string {
        const id = randomId();
        this.ctx.scheduledJobs.push({ id, appId, kind, job });
        return id;
    }

    protected async scheduleOnce(job: IOnetimeSchedule, appId: string): Promise<void | string> {
        return this.record('once', job, appId);
    }

    protected async scheduleRecurring(job: IRecurringSchedule, appId: string): Promise<void | string> {
        return this.record('recurring', job, appId);
    }

    protected async cancelJob(jobId: string): Promise<void> {
        const i = this.ctx.scheduledJobs.findIndex((j) => j.id === jobId || j.job.id === jobId);
        if (i >= 0) {
            this.ctx.scheduledJobs.splice(i, 1);
        }
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        for (let i = this.ctx.scheduledJobs.length - 1; i >= 0; i--) {
            if (this.ctx.scheduledJobs[i].appId === appId) {
                this.ctx.scheduledJobs.splice(i, 1);
            }
        }
    }
}
