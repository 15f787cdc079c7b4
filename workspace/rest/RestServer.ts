// The REST API subset the app reaches through the real HTTP bridge, on a loopback port
// (apps/meteor/app/api/server/ApiClass.ts for auth and error shapes; v1/rooms.ts, groups.ts, users.ts,
// permissions.ts, misc.ts, chat.ts for the routes). Faults can be injected per route for tests.
import http from 'http';
import type { AddressInfo } from 'net';
import type { Socket } from 'net';

import { hashLoginToken, passwordDigest } from '../rocketchat/ids';
import { MeteorError } from '../rocketchat/rules';
import type { RocketChatServer } from '../rocketchat/Server';
import type { LoginToken, RcRoom, RcUser } from '../rocketchat/types';

export type Fault =
    | { kind: 'status'; status: 401 | 403 | 429 | 500 }
    | { kind: 'hang' }
    | { kind: 'close' }
    | { kind: 'malformed' }
    | { kind: 'delay'; ms: number };

export interface RestRequestRecord {
    method: string;
    path: string;
    userId?: string;
    status: number;
    fault?: Fault['kind'];
    at: string;
}

interface Reply {
    statusCode: number;
    body: Record<string, unknown>;
}

interface RouteContext {
    user: RcUser;
    token: LoginToken;
    body: Record<string, unknown>;
    query: URLSearchParams;
    headers: http.IncomingHttpHeaders;
}

const LOGGED_OUT = 'You must be logged in to do this.';

const success = (result: Record<string, unknown> = {}): Reply => ({ statusCode: 200, body: { ...result, success: true } });

/** API.v1.failure(result, errorType, stack, error) */
function failure(result: string | Record<string, unknown>, errorType?: string, error?: { details?: unknown }): Reply {
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

const forbidden = (msg?: string): Reply => ({ statusCode: 403, body: { success: false, error: msg || 'unauthorized' } });
const tooManyRequests = (msg?: string): Reply => ({ statusCode: 429, body: { success: false, error: msg || 'Too many requests' } });
const loggedOut = (): Reply => ({ statusCode: 401, body: { success: false, error: LOGGED_OUT, status: 'error', message: LOGGED_OUT } });

/** The catch in ApiClass: error-too-many-requests → 429, error-unauthorized → 403, the rest → 400 failure. */
function fromError(e: unknown): Reply {
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

export class RestServer {
    private server?: http.Server;
    private readonly sockets = new Set<Socket>();
    private readonly faults = new Map<string, Array<{ fault: Fault; remaining: number }>>();
    readonly requests: RestRequestRecord[] = [];
    url = '';

    constructor(private readonly rc: RocketChatServer) {}

    async start(port = 0): Promise<string> {
        this.server = http.createServer((req, res) => void this.handle(req, res));
        this.server.on('connection', (s) => {
            this.sockets.add(s);
            s.on('close', () => this.sockets.delete(s));
        });
        await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
        const { port: actual } = this.server.address() as AddressInfo;
        this.url = `http://127.0.0.1:${actual}`;
        return this.url;
    }

    async stop(): Promise<void> {
        for (const s of this.sockets) {
            s.destroy();
        }
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
        this.server = undefined;
    }

    /** Make `route` (e.g. 'users.resetE2EKey', or '*') misbehave for the next `times` requests (default: until cleared). */
    injectFault(route: string, fault: Fault, times = Number.POSITIVE_INFINITY): void {
        const list = this.faults.get(route) ?? [];
        list.push({ fault, remaining: times });
        this.faults.set(route, list);
    }

    clearFaults(route?: string): void {
        if (route) {
            this.faults.delete(route);
        } else {
            this.faults.clear();
        }
    }

    private takeFault(route: string): Fault | undefined {
        for (const key of [route, '*']) {
            const list = this.faults.get(key);
            const entry = list?.find((f) => f.remaining > 0);
            if (entry) {
                entry.remaining -= 1;
                return entry.fault;
            }
        }
        return undefined;
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const route = url.pathname.replace(/^\/api\/v1\//, '');
        const method = (req.method ?? 'GET').toUpperCase();
        const raw = await new Promise<string>((resolve) => {
            const chunks: Buffer[] = [];
            req.on('data', (c: Buffer) => chunks.push(c));
            req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
            req.on('error', () => resolve(''));
        });
        const record: RestRequestRecord = { method, path: url.pathname, status: 0, at: new Date().toISOString() };
        this.requests.push(record);

        let fault = this.takeFault(route);
        while (fault?.kind === 'delay') {
            await new Promise((r) => setTimeout(r, fault && fault.kind === 'delay' ? fault.ms : 0));
            fault = this.takeFault(route);
        }
        if (fault) {
            record.fault = fault.kind;
            switch (fault.kind) {
                case 'hang':
                    return; // never answers; the socket is destroyed on stop()
                case 'close':
                    req.socket.destroy();
                    return;
                case 'malformed':
                    record.status = 200;
                    res.writeHead(200, { 'Content-Type': 'application/json' });
                    res.end('{"success": tru');
                    return;
                case 'status': {
                    const reply =
                        fault.status === 401
                            ? loggedOut()
                            : fault.status === 403
                              ? forbidden()
                              : fault.status === 429
                                ? tooManyRequests(
                                      'Error, too many requests. Please slow down. You must wait 60 seconds before trying this endpoint again. [error-too-many-requests]',
                                  )
                                : { statusCode: 500, body: { success: false, error: 'Internal server error' } };
                    return this.send(res, record, reply);
                }
            }
        }

        let body: Record<string, unknown> = {};
        if (raw) {
            try {
                const parsed = JSON.parse(raw) as unknown;
                body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
            } catch {
                return this.send(res, record, failure('Invalid JSON body', 'error-invalid-body'));
            }
        }

        const handler = this.routes()[`${method} ${route}`];
        if (!handler) {
            return this.send(res, record, { statusCode: 404, body: { success: false, error: 'Resource not found' } });
        }
        // authenticatedRoute: X-User-Id + X-Auth-Token, token checked against the stored hashes
        const userId = req.headers['x-user-id'];
        const authToken = req.headers['x-auth-token'];
        let user: RcUser | undefined;
        let token: LoginToken | undefined;
        if (typeof userId === 'string' && typeof authToken === 'string' && userId && authToken) {
            const hashed = hashLoginToken(authToken);
            user = this.rc.model.userByHashedToken(userId, hashed);
            token = user?.services?.resume?.loginTokens.find((t) => t.hashedToken === hashed);
        }
        if (!user || !token) {
            return this.send(res, record, loggedOut());
        }
        record.userId = user._id;
        try {
            const reply = await handler({ user, token, body, query: url.searchParams, headers: req.headers });
            return this.send(res, record, reply);
        } catch (e) {
            return this.send(res, record, fromError(e));
        }
    }

    private send(res: http.ServerResponse, record: RestRequestRecord, reply: Reply): void {
        record.status = reply.statusCode;
        if (res.destroyed) {
            return;
        }
        res.writeHead(reply.statusCode, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(reply.body));
    }

    /**
     * processTwoFactor / checkCodeForUser (app/2fa/server/code/index.ts) with twoFactorOptions { disableRememberMe: true }:
     * a personal access token with bypassTwoFactor passes; otherwise TOTP or email 2FA if enabled, else the password
     * fallback (Accounts_TwoFactorAuthentication_Enforce_Password_Fallback) when the user has a password.
     * TOTP and email codes cannot be verified here: any such code is 'totp-invalid'.
     */
    private checkTwoFactor(ctx: RouteContext): void {
        const s = this.rc.model.settings;
        if (!s.get('Accounts_TwoFactorAuthentication_Enabled')) {
            return;
        }
        if (ctx.token.bypassTwoFactor === true) {
            return;
        }
        const user = ctx.user;
        const code = typeof ctx.headers['x-2fa-code'] === 'string' ? (ctx.headers['x-2fa-code'] as string) : undefined;
        const requested = typeof ctx.headers['x-2fa-method'] === 'string' ? (ctx.headers['x-2fa-method'] as string) : undefined;
        const available: string[] = [];
        if (user.services?.totp?.enabled) {
            available.push('totp');
        }
        if (user.services?.email2fa?.enabled) {
            available.push('email');
        }
        let method: string | undefined = requested && ['totp', 'email'].includes(requested) ? requested : available[0];
        if (!method && s.get('Accounts_TwoFactorAuthentication_Enforce_Password_Fallback') && user.services?.password?.sha256) {
            method = 'password';
        }
        if (!method) {
            return;
        }
        const data = method === 'email' ? { codeGenerated: true } : { codeGenerated: false };
        if (!code) {
            throw new MeteorError('totp-required', 'TOTP Required', { method, ...data, availableMethods: available });
        }
        const valid = method === 'password' && code === user.services?.password?.sha256;
        if (!valid) {
            throw new MeteorError('totp-invalid', 'TOTP Invalid', { method, ...data, availableMethods: available });
        }
    }

    /** getUserFromParams (api/server/helpers/getUserFromParams.ts) */
    private userFromParams(params: Record<string, unknown>): RcUser {
        const id = (params.userId ?? '') as string;
        const username = (params.username ?? params.user ?? '') as string;
        let user: RcUser | undefined;
        if (typeof id === 'string' && id.trim()) {
            user = this.rc.model.userById(id);
        } else if (typeof username === 'string' && username.trim()) {
            user = this.rc.model.userByUsername(username);
        } else {
            throw new MeteorError('error-user-param-not-provided', 'The required "userId" or "username" param was not provided');
        }
        if (!user) {
            throw new MeteorError('error-invalid-user', 'The required "userId" or "username" param provided does not match any users');
        }
        return user;
    }

    /** findPrivateGroupByIdOrName (api/server/v1/groups.ts) */
    private privateGroup(params: Record<string, unknown>, userId: string): RcRoom {
        const roomId = params.roomId as string | undefined;
        const roomName = params.roomName as string | undefined;
        if ((!roomId || !String(roomId).trim()) && (!roomName || !String(roomName).trim())) {
            throw new MeteorError('error-room-param-not-provided', 'The parameter "roomId" or "roomName" is required');
        }
        const room = roomId ? this.rc.model.roomById(roomId) : this.rc.model.roomByName(String(roomName));
        const notFound = () => new MeteorError('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any group');
        if (!room || room.t !== 'p') {
            throw notFound();
        }
        if (!this.rc.model.subscription(room._id, userId) && !this.rc.model.hasPermission(userId, 'view-other-user-channels')) {
            throw notFound();
        }
        if (room.archived) {
            throw new MeteorError('error-room-archived', `The private group, ${room.prid ? room.fname : room.name}, is archived`);
        }
        return room;
    }

    private routes(): Record<string, (ctx: RouteContext) => Promise<Reply> | Reply> {
        const rc = this.rc;
        const withoutSecrets = (room: RcRoom) => {
            const { joinCode: _j, members: _m, importIds: _i, e2e: _e, ...rest } = room;
            void _j;
            void _m;
            void _i;
            void _e;
            return rest;
        };
        return {
            // rooms.ts: const { rid, ...params } = this.bodyParams; saveRoomSettings(this.userId, rid, params)
            'POST rooms.saveRoomSettings': async ({ user, body }) => {
                const { rid, ...params } = body;
                const result = await rc.saveRoomSettings(user._id, rid, params);
                return success({ rid: result.rid });
            },
            // groups.ts
            'POST groups.setEncrypted': async ({ user, body }) => {
                if (typeof body.encrypted !== 'boolean') {
                    return failure('The bodyParam "encrypted" is required');
                }
                const { encrypted, ...params } = body;
                const room = this.privateGroup(params, user._id);
                await rc.saveRoomSettings(user._id, room._id, { encrypted });
                const updated = rc.model.roomById(room._id);
                if (!updated) {
                    throw new MeteorError('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any group');
                }
                return success({ group: withoutSecrets(updated) });
            },
            // users.ts (twoFactorRequired, disableRememberMe)
            'POST users.resetE2EKey': async (ctx) => {
                this.checkTwoFactor(ctx);
                const { user, body } = ctx;
                if ('userId' in body || 'username' in body || 'user' in body) {
                    const target = this.userFromParams(body);
                    if (!target) {
                        throw new MeteorError('error-invalid-user-id', 'Invalid user id');
                    }
                    if (!rc.model.hasPermission(user._id, 'edit-other-user-e2ee')) {
                        throw new MeteorError('error-not-allowed', 'Not allowed');
                    }
                    if (!rc.resetUserE2EKey(target._id, true)) {
                        return failure({});
                    }
                    return success();
                }
                rc.resetUserE2EKey(user._id, false);
                return success();
            },
            // permissions.ts: no permission required
            'GET permissions.listAll': ({ query }) => {
                const updatedSince = query.get('updatedSince');
                const all = [...rc.model.permissions.values()].map((p) => ({ ...p }));
                if (updatedSince) {
                    if (isNaN(Date.parse(updatedSince))) {
                        throw new MeteorError('error-roomId-param-invalid', 'The "updatedSince" query parameter must be a valid date.');
                    }
                    const since = new Date(updatedSince).toISOString();
                    return success({ update: all.filter((p) => p._updatedAt > since), remove: [] });
                }
                return success({ update: all, remove: [] });
            },
            // misc.ts: me (getUserInfo)
            'GET me': ({ user }) => {
                const { services, e2e: _e2e, ...rest } = user;
                void _e2e;
                const verified = user.emails?.find((e) => e.verified)?.address;
                return success({
                    ...rest,
                    email: verified,
                    settings: { profile: {}, preferences: { ...(user.settings?.preferences ?? {}) } },
                    avatarUrl: `${rc.model.settings.get('Site_Url')}/avatar/${user.username}`,
                    isOAuthUser: false,
                    services: {
                        ...(services?.email2fa && { email2fa: { enabled: services.email2fa.enabled } }),
                        ...(services?.totp && { totp: { enabled: services.totp.enabled } }),
                        password: { exists: Boolean(services?.password?.sha256) },
                    },
                });
            },
            // chat.ts: sendMessage goes through executeSendMessage; postMessage through processWebhookMessage
            'POST chat.sendMessage': async ({ user, body }) => {
                const message = (body.message ?? {}) as Record<string, unknown>;
                if (!message.rid) {
                    throw new MeteorError('error-invalid-params', 'The "message" parameter must be provided.');
                }
                const { rid, ...rest } = message;
                const sent = await rc.sendMessage(user._id, rid as string, rest as never, 'executeSendMessage');
                return success({ message: sent });
            },
            'POST chat.postMessage': async ({ user, body }) => {
                const rid = (body.roomId ?? body.channel) as string | undefined;
                if (!rid) {
                    throw new MeteorError('error-invalid-params', 'Body param "roomId" or "channel" is required');
                }
                const sent = await rc.sendMessage(user._id, rid, { msg: (body.text ?? body.msg) as string, alias: body.alias as string }, 'postMessage');
                if (!sent) {
                    return failure('unknown-error');
                }
                return success({ ts: Date.parse(sent.ts), channel: rid, message: sent });
            },
        };
    }
}

export { passwordDigest };
