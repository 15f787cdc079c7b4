import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { passwordDigest } from '../../workspace/rocketchat/ids';
import { RocketChatServer } from '../../workspace/rocketchat/Server';
import type { RcRoom, RcUser } from '../../workspace/rocketchat/types';
import { RestServer } from '../../workspace/rest/RestServer';
import { auth, request } from './httpClient';

describe('REST emulation', () => {
    const rc = new RocketChatServer();
    const rest = new RestServer(rc);
    let url = '';
    let admin: RcUser;
    let alice: RcUser;
    let bob: RcUser;
    let group: RcRoom;
    let adminPat: string;

    beforeAll(async () => {
        url = `${await rest.start()}/api/v1`;
        rc.model.settings.set('E2E_Enable', true);
        admin = rc.createUser({ username: 'admin', roles: ['admin', 'user'], password: 'secret' });
        alice = rc.createUser({ username: 'alice', password: 'alice-pw' });
        bob = rc.createUser({ username: 'bob', password: 'bob-pw' });
        group = await rc.createRoom('p', 'secret-group', alice._id, ['bob']);
        adminPat = rc.createPersonalAccessToken(admin._id, 'e2ee-policy', true);
    });

    afterAll(async () => {
        await rest.stop();
    });

    beforeEach(() => rest.clearFaults());

    describe('authentication', () => {
        it('answers 401 without or with wrong credentials', async () => {
            const none = await request('GET', `${url}/me`);
            expect(none.status).toBe(401);
            expect(none.json).toEqual({ success: false, error: 'You must be logged in to do this.', status: 'error', message: 'You must be logged in to do this.' });
            const wrong = await request('GET', `${url}/me`, undefined, auth(admin._id, 'not-a-token'));
            expect(wrong.status).toBe(401);
            const otherUser = await request('GET', `${url}/me`, undefined, auth(alice._id, adminPat));
            expect(otherUser.status).toBe(401);
        });

        it('accepts a personal access token (stored hashed) and returns /me', async () => {
            const stored = rc.model.userById(admin._id)?.services?.resume?.loginTokens ?? [];
            expect(stored.some((t) => t.hashedToken === adminPat)).toBe(false);
            const me = await request('GET', `${url}/me`, undefined, auth(admin._id, adminPat));
            expect(me.status).toBe(200);
            expect(me.json).toMatchObject({ success: true, _id: admin._id, username: 'admin', roles: ['admin', 'user'], services: { password: { exists: true } } });
            expect(JSON.stringify(me.json)).not.toContain('loginTokens');
        });

        it('lists permissions for any authenticated user', async () => {
            const token = rc.createLoginToken(bob._id);
            const res = await request('GET', `${url}/permissions.listAll`, undefined, auth(bob._id, token));
            expect(res.status).toBe(200);
            const update = res.json.update as Array<{ _id: string; roles: string[] }>;
            expect(update.find((p) => p._id === 'toggle-room-e2e-encryption')?.roles).toEqual(['owner', 'admin']);
            expect(res.json.remove).toEqual([]);
            const bad = await request('GET', `${url}/permissions.listAll?updatedSince=nope`, undefined, auth(bob._id, token));
            expect(bad.status).toBe(400);
            expect(bad.json.errorType).toBe('error-roomId-param-invalid');
        });
    });

    describe('room encryption', () => {
        it('refuses rooms.saveRoomSettings without edit-room, with the Rocket.Chat error shape', async () => {
            const token = rc.createLoginToken(bob._id);
            const res = await request('POST', `${url}/rooms.saveRoomSettings`, { rid: group._id, encrypted: true }, auth(bob._id, token));
            expect(res.status).toBe(400);
            expect(res.json).toEqual({
                success: false,
                error: 'Editing room is not allowed [error-action-not-allowed]',
                errorType: 'error-action-not-allowed',
                details: { method: 'saveRoomSettings', action: 'Editing_room' },
            });
        });

        it('refuses a moderator without toggle-room-e2e-encryption', async () => {
            rc.setRoomRole(group._id, bob._id, 'moderator');
            const token = rc.createLoginToken(bob._id);
            const res = await request('POST', `${url}/rooms.saveRoomSettings`, { rid: group._id, encrypted: true }, auth(bob._id, token));
            expect(res.json.error).toBe('You do not have permission to toggle E2E encryption [error-action-not-allowed]');
            rc.setRoomRole(group._id, bob._id, 'moderator', false);
        });

        it('lets the owner encrypt, posts room_e2e_enabled once', async () => {
            const token = rc.createLoginToken(alice._id);
            const res = await request('POST', `${url}/rooms.saveRoomSettings`, { rid: group._id, encrypted: true }, auth(alice._id, token));
            expect(res.status).toBe(200);
            expect(res.json).toEqual({ rid: group._id, success: true });
            expect(rc.model.roomById(group._id)?.encrypted).toBe(true);
            const again = await request('POST', `${url}/rooms.saveRoomSettings`, { rid: group._id, encrypted: true }, auth(alice._id, token));
            expect(again.status).toBe(200);
            const sys = rc.model.messagesByRoom(group._id).filter((m) => m.t === 'room_e2e_enabled');
            expect(sys).toHaveLength(1);
            expect(sys[0].msg).toBe('alice');
        });

        it('refuses public channels and E2E_Enable off with the misleading message', async () => {
            const pub = await rc.createRoom('c', 'town', admin._id);
            const res = await request('POST', `${url}/rooms.saveRoomSettings`, { rid: pub._id, encrypted: true }, auth(admin._id, adminPat));
            expect(res.json.error).toBe('Only groups or direct channels can enable encryption [error-action-not-allowed]');
            rc.model.settings.set('E2E_Enable', false);
            const res2 = await request('POST', `${url}/rooms.saveRoomSettings`, { rid: group._id, encrypted: false }, auth(admin._id, adminPat));
            expect(res2.json.errorType).toBe('error-action-not-allowed');
            rc.model.settings.set('E2E_Enable', true);
        });

        it('groups.setEncrypted: body check, group lookup and success', async () => {
            const token = rc.createLoginToken(alice._id);
            const missing = await request('POST', `${url}/groups.setEncrypted`, { roomId: group._id }, auth(alice._id, token));
            expect(missing.status).toBe(400);
            expect(missing.json).toEqual({ success: false, error: 'The bodyParam "encrypted" is required' });
            const noRoom = await request('POST', `${url}/groups.setEncrypted`, { encrypted: true }, auth(alice._id, token));
            expect(noRoom.json.errorType).toBe('error-room-param-not-provided');
            const pub = await rc.createRoom('c', 'plaza', alice._id);
            const notGroup = await request('POST', `${url}/groups.setEncrypted`, { roomId: pub._id, encrypted: true }, auth(alice._id, token));
            expect(notGroup.json.errorType).toBe('error-room-not-found');
            const ok = await request('POST', `${url}/groups.setEncrypted`, { roomId: group._id, encrypted: false }, auth(alice._id, token));
            expect(ok.status).toBe(200);
            expect((ok.json.group as Record<string, unknown>).encrypted).toBe(false);
            expect(rc.model.messagesByRoom(group._id).some((m) => m.t === 'room_e2e_disabled')).toBe(true);
        });

        it('lets any DM member toggle encryption without edit-room', async () => {
            const dm = await rc.createDirectRoom([alice._id, bob._id]);
            const token = rc.createLoginToken(bob._id);
            const res = await request('POST', `${url}/rooms.saveRoomSettings`, { rid: dm._id, encrypted: true, roomTopic: 'ignored' }, auth(bob._id, token));
            expect(res.status).toBe(200);
            expect(rc.model.roomById(dm._id)).toMatchObject({ encrypted: true });
            expect(rc.model.roomById(dm._id)?.topic).toBeUndefined();
        });
    });

    describe('users.resetE2EKey', () => {
        it('requires edit-other-user-e2ee to reset someone else', async () => {
            const pat = rc.createPersonalAccessToken(alice._id, 'alice-bypass', true);
            const res = await request('POST', `${url}/users.resetE2EKey`, { userId: bob._id }, auth(alice._id, pat));
            expect(res.status).toBe(400);
            expect(res.json).toMatchObject({ success: false, error: 'Not allowed [error-not-allowed]', errorType: 'error-not-allowed' });
        });

        it('asks for two-factor confirmation unless the PAT bypasses it', async () => {
            const session = rc.createLoginToken(admin._id);
            const res = await request('POST', `${url}/users.resetE2EKey`, { userId: bob._id }, auth(admin._id, session));
            expect(res.status).toBe(400);
            expect(res.json).toMatchObject({
                success: false,
                error: 'TOTP Required [totp-required]',
                errorType: 'totp-required',
                details: { method: 'password', codeGenerated: false, availableMethods: [] },
            });
            const wrong = await request('POST', `${url}/users.resetE2EKey`, { userId: bob._id }, { ...auth(admin._id, session), 'x-2fa-code': 'nope', 'x-2fa-method': 'password' });
            expect(wrong.json.errorType).toBe('totp-invalid');
            const noBypass = rc.createPersonalAccessToken(admin._id, 'no-bypass', false);
            const res2 = await request('POST', `${url}/users.resetE2EKey`, { userId: bob._id }, auth(admin._id, noBypass));
            expect(res2.json.errorType).toBe('totp-required');
            const withPassword = await request(
                'POST',
                `${url}/users.resetE2EKey`,
                { username: 'nobody' },
                { ...auth(admin._id, session), 'x-2fa-code': passwordDigest('secret'), 'x-2fa-method': 'password' },
            );
            expect(withPassword.json).toMatchObject({ errorType: 'error-invalid-user', error: 'The required "userId" or "username" param provided does not match any users [error-invalid-user]' });
        });

        it('resets keys, subscriptions, queues the user and wipes every token', async () => {
            const carol = rc.createUser({ username: 'carol', e2e: { public_key: 'pub', private_key: 'priv' } });
            const enc = await rc.createRoom('p', 'vault', carol._id, [], { encrypted: true });
            const plain = await rc.createRoom('p', 'lobby', carol._id);
            const sub = rc.model.subscription(enc._id, carol._id);
            if (!sub) {
                throw new Error('no sub');
            }
            Object.assign(sub, { E2EKey: 'k', E2ESuggestedKey: 's', oldRoomKeys: [{ E2EKey: 'o', ts: '', e2eKeyId: 'x' }] });
            const carolPat = rc.createPersonalAccessToken(carol._id, 'carol-pat', true);
            rc.createLoginToken(carol._id);

            const res = await request('POST', `${url}/users.resetE2EKey`, { userId: carol._id }, auth(admin._id, adminPat));
            expect(res.status).toBe(200);
            expect(res.json).toEqual({ success: true });
            const after = rc.model.userById(carol._id);
            expect(after?.e2e).toBeUndefined();
            expect(after?.services?.resume?.loginTokens).toEqual([]);
            expect(rc.model.subscription(enc._id, carol._id)).not.toHaveProperty('E2EKey');
            expect(rc.model.subscription(enc._id, carol._id)).not.toHaveProperty('oldRoomKeys');
            expect(rc.model.roomById(enc._id)?.usersWaitingForE2EKeys?.map((q) => q.userId)).toEqual([carol._id]);
            expect(rc.model.roomById(plain._id)?.usersWaitingForE2EKeys).toBeUndefined();
            const dead = await request('GET', `${url}/me`, undefined, auth(carol._id, carolPat));
            expect(dead.status).toBe(401);
        });

        it('refuses federated users', async () => {
            const fed = rc.createUser({ username: 'fed@matrix.org', federated: true });
            const res = await request('POST', `${url}/users.resetE2EKey`, { userId: fed._id }, auth(admin._id, adminPat));
            expect(res.json).toMatchObject({ errorType: 'error-not-allowed', error: 'Federated Users cant have TOTP [error-not-allowed]' });
        });

        it('resets the caller on an empty body, killing the caller token', async () => {
            const dave = rc.createUser({ username: 'dave', e2e: { public_key: 'p', private_key: 'q' } });
            const pat = rc.createPersonalAccessToken(dave._id, 'dave', true);
            const res = await request('POST', `${url}/users.resetE2EKey`, {}, auth(dave._id, pat));
            expect(res.status).toBe(200);
            expect(rc.model.userById(dave._id)?.e2e).toBeUndefined();
            expect((await request('GET', `${url}/me`, undefined, auth(dave._id, pat))).status).toBe(401);
        });
    });

    describe('fault injection', () => {
        it('answers injected statuses, then recovers', async () => {
            rest.injectFault('me', { kind: 'status', status: 429 }, 1);
            const limited = await request('GET', `${url}/me`, undefined, auth(admin._id, adminPat));
            expect(limited.status).toBe(429);
            expect(String(limited.json.error)).toContain('[error-too-many-requests]');
            expect((await request('GET', `${url}/me`, undefined, auth(admin._id, adminPat))).status).toBe(200);
            rest.injectFault('*', { kind: 'status', status: 500 }, 1);
            expect((await request('GET', `${url}/me`, undefined, auth(admin._id, adminPat))).status).toBe(500);
        });

        it('returns malformed JSON, closes the connection, or hangs', async () => {
            rest.injectFault('me', { kind: 'malformed' }, 1);
            const bad = await request('GET', `${url}/me`, undefined, auth(admin._id, adminPat));
            expect(bad.status).toBe(200);
            expect(() => JSON.parse(bad.text)).toThrow();
            rest.injectFault('me', { kind: 'close' }, 1);
            await expect(request('GET', `${url}/me`, undefined, auth(admin._id, adminPat))).rejects.toThrow();
            rest.injectFault('me', { kind: 'hang' }, 1);
            await expect(request('GET', `${url}/me`, undefined, auth(admin._id, adminPat), 300)).rejects.toThrow('network timeout');
        });

        it('records requests without tokens', () => {
            expect(rest.requests.length).toBeGreaterThan(0);
            expect(JSON.stringify(rest.requests)).not.toContain(adminPat);
        });
    });
});
