import { describe, expect, it } from '@jest/globals';

import { DEFAULT_RATE_LIMIT_WAIT_MS, MAX_RATE_LIMIT_WAIT_MS, MIN_RATE_LIMIT_WAIT_MS, rateLimitWaitMs } from '../../src/api/rateLimit';

const now = Date.parse('2026-01-31T10:00:00.000Z');
const rocketChatError = 'Error, too many requests. Please slow down. You must wait 42 seconds before trying this endpoint again. [error-too-many-requests]';

describe('rateLimitWaitMs', () => {
    it('follows Rocket.Chat’s X-RateLimit-Reset (epoch ms), against the answer’s Date when there is one', () => {
        expect(rateLimitWaitMs({ headers: { 'x-ratelimit-reset': String(now + 12_345) }, nowMs: now })).toBe(12_345);
        expect(rateLimitWaitMs({ headers: { 'X-RateLimit-Reset': String(now + 12_000), date: new Date(now - 3000).toUTCString() }, nowMs: now })).toBe(15_000);
    });

    it('prefers a Retry-After a proxy added, in seconds or as a date', () => {
        expect(rateLimitWaitMs({ headers: { 'retry-after': '7', 'x-ratelimit-reset': String(now + 50_000) }, nowMs: now })).toBe(7000);
        expect(rateLimitWaitMs({ headers: { 'Retry-After': new Date(now + 20_000).toUTCString() }, nowMs: now })).toBe(20_000);
    });

    it('falls back to the seconds in Rocket.Chat’s error, then to a minute', () => {
        expect(rateLimitWaitMs({ headers: {}, bodyError: rocketChatError, nowMs: now })).toBe(42_000);
        expect(rateLimitWaitMs({ headers: { 'x-ratelimit-reset': 'soon' }, nowMs: now })).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
        expect(rateLimitWaitMs({ nowMs: now })).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
    });

    it('never waits less than a second nor more than ten minutes', () => {
        expect(rateLimitWaitMs({ headers: { 'x-ratelimit-reset': String(now - 5000) }, nowMs: now })).toBe(MIN_RATE_LIMIT_WAIT_MS);
        expect(rateLimitWaitMs({ headers: { 'retry-after': '999999' }, nowMs: now })).toBe(MAX_RATE_LIMIT_WAIT_MS);
    });
});
