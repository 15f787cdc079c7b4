// The REST answers of Rocket.Chat 8.x and, opt-in, 9.0 (ApiClass's applyBreakingChanges, pinned to 9.0.0 in 8.x:
// apps/meteor/server/api/ApiClass.ts, apps/meteor/server/api/v1/middlewares/authenticationHono.ts), and teams.info
// (apps/meteor/app/api/server/v1/teams.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { RocketChatServer } from '../../workspace/rocketchat/Server';
import type { RcRoom, RcUser } from '../../workspace/rocketchat/types';
import { fromError } from '../../workspace/rest/api';
import { MeteorError } from '../../workspace/rocketchat/rules';
import { RestServer } from '../../workspace/rest/RestServer';
import { auth, request } from './httpClient';

const LOGGED_OUT = 'You must be logged in to do this.';

describe('error shapes', () => {
    it.each([
        ['error-unauthorized', 403, 401],
        ['unauthorized', 403, 401],
        ['error-forbidden', 400, 403],
        ['error-too-many-requests', 429, 429],
        ['error-action-not-allowed', 400, 400],
    ])('%s: %i in 8.x, %i in 9.0', (code, eight, nine) => {
        const e = new MeteorError(code, 'Nope');
        const [in8, in9] = [fromError(e), fromError(e, true)];
        expect([in8.statusCode, in9.statusCode]).toEqual([eight, nine]);
        expect(in8.body.error).toBe('Nope [' + code + ']');
        expect(in9.body.error).toBe('Nope [' + code + ']');
    });

    it('an error without a Meteor code (an app’s exception) is a plain 400 in both', () => {
        expect(fromError(new Error('the app said no'))).toEqual({ statusCode: 400, body: { success: false, error: 'the app said no' } });
        expect(fromError(new Error('the app said no'), true)).toEqual({ statusCode: 400, body: { success: false, error: 'the app said no' } });
    });
});

describe('over HTTP', () => {
    const rc = new RocketChatServer();
    const rest = new RestServer(rc);
    let url = '';
    let admin: RcUser;
    let alice: RcUser;
    let bob: RcUser;
    let team: RcRoom;
    let publicTeam: RcRoom;
    const as = (user: RcUser) => auth(user._id, rc.createLoginToken(user._id));

    beforeAll(async () => {
        url = `${await rest.start()}/api/v1`;
        admin = rc.createUser({ username: 'admin', roles: ['admin', 'user'] });
        alice = rc.createUser({ username: 'alice' });
        bob = rc.createUser({ username: 'bob' });
        team = await rc.createTeam('core', alice._id, true);
        publicTeam = await rc.createTeam('town', alice._id, false);
    });

    afterAll(async () => {
        await rest.stop();
    });

    it('a logged-out 401 keeps status and message in 8.x, drops them in 9.0', async () => {
        rest.applyBreakingChanges = false;
        const eight = await request('GET', `${url}/me`);
        expect([eight.status, eight.json]).toEqual([401, { success: false, error: LOGGED_OUT, status: 'error', message: LOGGED_OUT }]);
        rest.applyBreakingChanges = true;
        const nine = await request('GET', `${url}/me`, undefined, auth(alice._id, 'wrong'));
        expect([nine.status, nine.json]).toEqual([401, { success: false, error: LOGGED_OUT }]);
        rest.applyBreakingChanges = false;
    });

    it('an injected 401 or 403 fault answers in the shapes of the version', async () => {
        rest.injectFault('me', { kind: 'status', status: 403 }, 2);
        expect((await request('GET', `${url}/me`, undefined, as(alice))).json).toEqual({ success: false, error: 'unauthorized' });
        rest.applyBreakingChanges = true;
        expect((await request('GET', `${url}/me`, undefined, as(alice))).json).toEqual({ success: false, error: 'forbidden' });
        rest.applyBreakingChanges = false;
    });

    it('teams.info: the team to whoever can access its main room or holds view-all-teams; a 401 to anyone else', async () => {
        const info = await request('GET', `${url}/teams.info?teamId=${team.teamId}`, undefined, as(alice));
        expect(info.status).toBe(200);
        expect(info.json).toEqual({ success: true, teamInfo: { _id: team.teamId, name: 'core', type: 1, roomId: team._id } });
        expect((await request('GET', `${url}/teams.info?teamName=core`, undefined, as(admin))).json).toMatchObject({ teamInfo: { type: 1, roomId: team._id } });
        // a logged-in caller without access: API.v1.unauthorized(), a 401 that is not "logged out"
        const denied = await request('GET', `${url}/teams.info?teamId=${team.teamId}`, undefined, as(bob));
        expect([denied.status, denied.json]).toEqual([401, { success: false, error: 'unauthorized' }]);
        // a public team's main room is open to view-c-room
        expect((await request('GET', `${url}/teams.info?teamId=${publicTeam.teamId}`, undefined, as(bob))).json).toMatchObject({ teamInfo: { type: 0 } });
        const missing = await request('GET', `${url}/teams.info?teamId=nope`, undefined, as(admin));
        expect([missing.status, missing.json]).toEqual([400, { success: false, error: 'Team not found' }]);
    });
});
