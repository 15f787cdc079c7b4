// The reply shapes of Rocket.Chat's REST API (API.v1.success / failure / unauthorized / forbidden / tooManyRequests
// and the error mapping of apps/meteor/app/api/server/ApiClass.ts, in 8.x apps/meteor/server/api/ApiClass.ts), and
// what a route receives. Rocket.Chat 8.x (read 2026) pins `applyBreakingChanges = shouldBreakInVersion('9.0.0')`:
// off in 8.x (the shapes 7.x had too), on from 9.0; `breaking` below is that flag.
import type http from 'http';

import type { RocketChatServer } from '../rocketchat/Server';
import { MeteorError } from '../rocketchat/rules';
import type { LoginToken, RcUser } from '../rocketchat/types';

export interface Reply {
    statusCode: number;
    body: Record<string, unknown>;
}

/** An authenticated request (authenticatedRoute): the user and the token they came with. */
export interface RouteContext {
    user: RcUser;
    token: LoginToken;
    body: Record<string, unknown>;
    query: URLSearchParams;
    headers: http.IncomingHttpHeaders;
}

export type Route = (ctx: RouteContext) => Promise<Reply> | Reply;

/** `'<METHOD> <route>'` → handler, as API.v1.addRoute registers them. */
export type Routes = Record<string, Route>;

/** One endpoint family (a file of apps/meteor/app/api/server/v1/) over the server. */
export type RouteFamily = (rc: RocketChatServer) => Routes;

const LOGGED_OUT = 'You must be logged in to do this.';

export const success = (result: Record<string, unknown> = {}): Reply => ({ statusCode: 200, body: { ...result, success: true } });

/** API.v1.failure(result, errorType, stack, error) */
export function failure(result: string | Record<string, unknown>, errorType?: string, error?: { details?: unknown }): Reply {
    if (typeof result === 'object') {
        return { statusCode: 400, body: { ...result, success: false } };
    }
    const body: Record<string, unknown> = { success: false, error: result };
    if (errorType) {
        body.errorType = errorType;
    }
    if (error?.details) {
        body.details = error.details;
    }
    return { statusCode: 400, body };
}

/** API.v1.forbidden: its default text is 'unauthorized' until the 9.0 flag turns on. */
export const forbidden = (msg?: string, breaking = false): Reply => ({ statusCode: 403, body: { success: false, error: msg || (breaking ? 'forbidden' : 'unauthorized') } });
/** API.v1.unauthorized: a 401 in every version, also what handlers return for a logged-in caller without access. */
export const unauthorized = (msg?: string): Reply => ({ statusCode: 401, body: { success: false, error: msg || 'unauthorized' } });
export const tooManyRequests = (msg?: string): Reply => ({ statusCode: 429, body: { success: false, error: msg || 'Too many requests' } });
/**
 * No or a wrong token (authenticationMiddlewareForHono in 8.x, the addRoute wrapper before): a 401 that keeps the
 * old `status: 'error'` and `message` fields until the 9.0 flag turns on.
 */
export const loggedOut = (breaking = false): Reply => ({
    statusCode: 401,
    body: { success: false, error: LOGGED_OUT, ...(!breaking && { status: 'error', message: LOGGED_OUT }) },
});
export const notFound = (): Reply => ({ statusCode: 404, body: { success: false, error: 'Resource not found' } });

/**
 * The catch in ApiClass: error-too-many-requests → 429; error-unauthorized → 403 (8.x) or 401 (9.0);
 * error-forbidden → a 400 failure (8.x) or 403 (9.0); the rest → 400 failure with errorType.
 */
export function fromError(e: unknown, breaking = false): Reply {
    if (e instanceof MeteorError) {
        switch (e.error) {
            case 'error-too-many-requests':
                return tooManyRequests(e.message);
            case 'unauthorized':
            case 'error-unauthorized':
                return breaking ? unauthorized(e.message) : forbidden(e.message, breaking);
            case 'forbidden':
            case 'error-forbidden':
                return breaking ? forbidden(e.message, breaking) : failure(e.message, e.error, e);
            default:
                return failure(e.message, e.error, e);
        }
    }
    return failure(e instanceof Error ? e.message : String(e));
}
