// The REST rate limiter as Rocket.Chat's ApiClass.ts and Meteor's rate-limit package apply it: per client address
// and route, a fixed window per route, the X-RateLimit-* headers, the 429 body, the settings and the bypass.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { serverFetch } from '../../workspace/engine/bridges/serverFetch';
import { addPermissionToRole, removeRoleFromPermission } from '../../workspace/rocketchat/authorization/roles';
import { RocketChatServer } from '../../workspace/rocketchat/Server';
import type { RcRoom, RcUser } from '../../workspace/rocketchat/types';
import { RestServer } from '../../workspace/rest/RestServer';

interface Answer {
    status: number;
    headers: Record<string, string>;
    json: Record<string, unknown>;
}

describe('REST rate limiter', () => {
    const rc = new RocketChatServer();
    const rest = new RestServer(rc);
    let url = '';
    let admin: RcUser;
    let alice: RcUser;
    let aliceToken: string;
    let adminToken: string;
    let group: RcRoom;
    const previousNodeEnv = process.env.NODE_ENV;

    async function call(method: 'GET' | 'POST', route: string, user: RcUser, token: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> {
        const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const res = await serverFetch(
            `${url}/${route}`,
            { method, headers: { 'X-User-Id': user._id, 'X-Auth-Token': token, ...(data && { 'Content-Type': 'application/json' }), ...extra }, body: data },
            5000,
        );
        return { status: res.status, headers: res.headers, json: JSON.parse(res.body.toString('utf8')) as Record<string, unknown> };
    }

    beforeAll(async () => {
        // the workspace host runs with NODE_ENV=development (API_Enable_Rate_Limiter_Dev decides then)
        process.env.NODE_ENV = 'development';
        url = `${await rest.start()}/api/v1`;
        rest.rateLimiter.enabled = true;
        admin = rc.createUser({ username: 'admin', roles: ['admin', 'user'] });
        alice = rc.createUser({ username: 'alice' });
        aliceToken = rc.createLoginToken(alice._id);
        adminToken = rc.createLoginToken(admin._id);
        group = await rc.createRoom('p', 'limited-group', alice._id, []);
    });

    afterAll(async () => {
        process.env.NODE_ENV = previousNodeEnv;
        await rest.stop();
    });

    beforeEach(() => {
        rc.model.settings.set('API_Enable_Rate_Limiter', true);
        rc.model.settings.set('API_Enable_Rate_Limiter_Dev', true);
        rc.model.settings.set('API_Enable_Rate_Limiter_Limit_Calls_Default', 3);
        rc.model.settings.set('API_Enable_Rate_Limiter_Limit_Time_Default', 60000);
        addPermissionToRole(rc.model, 'api-bypass-rate-limit', 'admin');
        rest.rateLimiter.enabled = true;
        rest.rateLimiter.reset();
    });

    it("has Rocket.Chat's settings and defaults (rate.ts)", () => {
        const fresh = new RocketChatServer();
        expect(fresh.model.settings.get('API_Enable_Rate_Limiter')).toBe(true);
        expect(fresh.model.settings.get('API_Enable_Rate_Limiter_Dev')).toBe(true);
        expect(fresh.model.settings.get('API_Enable_Rate_Limiter_Limit_Calls_Default')).toBe(10);
        expect(fresh.model.settings.get('API_Enable_Rate_Limiter_Limit_Time_Default')).toBe(60000);
        expect(fresh.model.permissions.get('api-bypass-rate-limit')?.roles).toEqual(['admin', 'bot', 'app']);
    });

    it('lets the first N calls through with the headers, refuses the next with 429 and the wait in its text', async () => {
        const before = Date.now();
        const answers = [];
        for (let i = 0; i < 4; i++) {
            answers.push(await call('GET', 'me', alice, aliceToken));
        }
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
        expect(answers.map((a) => a.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
        expect(answers.every((a) => a.headers['x-ratelimit-limit'] === '3')).toBe(true);
        const reset = Number(answers[3].headers['x-ratelimit-reset']);
        expect(reset).toBeGreaterThan(before + 55000);
        expect(reset).toBeLessThanOrEqual(Date.now() + 60000);
        expect(answers[3].headers['retry-after']).toBeUndefined();
        expect(answers[3].json).toEqual({
            success: false,
            error: 'Error, too many requests. Please slow down. You must wait 60 seconds before trying this endpoint again. [error-too-many-requests]',
        });
        expect(rest.requests.filter((r) => r.rateLimited)).toHaveLength(1);
    });

    it('refuses before the route runs: a refused saveRoomSettings changes nothing', async () => {
        const ownerToken = aliceToken;
        for (let i = 0; i < 3; i++) {
            expect((await call('POST', 'rooms.saveRoomSettings', alice, ownerToken, { rid: group._id, roomTopic: `t${i}` })).status).toBe(200);
        }
        const refused = await call('POST', 'rooms.saveRoomSettings', alice, ownerToken, { rid: group._id, roomTopic: 'never' });
        expect(refused.status).toBe(429);
        expect(rc.model.roomById(group._id)?.topic).toBe('t2');
    });

    it('counts per client address and route, not per user', async () => {
        const bob = rc.createUser({ username: `bob-${Date.now()}` });
        const bobToken = rc.createLoginToken(bob._id);
        for (let i = 0; i < 3; i++) {
            expect((await call('GET', 'me', alice, aliceToken)).status).toBe(200);
        }
        // another user from the same address shares the counter
        expect((await call('GET', 'me', bob, bobToken)).status).toBe(429);
        // another route has its own
        expect((await call('GET', 'permissions.listAll', bob, bobToken)).status).toBe(200);
        // another address (x-real-ip, as remoteAddressMiddleware reads it) has its own
        expect((await call('GET', 'me', bob, bobToken, undefined, { 'X-Real-IP': '10.1.2.3' })).status).toBe(200);
        // and the method is part of the route
        expect((await call('POST', 'me', alice, aliceToken)).status).toBe(404);
    });

    it('uses a fixed window: all counters restart once the interval has passed', async () => {
        rc.model.settings.set('API_Enable_Rate_Limiter_Limit_Time_Default', 400);
        for (let i = 0; i < 3; i++) {
            expect((await call('GET', 'me', alice, aliceToken)).status).toBe(200);
        }
        const refused = await call('GET', 'me', alice, aliceToken);
        expect(refused.status).toBe(429);
        expect(refused.json.error).toContain('You must wait 1 seconds');
        await new Promise((r) => setTimeout(r, 450));
        const again = await call('GET', 'me', alice, aliceToken);
        expect(again.status).toBe(200);
        expect(again.headers['x-ratelimit-remaining']).toBe('2');
    });

    it('reloads the rules when the default settings change (counters reset)', async () => {
        for (let i = 0; i < 4; i++) {
            await call('GET', 'me', alice, aliceToken);
        }
        expect((await call('GET', 'me', alice, aliceToken)).status).toBe(429);
        rc.model.settings.set('API_Enable_Rate_Limiter_Limit_Calls_Default', 5);
        const after = await call('GET', 'me', alice, aliceToken);
        expect(after.status).toBe(200);
        expect(after.headers['x-ratelimit-limit']).toBe('5');
        expect(after.headers['x-ratelimit-remaining']).toBe('4');
    });

    it('never limits a user holding api-bypass-rate-limit (admin, bot, app by default); revoking it from admin does', async () => {
        for (let i = 0; i < 6; i++) {
            const a = await call('GET', 'me', admin, adminToken);
            expect(a.status).toBe(200);
            expect(a.headers['x-ratelimit-limit']).toBeUndefined();
        }
        removeRoleFromPermission(rc.model, 'api-bypass-rate-limit', 'admin');
        const statuses = [];
        for (let i = 0; i < 4; i++) {
            statuses.push((await call('GET', 'me', admin, adminToken)).status);
        }
        expect(statuses).toEqual([200, 200, 200, 429]);
    });

    it('is off when API_Enable_Rate_Limiter is false, in development without API_Enable_Rate_Limiter_Dev, or without rules (TEST_MODE)', async () => {
        const burst = async () => {
            rest.rateLimiter.reset();
            const s = [];
            for (let i = 0; i < 5; i++) {
                s.push((await call('GET', 'me', alice, aliceToken)).status);
            }
            return s;
        };
        rc.model.settings.set('API_Enable_Rate_Limiter', false);
        expect(await burst()).toEqual([200, 200, 200, 200, 200]);
        rc.model.settings.set('API_Enable_Rate_Limiter', true);
        rc.model.settings.set('API_Enable_Rate_Limiter_Dev', false);
        expect(await burst()).toEqual([200, 200, 200, 200, 200]);
        process.env.NODE_ENV = 'production';
        try {
            expect(await burst()).toEqual([200, 200, 200, 429, 429]);
        } finally {
            process.env.NODE_ENV = 'development';
        }
        rc.model.settings.set('API_Enable_Rate_Limiter_Dev', true);
        rest.rateLimiter.enabled = false;
        expect(await burst()).toEqual([200, 200, 200, 200, 200]);
    });

    it('gives an injected 429 the same headers and body shape', async () => {
        rest.injectFault('me', { kind: 'status', status: 429 }, 1);
        const a = await call('GET', 'me', alice, aliceToken);
        rest.clearFaults();
        expect(a.status).toBe(429);
        expect(a.headers['x-ratelimit-remaining']).toBe('0');
        expect(Number(a.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now());
        expect(a.headers['retry-after']).toBeUndefined();
        expect(String(a.json.error)).toMatch(/You must wait \d+ seconds before trying this endpoint again\. \[error-too-many-requests\]$/);
    });
});
