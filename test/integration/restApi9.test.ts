// The app against Rocket.Chat 9.0's REST answers (ApiClass's breaking-change flag on): a logged-out 401 without
// status/message is still a rejected token; a 401 for a logged-in caller (teams.info without access) is a refusal,
// and a team the service account may not read hides the team's channels (fail closed) but not a subscriber's.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { statusLines } from '../harness/answers';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { command, forgetPermissions, mark, requestsSince, START_TIMEOUT, startHarness } from '../harness/workspace';
import { request } from '../workspace/httpClient';

let h: Harness;
let admin: RcUser;
let teammate: RcUser;
let guest: RcUser;
let ops: RcRoom;
let teamNews: RcRoom;

beforeAll(async () => {
    h = await startHarness({ restApi: '9.0' });
    const { ws } = h;
    admin = ws.createUser({ username: 'boss', roles: ['admin', 'user'] });
    teammate = ws.createUser({ username: 'teammate' });
    guest = ws.createUser({ username: 'guest', roles: ['guest'] });
    ops = await ws.createRoom('private', { name: 'ops', owner: admin, members: [teammate, guest] });
    const core = await ws.createRoom('private-team', { name: 'core', owner: admin, members: [teammate] });
    teamNews = await ws.createRoom('team-room', { name: 'core-news', owner: admin, parent: core, type: 'c', members: [guest] });
    await ws.settle();
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

describe('Rocket.Chat 9.0 answers', () => {
    it('the stand-in answers a missing token without status and message', async () => {
        const res = await request('GET', `${h.ws.restUrl}/api/v1/me`);
        expect([res.status, res.json]).toEqual([401, { success: false, error: 'You must be logged in to do this.' }]);
    });

    it('a rejected token is still told as a rejected token', async () => {
        const { ws } = h;
        await ws.setAppSetting('service_token', 'revoked-token');
        try {
            expect(await command(ws, admin, ops, 'status')).toBe([...statusLines(ws, ops), say('status_service_failed', { reason: say('failure_unauthorized') })].join('\n'));
        } finally {
            await ws.setAppSetting('service_token', h.token);
        }
    });

    it('teams.info refusing the service account (a 401 for a logged-in caller) hides the team channel, not a subscriber’s view', async () => {
        const { ws } = h;
        const svc = ws.server.requireUser(h.svc._id);
        const roles = [...svc.roles];
        // the service account keeps what the table needs (it lists permissions for anyone) but loses view-all-teams
        svc.roles = ['user'];
        await forgetPermissions(ws);
        try {
            const since = mark(ws);
            expect(await command(ws, teammate, ops, `status #${teamNews.name}`)).toBe(say('room_not_found', { name: teamNews.name as string }));
            expect(requestsSince(ws, since)).toContain('GET teams.info 401');
            expect((await command(ws, guest, ops, `status #${teamNews.name}`)).split('\n')[0]).toBe(say('status_not_encrypted', { room: '#core-news' }));
        } finally {
            svc.roles = roles;
            await forgetPermissions(ws);
        }
        expect((await command(ws, teammate, ops, `status #${teamNews.name}`)).split('\n')[0]).toBe(say('status_not_encrypted', { room: '#core-news' }));
    });
});
