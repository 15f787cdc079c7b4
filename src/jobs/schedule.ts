import type { ILogger, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';

import { errorName } from '../lib/errors';
import type { AppSettings } from '../settings/AppSettings';
import { SettingId } from '../settings/SettingId';
import { JobId } from './ids';
import { leaseMs } from './runner';

/**
 * The recurring maintenance job, every `retry_interval_minutes`. Rocket.Chat upserts a
 * recurring job by name, so this is safe on every enable and when the interval changes. Not
 * `skipImmediate`: a run that is due stays due, so restarts of the app never postpone it.
 */
export async function scheduleMaintenance(scheduler: ISchedulerModify, settings: AppSettings): Promise<void> {
    await scheduler.scheduleRecurring({ id: JobId.Maintenance, interval: settings.retryIntervalMinutes * 60_000, skipImmediate: false });
}

/**
 * After the app (re)starts, looks for runs a stopped process left behind once they are past
 * their lease: a one-time job that was running when its process died is never run again.
 */
export async function scheduleResume(scheduler: ISchedulerModify, settings: AppSettings): Promise<void> {
    await scheduler.scheduleOnce({ id: JobId.Resume, when: new Date(Date.now() + leaseMs(settings) + 1000) });
}

/** On every enable (also after a restart of the app's process): the maintenance job, and a look for runs left behind. Never throws. */
export async function startJobs(scheduler: ISchedulerModify, settings: AppSettings, logger: ILogger): Promise<void> {
    try {
        await scheduleMaintenance(scheduler, settings);
        await scheduleResume(scheduler, settings);
    } catch (error) {
        logger.error(`could not schedule the app's jobs: ${errorName(error)}`);
    }
}

/** A setting changed: the maintenance job follows a new `retry_interval_minutes`. Never throws. */
export async function settingChanged(settingId: string, scheduler: ISchedulerModify, settings: AppSettings, logger: ILogger): Promise<void> {
    if (settingId !== SettingId.RetryIntervalMinutes) {
        return;
    }
    try {
        await scheduleMaintenance(scheduler, settings);
    } catch (error) {
        logger.error(`could not reschedule the maintenance job: ${errorName(error)}`);
    }
}
