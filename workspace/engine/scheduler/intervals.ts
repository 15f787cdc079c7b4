// The time strings Agenda accepts (packages/agenda/src/Job.ts): `human-interval` for repeat intervals ("5 minutes",
// "1.5 hours", "one day and 2 hours", or a number of ms) and `date.js` for a one-time job's `when` when
// `new Date(when)` cannot read it ("in 10 seconds", "5 minutes from now"; anything else it reads as now).
// Cron intervals (Agenda tries `new CronTime(interval)` first) are not modelled: such a job fails as an invalid
// interval here.

const UNIT_MS: Record<string, number> = {
    millisecond: 1,
    second: 1000,
    minute: 60_000,
    hour: 3_600_000,
    day: 86_400_000,
    week: 604_800_000,
    month: 2_592_000_000,
    year: 31_536_000_000,
};

const WORD_NUMBERS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

const unitOf = (word: string): number | undefined => UNIT_MS[word.toLowerCase().replace(/s$/, '')];

/** human-interval: a number of ms, or NaN when the text is not an interval. */
export function humanInterval(time: string | number | undefined): number {
    if (typeof time === 'number') {
        return time;
    }
    if (typeof time !== 'string' || !time.trim()) {
        return NaN;
    }
    if (/^\s*\d+(\.\d+)?\s*$/.test(time)) {
        return Number(time);
    }
    const parts = time.toLowerCase().replace(/-/g, ' ').split(/\s*(?:,|\band\b)\s*|\s+(?=\d)/).filter(Boolean);
    let total = 0;
    for (const part of parts) {
        const m = /^\s*(\d+(?:\.\d+)?|[a-z]+)\s+([a-z]+)\s*$/.exec(part);
        if (!m) {
            return NaN;
        }
        const amount = /^\d/.test(m[1]) ? Number(m[1]) : WORD_NUMBERS[m[1]];
        const unit = unitOf(m[2]);
        if (amount === undefined || unit === undefined) {
            return NaN;
        }
        total += amount * unit;
    }
    return total;
}

/** Job.schedule(time): `new Date(time)`, else date.js relative to now (an unreadable text is now). */
export function scheduleDate(when: string | Date | number, now = Date.now()): Date {
    const d = new Date(when);
    if (!Number.isNaN(d.getTime())) {
        return d;
    }
    const text = String(when).trim().toLowerCase();
    const relative = /^(?:in\s+)?(.+?)(?:\s+from\s+now)?$/.exec(text);
    const ms = relative ? humanInterval(relative[1]) : NaN;
    return new Date(Number.isFinite(ms) ? now + ms : now);
}
