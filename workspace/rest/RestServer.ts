// The REST API subset the app reaches through the real HTTP bridge, on a loopback port: authentication and error
// shapes as apps/meteor/app/api/server/ApiClass.ts, the routes of each endpoint family in ./v1/ as in
// apps/meteor/app/api/server/v1/. Faults can be injected per route for tests (./faults.ts).
import http from 'http';
import type { AddressInfo, Socket } from 'net';

import { hashLoginToken } from '../rocketchat/ids';
import { MeteorError } from '../rocketchat/rules';
import type { RocketChatServer } from '../rocketchat/Server';
import type { LoginToken, RcUser } from '../rocketchat/types';
import type { Reply, RouteFamily, Routes } from './api';
import { failure, fromError, loggedOut, notFound } from './api';
import type { Fault } from './faults';
import { FaultTable, statusFaultReply } from './faults';
import { requestIp, RestRateLimiter } from './rateLimiter';
import { chatRoutes } from './v1/chat';
import { groupsRoutes } from './v1/groups';
import { miscRoutes } from './v1/misc';
import { permissionsRoutes } from './v1/permissions';
import { roomsRoutes } from './v1/rooms';
import { teamsRoutes } from './v1/teams';
import { usersRoutes } from './v1/users';

export type { Fault };

export interface RestRequestRecord {
    method: string;
    path: string;
    userId?: string;
    status: number;
    fault?: Fault['kind'];
    /** refused by the rate limiter (429 before the route ran) */
    rateLimited?: true;
    at: string;
}

const FAMILIES: RouteFamily[] = [roomsRoutes, groupsRoutes, usersRoutes, permissionsRoutes, miscRoutes, chatRoutes, teamsRoutes];

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise<string>((resolve) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', () => resolve(''));
    });
}

export class RestServer {
    private server?: http.Server;
    private readonly sockets = new Set<Socket>();
    private readonly faults = new FaultTable();
    private readonly routes: Routes;
    readonly requests: RestRequestRecord[] = [];
    /** Rocket.Chat's REST rate limiter (ApiClass.ts); `rateLimiter.enabled` is false until the Workspace turns it on */
    readonly rateLimiter: RestRateLimiter;
    url = '';
    /** Rocket.Chat 9.0's answers (ApiClass's applyBreakingChanges on) instead of 8.x's. */
    applyBreakingChanges = false;

    constructor(private readonly rc: RocketChatServer) {
        this.routes = Object.assign({}, ...FAMILIES.map((family) => family(rc))) as Routes;
        this.rateLimiter = new RestRateLimiter(() => rc.model.settings);
    }

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
    injectFault(route: string, fault: Fault, times?: number): void {
        this.faults.inject(route, fault, times);
    }

    clearFaults(route?: string): void {
        this.faults.clear(route);
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const route = url.pathname.replace(/^\/api\/v1\//, '');
        const method = (req.method ?? 'GET').toUpperCase();
        const raw = await readBody(req);
        const record: RestRequestRecord = { method, path: url.pathname, status: 0, at: new Date().toISOString() };
        this.requests.push(record);

        const fault = await this.faults.takeAfterDelays(route);
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
                case 'status':
                    return this.send(res, record, statusFaultReply(fault.status, this.applyBreakingChanges), fault.status === 429 ? this.injectedRateLimitHeaders() : {});
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

        const handler = this.routes[`${method} ${route}`];
        if (!handler) {
            return this.send(res, record, notFound());
        }
        const auth = this.authenticate(req.headers);
        if (!auth) {
            return this.send(res, record, loggedOut(this.applyBreakingChanges));
        }
        record.userId = auth.user._id;
        // ApiClass: the rate limit is enforced after authentication, before validation, permissions, 2FA and the action
        const limit = this.rateLimiter.enforce({
            route,
            method,
            ip: requestIp(req.headers, req.socket.remoteAddress),
            bypass: this.rc.model.hasPermission(auth.user._id, 'api-bypass-rate-limit'),
            developmentMode: process.env.NODE_ENV === 'development',
        });
        if (limit.refused) {
            record.rateLimited = true;
            const { message, timeToReset, seconds } = limit.refused;
            return this.send(res, record, fromError(new MeteorError('error-too-many-requests', message, { timeToReset, seconds }), this.applyBreakingChanges), limit.headers);
        }
        try {
            return this.send(res, record, await handler({ ...auth, body, query: url.searchParams, headers: req.headers }), limit.headers);
        } catch (e) {
            return this.send(res, record, fromError(e, this.applyBreakingChanges), limit.headers);
        }
    }

    /** An injected 429 carries the headers a real refusal has (a full window of the default rule left). */
    private injectedRateLimitHeaders(): Record<string, string> {
        const calls = this.rc.model.settings.get<number>('API_Enable_Rate_Limiter_Limit_Calls_Default');
        return { 'X-RateLimit-Limit': String(calls ?? ''), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Date.now() + 60000) };
    }

    /** authenticatedRoute: X-User-Id + X-Auth-Token, the token checked against the stored hashes. */
    private authenticate(headers: http.IncomingHttpHeaders): { user: RcUser; token: LoginToken } | undefined {
        const userId = headers['x-user-id'];
        const authToken = headers['x-auth-token'];
        if (typeof userId !== 'string' || typeof authToken !== 'string' || !userId || !authToken) {
            return undefined;
        }
        const hashed = hashLoginToken(authToken);
        const user = this.rc.model.userByHashedToken(userId, hashed);
        const token = user?.services?.resume?.loginTokens.find((t) => t.hashedToken === hashed);
        return user && token ? { user, token } : undefined;
    }

    private send(res: http.ServerResponse, record: RestRequestRecord, reply: Reply, headers: Record<string, string> = {}): void {
        record.status = reply.statusCode;
        if (res.destroyed) {
            return;
        }
        res.writeHead(reply.statusCode, { ...headers, 'Content-Type': 'application/json' });
        res.end(JSON.stringify(reply.body));
    }
}
