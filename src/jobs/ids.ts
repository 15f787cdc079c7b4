/**
 * The app's scheduler processors, in one place. Rocket.Chat names a job `<id>_<appId>` and its
 * cancelJob treats an id as a job id up to the first `_` (and as a Mongo id when it is 12 or
 * 24 hex characters); the Deno runtime splits a job's method at `:`. So an id here has neither
 * `_` nor `:`, and is not 12 characters long.
 */
export enum JobId {
    /** One slice of an `/e2e enforce` run; each slice schedules the next. */
    Enforcement = 'e2ee-enforcement',
    /** One slice of an `/e2e report` run. */
    Report = 'e2ee-report-run',
    /** Every `retry_interval_minutes`: retries failed automatic enables and reverts, and resumes runs nobody is working on. */
    Maintenance = 'e2ee-maintenance',
    /** Once after the app starts: resumes runs a stopped process left behind without waiting for the interval. */
    Resume = 'e2ee-resume-runs',
}
