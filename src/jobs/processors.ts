import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import type { AppServices } from '../app/AppServices';
import { errorName } from '../lib/errors';
import { enforcementSlice } from './enforce';
import { JobId } from './ids';
import { reportSlice } from './report';
import { retryFailedChanges } from './retries';
import type { JobContext } from './runner';
import { jobContext, SLICE_BUDGET_MS, sliceData } from './runner';

/** Runs nobody is working on are taken over; no data means "resume", never "continue slice n". */
async function resumeRuns(ctx: JobContext): Promise<void> {
    await enforcementSlice(ctx, {});
    await reportSlice(ctx, {});
}

/**
 * The scheduler's processors. Each reads the settings fresh, does a bounded amount of work and
 * never throws: Rocket.Chat only marks a throwing job failed (a one-time job is then never run
 * again), and the engine would log whatever the error carried.
 */
export function processors(services: AppServices): Array<IProcessor> {
    const processor =
        (what: string, run: (ctx: JobContext, data: IJobContext) => Promise<void>) =>
        async (data: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> => {
            try {
                await run(await jobContext({ read, modify, http, persis }, services), data);
            } catch (error) {
                services.logger.error(`${what} failed: ${errorName(error)}`);
            }
        };
    return [
        { id: JobId.Enforcement, processor: processor('enforcement', (ctx, data) => enforcementSlice(ctx, sliceData(data))) },
        { id: JobId.Report, processor: processor('report', (ctx, data) => reportSlice(ctx, sliceData(data))) },
        { id: JobId.Resume, processor: processor('resume', (ctx) => resumeRuns(ctx)) },
        {
            id: JobId.Maintenance,
            processor: processor('maintenance', async (ctx) => {
                // One budget for both: when resuming a run took it, the retries wait for the next interval.
                const deadline = Date.now() + SLICE_BUDGET_MS;
                await resumeRuns(ctx);
                await retryFailedChanges(ctx, deadline);
            }),
        },
    ];
}
