import type { IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';

import { rateLimitWaitMs } from './rateLimit';

/** Why a call to the workspace did not do what was asked. Never carries response text. */
export type FailureKind =
    | 'unauthorized'
    | 'forbidden'
    | 'two-factor'
    | 'rate-limited'
    | 'refused'
    | 'server-error'
    | 'timeout'
    | 'unreachable'
    | 'malformed';

export interface ApiFailure {
    readonly kind: FailureKind;
    readonly status?: number;
    /** Rocket.Chat's error code (e.g. `error-action-not-allowed`) when it sent a safe one. */
    readonly errorType?: ErrorCode;
    /** For `rate-limited`: how long the workspace asks to wait before the next call (see rateLimit.ts). */
    readonly retryAfterMs?: number;
}

/** A Rocket.Chat error code the app may repeat and record: a short kebab-case word, checked by isErrorCode. */
export type ErrorCode = string & { readonly __errorCode: unique symbol };

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: ApiFailure };

export function failure<T>(kind: FailureKind, extra: Omit<ApiFailure, 'kind'> = {}): ApiResult<T> {
    return { ok: false, failure: { kind, ...extra } };
}

/** Rocket.Chat error codes are short kebab-case words; anything else is not repeated to anyone. */
const ERROR_CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

export function isErrorCode(value: unknown): value is ErrorCode {
    return typeof value === 'string' && ERROR_CODE.test(value);
}

function safeErrorType(body: Record<string, unknown>): ErrorCode | undefined {
    const candidate = body.errorType;
    return isErrorCode(candidate) ? candidate : undefined;
}

function bodyOf(response: IHttpResponse): Record<string, unknown> | undefined {
    if (response.data && typeof response.data === 'object' && !Array.isArray(response.data)) {
        return response.data as Record<string, unknown>;
    }
    if (typeof response.content === 'string' && response.content.length > 0) {
        try {
            const parsed: unknown = JSON.parse(response.content);
            return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
        } catch {
            return undefined;
        }
    }
    return undefined;
}

/** The text of Rocket.Chat's answer to a missing or rejected token, the same in 7.x, 8.x and 9.0. */
const LOGGED_OUT = 'You must be logged in to do this.';

/**
 * Whether a 401 says the token was not accepted. Up to 8.x that answer also carries `status: 'error'`
 * and `message`; from 9.0 only its text tells it apart. Any other 401 with an error text is a
 * logged-in caller refused: `API.v1.unauthorized()` from a route (e.g. teams.info, in every
 * version) or, from 9.0, every `error-unauthorized`.
 */
function isLoggedOut(body: Record<string, unknown> | undefined): boolean {
    return !body || typeof body.error !== 'string' || body.error === LOGGED_OUT || body.status === 'error';
}

/**
 * Classifies a REST answer the way Rocket.Chat's API writes them: `{ success: true, ... }`
 * with 200, `{ success: false, error, errorType }` with 400, 401 for a token it does not accept
 * (and for some refusals, see isLoggedOut), 403 for a missing permission, 429 from the rate limiter.
 */
export function classifyResponse(response: IHttpResponse, now: number = Date.now()): ApiResult<Record<string, unknown>> {
    const status = response.statusCode;
    const body = bodyOf(response);
    if (status === 401) {
        return isLoggedOut(body) ? failure('unauthorized', { status }) : failure('forbidden', { status, errorType: body && safeErrorType(body) });
    }
    if (status === 403) {
        return failure('forbidden', { status, errorType: body && safeErrorType(body) });
    }
    if (status === 429) {
        return failure('rate-limited', { status, retryAfterMs: rateLimitWaitMs({ headers: response.headers, bodyError: body?.error, nowMs: now }) });
    }
    if (status >= 500) {
        return failure('server-error', { status });
    }
    if (!body) {
        return failure('malformed', { status });
    }
    if (status >= 200 && status < 300 && body.success === true) {
        return { ok: true, value: body };
    }
    if (status >= 400 && status < 500 && body.success === false) {
        const errorType = safeErrorType(body);
        // Two-factor: the token was not created with "ignore two factor authentication".
        if (errorType === 'totp-required' || errorType === 'totp-invalid') {
            return failure('two-factor', { status, errorType });
        }
        return failure('refused', { status, errorType });
    }
    return failure('malformed', { status });
}

/**
 * An exception from the HTTP accessor. Its text can echo request details (even header
 * values), so it is only inspected for a timeout, never kept or shown.
 */
export function classifyException(error: unknown): ApiFailure {
    const text = error instanceof Error ? error.message : String(error);
    return /time[d ]?\s?out|timeout|ETIMEDOUT|abort/i.test(text) ? { kind: 'timeout' } : { kind: 'unreachable' };
}
