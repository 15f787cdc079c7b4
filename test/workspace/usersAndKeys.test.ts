// Usernames matched in any case where Rocket.Chat does so (getUserFromParams, checkUsernameAvailability,
// createDirectMessage) and exactly elsewhere; 8.x direct rooms (random ids, found by their members' ids); the details of
// resetUserE2EEncriptionKey (apps/meteor/server/lib/resetUserE2EKey.ts): verified addresses, a failing e-mail before any
// reset, the federated flag, the forced logout broadcast.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { RocketChatServer } from '../../workspace/rocketchat/Server';
import type { RcUser } from '../../workspace/rocketchat/types';
import { RestServer } from '../../workspace/rest/RestServer';
import { auth, request } from './httpClient';

describe('usernames', () => {
    it('are unique in any case, found in any case by the REST helpers, exactly by the model finder', () => {
        const rc = new RocketChatServer();
        const bob = rc.createUser({ username: 'bob' });
        expect(() => rc.createUser({ username: 'BOB' })).toThrow('BOB is already in use :(');
        expect(rc.model.userByUsernameIgnoringCase('Bob')).toBe(bob);
        expect(rc.model.userByUsername('Bob')).toBeUndefined();
    });
});

describe('direct rooms', () => {
    it('get a random id (not the two user ids) and are found again by their members', async () => {
        const rc = new RocketChatServer();
        const alice = rc.createUser({ username: 'alice' });
        const bob = rc.createUser({ username: 'bob' });
        const dm = await rc.createDirectRoom([alice._id, bob._id]);
        expect(dm._id).not.toBe([alice._id, bob._id].sort().join(''));
        expect(dm._id).toMatch(/^[23456789A-Za-z]{17}$/);
        expect(dm.uids).toEqual([alice._id, bob._id].sort());
        expect(await rc.createDirectRoom([bob._id, alice._id])).toBe(dm);
        expect(rc.model.directRoomByUserIds([bob._id, alice._id])).toBe(dm);
        const self = await rc.createDirectRoom([alice._id]);
        expect(self._id).not.toBe(dm._id);
        expect(await rc.createDirectRoom([alice._id, alice._id])).toBe(self);
    });
});

describe('users.resetE2EKey', () => {
    const rc = new RocketChatServer();
    const rest = new RestServer(rc);
    let url = '';
    let admin: RcUser;
    let pat: string;
    const reset = (body: Record<string, unknown>) => request('POST', `${url}/users.resetE2EKey`, body, auth(admin._id, pat));
    const target = (username: string, extra: Partial<Parameters<typeof rc.createUser>[0]> = {}) => {
        const user = rc.createUser({ username, e2e: { public_key: 'pub', private_key: 'priv' }, ...extra });
        rc.createLoginToken(user._id);
        return user;
    };
    const mailsTo = (user: RcUser) => rc.model.notifications.filter((n) => n.userId === user._id && n.message.email === true).map((n) => n.message.to);

    beforeAll(async () => {
        url = `${await rest.start()}/api/v1`;
        admin = rc.createUser({ username: 'admin', roles: ['admin', 'user'] });
        pat = rc.createPersonalAccessToken(admin._id, 'svc', true);
    });

    afterAll(async () => {
        await rest.stop();
    });

    it('finds the user by username in any case, mails each verified address, broadcasts the forced logout, then resets', async () => {
        const carol = target('carol', { emails: [{ address: 'carol@example.org', verified: true }, { address: 'c@old.example', verified: false }, { address: 'c2@example.org', verified: true }] });
        const res = await reset({ username: 'CAROL' });
        expect([res.status, res.json]).toEqual([200, { success: true }]);
        expect(mailsTo(carol)).toEqual(['carol@example.org', 'c2@example.org']);
        expect(rc.broadcasts.map((b) => [b.event, b.args])).toEqual([['user.forceLogout', [carol._id]]]);
        const stored = rc.model.requireUser(carol._id);
        expect(stored.e2e).toBeUndefined();
        expect(stored.services?.resume?.loginTokens).toEqual([]);
    });

    it('without a verified address sends no e-mail and still resets', async () => {
        const dave = target('dave', { emails: [{ address: 'dave@example.org', verified: false }] });
        expect((await reset({ userId: dave._id })).status).toBe(200);
        expect(mailsTo(dave)).toEqual([]);
        expect(rc.model.requireUser(dave._id).e2e).toBeUndefined();
    });

    it('fails before anything is reset when the e-mail cannot be sent', async () => {
        const erin = target('erin', { emails: [{ address: 'erin@example.org', verified: true }] });
        const broadcasts = rc.broadcasts.length;
        rc.mailer.failure = new Error('connect ECONNREFUSED');
        try {
            const res = await reset({ userId: erin._id });
            expect(res.status).toBe(400);
            expect(res.json).toEqual({
                success: false,
                error: 'Error trying to send email: connect ECONNREFUSED [error-email-send-failed]',
                errorType: 'error-email-send-failed',
                details: { function: 'resetUserE2EEncriptionKey', message: 'connect ECONNREFUSED' },
            });
        } finally {
            rc.mailer.failure = undefined;
        }
        const stored = rc.model.requireUser(erin._id);
        expect(stored.e2e).toEqual({ public_key: 'pub', private_key: 'priv' });
        expect(stored.services?.resume?.loginTokens).toHaveLength(1);
        expect(rc.broadcasts).toHaveLength(broadcasts);
    });

    it('refuses a user flagged federated (the flag, not the username), after mailing them', async () => {
        const fed = target('fed', { federated: true, emails: [{ address: 'fed@remote.example', verified: true }] });
        const res = await reset({ userId: fed._id });
        expect([res.status, res.json.errorType]).toEqual([400, 'error-not-allowed']);
        expect(mailsTo(fed)).toEqual(['fed@remote.example']);
        expect(rc.model.requireUser(fed._id).e2e).toBeDefined();
        // a colon in the username alone does not make a federated user
        const local = target('local:name');
        expect((await reset({ userId: local._id })).status).toBe(200);
    });
});
