import { beforeEach, describe, expect, it } from '@jest/globals';

import { WorkspaceClient } from '../../src/api/WorkspaceClient';
import { Permission } from '../../src/policy/permissions';
import { Fake, jsonResponse } from '../support/fakes';

const account = { baseUrl: 'http://rc.test', userId: 'svc', token: 'secret-token-123', timeoutMs: 2500 };
const headers = { 'X-User-Id': 'svc', 'X-Auth-Token': 'secret-token-123', 'Content-Type': 'application/json' };

describe('WorkspaceClient', () => {
    let fake: Fake;
    let client: WorkspaceClient;
    beforeEach(() => {
        fake = new Fake();
        client = new WorkspaceClient(fake.http, account);
    });

    it('switches encryption with rooms.saveRoomSettings', async () => {
        expect(await client.saveRoomEncrypted('room1', true)).toEqual({ ok: true, value: undefined });
        expect(fake.requests).toEqual([
            { method: 'post', url: 'http://rc.test/api/v1/rooms.saveRoomSettings', headers, data: { rid: 'room1', encrypted: true }, timeout: 2500 },
        ]);
    });

    it('reads the permission table with permissions.listAll', async () => {
        const result = await client.listPermissions();
        expect(fake.requests).toEqual([{ method: 'get', url: 'http://rc.test/api/v1/permissions.listAll', headers, data: undefined, timeout: 2500 }]);
        expect(result.ok && [...(result.value.get(Permission.EditRoom) ?? [])]).toEqual(['admin', 'owner', 'moderator']);
    });

    it('treats a table of the wrong shape as malformed', async () => {
        fake.responder = () => jsonResponse(200, { update: [{ _id: 'edit-room', roles: 'admin' }], success: true });
        expect(await client.listPermissions()).toEqual({ ok: false, failure: { kind: 'malformed', status: 200 } });
        fake.responder = () => jsonResponse(200, { success: true });
        expect(await client.listPermissions()).toEqual({ ok: false, failure: { kind: 'malformed', status: 200 } });
    });

    it('resets another user with a userId body, never an empty one', async () => {
        expect(await client.resetE2EKey('u42')).toEqual({ ok: true, value: undefined });
        expect(fake.requests).toEqual([{ method: 'post', url: 'http://rc.test/api/v1/users.resetE2EKey', headers, data: { userId: 'u42' }, timeout: 2500 }]);
    });

    it('refuses to reset the service account itself or nobody, without calling', async () => {
        expect(await client.resetE2EKey('svc')).toEqual({ ok: false, failure: { kind: 'refused', errorType: 'error-invalid-user' } });
        expect(await client.resetE2EKey('')).toEqual({ ok: false, failure: { kind: 'refused', errorType: 'error-invalid-user' } });
        expect(fake.requests).toEqual([]);
    });

    it('reports who the token belongs to', async () => {
        expect(await client.me()).toEqual({ ok: true, value: { id: 'svc', username: 'svc' } });
    });

    it('turns a thrown network error into a failure, without its text', async () => {
        fake.responder = () => {
            throw new Error('fetch failed X-Auth-Token: secret-token-123');
        };
        const result = await client.me();
        expect(result).toEqual({ ok: false, failure: { kind: 'unreachable' } });
        expect(JSON.stringify(result)).not.toContain('secret');
    });

    it('treats a missing response (a denied bridge call) as malformed', async () => {
        fake.responder = () => undefined as never;
        expect(await client.me()).toEqual({ ok: false, failure: { kind: 'malformed' } });
    });
});
