// The reply shapes of Rocket.Chat's REST API (API.v1.success / failure / unauthorized / tooManyRequests and the
// error mapping of apps/meteor/app/api/server/ApiClass.ts), and what a route receives.
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

export const forbidden = (msg?: string): Reply => ({ statusCode: 403, body: { success: false, error: msg || 'unauthorized' } });
export const tooManyRequests = (msg?: string): Reply => ({ statusCode: 429, body: { success: false, error: msg || 'Too many requests' } });
export const loggedOut = (): Reply => ({ statusCode: 401, body: { success: false, error: LOGGED_OUT, status: 'error', message: LOGGED_OUT } });
export const notFound = (): Reply => ({ statusCode: 404, body: { success: false, error: 'Resource not found' } });

/** The catch in ApiClass: error-too-many-requests → 429, error-unauthorized → 403, the rest → 400 failure. */
export function fromError(e: unknown): Reply {
    if (e instanceof MeteorError) {
        if (e.error === 'error-too-many-requests') {
            return tooManyRequests(e.message);
        }
        if (e.error === 'error-unauthorized' || e.error === 'unauthorized') {
            return forbidden(e.message);
        }
        return failure(e.message, e.error, e);
    }
    return failure(e instanceof Error ? e.message : String(e));
}
