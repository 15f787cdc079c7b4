import { describe, expect, it } from '@jest/globals';

import { MAX_CONSECUTIVE_FAILURES, nextCallAt, progressDue, tooManyFailures } from '../../src/policy/pacing';

describe('nextCallAt', () => {
    it('spaces calls by 1/rate seconds, never earlier than now', () => {
        expect(nextCallAt(undefined, 5, 1000)).toBe(1000);
        expect(nextCallAt(1000, 5, 1010)).toBe(1200);
        expect(nextCallAt(1000, 50, 1010)).toBe(1020);
        expect(nextCallAt(1000, 5, 5000)).toBe(5000);
    });
});

describe('progressDue', () => {
    const base = { lastNoticeAt: 0, lastNoticeDone: 0, total: 100 };
    it('is due at every further tenth', () => {
        expect(progressDue({ ...base, done: 9, now: 1000 })).toBe(false);
        expect(progressDue({ ...base, done: 10, now: 1000 })).toBe(true);
        expect(progressDue({ ...base, lastNoticeDone: 10, done: 19, now: 1000 })).toBe(false);
        expect(progressDue({ ...base, lastNoticeDone: 12, done: 20, now: 1000 })).toBe(true);
    });
    it('is due after 30 seconds without a word, whatever the progress', () => {
        expect(progressDue({ ...base, done: 0, now: 29_999 })).toBe(false);
        expect(progressDue({ ...base, done: 0, now: 30_000 })).toBe(true);
        expect(progressDue({ ...base, total: 0, done: 0, now: 1000 })).toBe(false);
    });
});

describe('tooManyFailures', () => {
    it('stops a run after a number of failures in a row', () => {
        expect(tooManyFailures(MAX_CONSECUTIVE_FAILURES - 1)).toBe(false);
        expect(tooManyFailures(MAX_CONSECUTIVE_FAILURES)).toBe(true);
    });
});
