/**
 * How long to wait after a 429. Rocket.Chat's REST rate limiter (app/api/server/ApiClass.ts
 * enforceRateLimit) sends no Retry-After: it sets `X-RateLimit-Reset` (epoch milliseconds when
 * the window resets) and says "You must wait N seconds" in the error. A proxy in front may add
 * Retry-After (seconds or an HTTP date), which is then the most specific. Only numbers are
 * taken from the answer, never its text.
 */
export const MIN_RATE_LIMIT_WAIT_MS = 1000;
export const MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

function header(headers: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
    if (!headers) {
        return undefined;
    }
    for (const [key, value] of Object.entries(headers)) {
        if (key.toLowerCase() === name) {
            const first = Array.isArray(value) ? value[0] : value;
            return typeof first === 'string' ? first.trim() : typeof first === 'number' ? String(first) : undefined;
        }
    }
    return undefined;
}

function clamp(ms: number): number {
    return Math.min(MAX_RATE_LIMIT_WAIT_MS, Math.max(MIN_RATE_LIMIT_WAIT_MS, Math.ceil(ms)));
}

export function rateLimitWaitMs(o: { headers?: Readonly<Record<string, unknown>>; bodyError?: unknown; nowMs: number }): number {
    const retryAfter = header(o.headers, 'retry-after');
    if (retryAfter) {
        if (/^\d{1,6}$/.test(retryAfter)) {
            return clamp(Number(retryAfter) * 1000);
        }
        const date = Date.parse(retryAfter);
        if (!Number.isNaN(date)) {
            return clamp(date - o.nowMs);
        }
    }
    const reset = header(o.headers, 'x-ratelimit-reset');
    if (reset && /^\d{10,16}$/.test(reset)) {
        const answeredAt = Date.parse(header(o.headers, 'date') ?? '');
        // The reset is the server's clock: measure it against the server's Date when it sent one.
        const base = Number.isNaN(answeredAt) ? o.nowMs : answeredAt;
        return clamp(Number(reset) - base);
    }
    const said = typeof o.bodyError === 'string' ? /You must wait (\d{1,6}) seconds/.exec(o.bodyError) : null;
    if (said) {
        return clamp(Number(said[1]) * 1000);
    }
    return DEFAULT_RATE_LIMIT_WAIT_MS;
}
