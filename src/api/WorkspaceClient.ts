import type { IHttp, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';

import type { PermissionDoc, PermissionTable } from '../policy/permissions';
import { buildPermissionTable } from '../policy/permissions';
import { Endpoint } from './endpoints';
import type { ApiResult } from './responses';
import { classifyException, classifyResponse, failure, isErrorCode } from './responses';

/** Rocket.Chat's code for a user id it cannot reset; the app refuses such a call before making it. */
const INVALID_USER = 'error-invalid-user';

/** TEAM_TYPE of Rocket.Chat's core-typings: 0 public, 1 private. */
const TEAM_PUBLIC = 0;
const TEAM_PRIVATE = 1;

/** What the app needs of a team: whether it is public, and its main room (membership of the team is a subscription to it). */
export interface TeamInfo {
    readonly isPublic: boolean;
    readonly mainRoomId: string;
}

/** Where and as whom the app calls the workspace REST API. */
export interface ServiceAccount {
    readonly baseUrl: string;
    readonly userId: string;
    readonly token: string;
    readonly timeoutMs: number;
}

/**
 * The workspace REST API as the service account sees it. Every call has a timeout, and every
 * outcome, including a thrown network error, comes back as an ApiResult: callers never see
 * raw error text, which may carry request headers.
 */
export class WorkspaceClient {
    constructor(
        private readonly http: IHttp,
        private readonly account: ServiceAccount,
    ) {}

    /** Switches a room's encryption with Rocket.Chat's own checks applied to the service account. */
    public async saveRoomEncrypted(rid: string, encrypted: boolean): Promise<ApiResult<void>> {
        const result = await this.call('post', Endpoint.SaveRoomSettings, { rid, encrypted });
        return result.ok ? { ok: true, value: undefined } : result;
    }

    public async listPermissions(): Promise<ApiResult<PermissionTable>> {
        const result = await this.call('get', Endpoint.ListPermissions);
        if (!result.ok) {
            return result;
        }
        const docs = result.value.update;
        if (!Array.isArray(docs) || !docs.every(isPermissionDoc)) {
            return failure('malformed', { status: 200 });
        }
        return { ok: true, value: buildPermissionTable(docs) };
    }

    /** Who the token belongs to: proves the service account works. */
    public async me(): Promise<ApiResult<{ id: string; username: string }>> {
        const result = await this.call('get', Endpoint.Me);
        if (!result.ok) {
            return result;
        }
        const { _id: id, username } = result.value;
        if (typeof id !== 'string' || typeof username !== 'string') {
            return failure('malformed', { status: 200 });
        }
        return { ok: true, value: { id, username } };
    }

    /**
     * A team's type and main room (`teams.info`). Rocket.Chat answers a caller who can neither access the team's main
     * room nor holds `view-all-teams` with a 401 `{ error: 'unauthorized' }` (classified as forbidden).
     */
    public async teamInfo(teamId: string): Promise<ApiResult<TeamInfo>> {
        const result = await this.call('get', Endpoint.TeamInfo, undefined, { teamId });
        if (!result.ok) {
            return result;
        }
        const info = result.value.teamInfo as { type?: unknown; roomId?: unknown } | undefined;
        if (!info || (info.type !== TEAM_PUBLIC && info.type !== TEAM_PRIVATE) || typeof info.roomId !== 'string' || info.roomId === '') {
            return failure('malformed', { status: 200 });
        }
        return { ok: true, value: { isPublic: info.type === TEAM_PUBLIC, mainRoomId: info.roomId } };
    }

    /** Resets another user's E2EE key. `userId` must be another user's id: an empty body would reset the service account. */
    public async resetE2EKey(userId: string): Promise<ApiResult<void>> {
        if (!userId || userId === this.account.userId) {
            return failure('refused', { errorType: isErrorCode(INVALID_USER) ? INVALID_USER : undefined });
        }
        const result = await this.call('post', Endpoint.ResetE2EKey, { userId });
        return result.ok ? { ok: true, value: undefined } : result;
    }

    private async call(method: 'get' | 'post', endpoint: Endpoint, data?: object, params?: Record<string, string>): Promise<ApiResult<Record<string, unknown>>> {
        const request: IHttpRequest = {
            headers: {
                'X-User-Id': this.account.userId,
                'X-Auth-Token': this.account.token,
                'Content-Type': 'application/json',
            },
            timeout: this.account.timeoutMs,
            ...(data === undefined ? {} : { data }),
            ...(params === undefined ? {} : { params }),
        };
        let response: IHttpResponse;
        try {
            response = await this.http[method](`${this.account.baseUrl}${endpoint}`, request);
        } catch (error) {
            return { ok: false, failure: classifyException(error) };
        }
        if (!response || typeof response.statusCode !== 'number') {
            return failure('malformed');
        }
        return classifyResponse(response);
    }
}

function isPermissionDoc(value: unknown): value is PermissionDoc {
    const doc = value as PermissionDoc;
    return (
        typeof value === 'object' &&
        value !== null &&
        typeof doc._id === 'string' &&
        Array.isArray(doc.roles) &&
        doc.roles.every((role) => typeof role === 'string')
    );
}
