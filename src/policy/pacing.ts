/** How background work paces itself: changes per second, notices, and when to give up. */

/** The earliest time the next change may start, `rate` changes a second after the last one started. */
export function nextCallAt(lastCallAt: number | undefined, rate: number, now: number): number {
    if (lastCallAt === undefined) {
        return now;
    }
    return Math.max(now, lastCallAt + 1000 / Math.max(1, rate));
}

/** A progress notice is due at every further tenth of the work, or when 30 seconds passed since the last one. */
export const PROGRESS_NOTICE_MS = 30_000;

export function progressDue(o: { lastNoticeAt: number; lastNoticeDone: number; done: number; total: number; now: number }): boolean {
    if (o.now - o.lastNoticeAt >= PROGRESS_NOTICE_MS) {
        return true;
    }
    if (o.total <= 0) {
        return false;
    }
    const tenth = (n: number) => Math.floor((n * 10) / o.total);
    return tenth(o.done) > tenth(o.lastNoticeDone);
}

/**
 * Failures in a row (rate limits aside) after which a run stops instead of failing room after
 * room: the workspace is probably broken, and an administrator should look before it goes on.
 */
export const MAX_CONSECUTIVE_FAILURES = 20;

export function tooManyFailures(consecutiveFailures: number): boolean {
    return consecutiveFailures >= MAX_CONSECUTIVE_FAILURES;
}
