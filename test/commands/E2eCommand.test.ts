import { describe, expect, it } from '@jest/globals';

import { jsonResponse } from '../support/fakes';
import { calls, run, scenario } from '../support/scenario';

const LIST = 'GET /api/v1/permissions.listAll';
const save = (rid: string, encrypted: boolean) => `POST /api/v1/rooms.saveRoomSettings {"rid":"${rid}","encrypted":${encrypted}}`;

describe('/e2e status', () => {
    it('tells a member what the room is, what the policy says and whether the workspace has E2EE on', async () => {
        const { fake, owner, secret } = scenario({ settings: { policy_private_channel: 'default' } });
        expect(await run(fake, owner, secret, 'status')).toBe(
            [
                '#secret is not end-to-end encrypted.',
                'Kind: private channel.',
                'Encryption is supported here. Workspace policy: Default: new rooms start encrypted.',
                'End-to-end encryption is enabled for this workspace (E2E_Enable).',
            ].join('\n'),
        );
        expect(calls(fake)).toEqual([]);
    });

    it('says a public channel cannot be encrypted and that E2EE is off for the workspace', async () => {
        const { fake, owner, general } = scenario({ serverSettings: { E2E_Enable: false } });
        expect(await run(fake, owner, general, 'status')).toBe(
            [
                '#general is not end-to-end encrypted.',
                'Kind: public channel.',
                'Rocket.Chat cannot encrypt a public channel.',
                'End-to-end encryption is disabled for this workspace (E2E_Enable): nothing can be encrypted until an administrator enables it.',
            ].join('\n'),
        );
    });

    it('shows admins whether the service account works', async () => {
        const { fake, admin, general } = scenario();
        expect(await run(fake, admin, general, 'status')).toContain('Service account: working, signed in as @svc.');
        expect(calls(fake)).toEqual(['GET /api/v1/me']);
        fake.responder = () => jsonResponse(401, { success: false, error: 'You must be logged in to do this.' });
        expect(await run(fake, admin, general, 'status')).toContain(
            "Service account: not working. The workspace rejected the service account's token (it may have been revoked or reset).",
        );
    });

    it('tells admins when the service account is not configured or a setting is unusable', async () => {
        const { fake, admin, general } = scenario({ settings: { service_token: '', policy_direct: 'sometimes' } });
        const told = await run(fake, admin, general, 'status');
        expect(told).toContain('These app settings have unusable values and their defaults are used instead: policy_direct.');
        expect(told).toContain('Service account: not configured.');
        expect(calls(fake)).toEqual([]);
    });

    it('answers in the person’s own language', async () => {
        const { fake, member, secret } = scenario();
        const told = await run(fake, member, secret, 'status');
        expect(told).not.toContain('is not end-to-end encrypted');
        expect(told).toContain('#secret');
    });

    it('looks up a named room the person belongs to, and a DM by username', async () => {
        const { fake, owner, general, dm } = scenario();
        expect(await run(fake, owner, general, 'status #secret')).toMatch(/^#secret is not end-to-end encrypted\./);
        dm.slugifiedName = '';
        dm.displayName = 'member';
        expect(await run(fake, owner, general, 'status @member')).toMatch(/^member is not end-to-end encrypted\.\nKind: direct message\./);
    });

    it('does not reveal a private room to an outsider, and lets an admin inspect it', async () => {
        const { fake, outsider, admin, general } = scenario();
        expect(await run(fake, outsider, general, 'status #secret')).toBe("I can't find a room named #secret that you can see.");
        expect(await run(fake, outsider, general, 'status #nonexistent')).toBe("I can't find a room named #nonexistent that you can see.");
        expect(await run(fake, admin, general, 'status #secret')).toMatch(/^#secret is not end-to-end encrypted\./);
    });

    it('does not reveal the room it is run in to someone who cannot see it (DDP runs commands in any room id)', async () => {
        const { fake, outsider, admin, secret, dm } = scenario();
        expect(await run(fake, outsider, secret, 'status')).toBe("I can't find a room named #secret that you can see.");
        expect(await run(fake, outsider, dm, 'enable')).toBe("I can't find a room named #dm-owner-member that you can see.");
        expect(calls(fake).filter((c) => c.startsWith('POST'))).toEqual([]);
        expect(await run(fake, admin, secret, 'status')).toMatch(/^#secret is not end-to-end encrypted\./);
    });

    it('lets members of a discussion’s parent room see the discussion, as Rocket.Chat does', async () => {
        const { fake, moderator, outsider, thread } = scenario();
        expect(await run(fake, moderator, thread, 'status')).toMatch(/^#thread is not end-to-end encrypted\./);
        expect(await run(fake, outsider, thread, 'status')).toBe("I can't find a room named #thread that you can see.");
    });

    it('explains unknown users and missing DMs', async () => {
        const { fake, owner, general } = scenario();
        expect(await run(fake, owner, general, 'status @ghost')).toBe("I can't find a user named @ghost.");
        expect(await run(fake, owner, general, 'status @outsider')).toBe('You have no direct message with @outsider.');
    });
});

describe('/e2e enable and disable', () => {
    it('lets the owner of a private channel enable it, through the service account', async () => {
        const { fake, owner, secret } = scenario();
        expect(await run(fake, owner, secret, 'enable')).toBe('End-to-end encryption is now on in #secret.');
        expect(calls(fake)).toEqual([LIST, save('secret', true)]);
        expect(fake.requests[1].headers).toEqual({ 'X-User-Id': 'svc', 'X-Auth-Token': 'secret-token-123', 'Content-Type': 'application/json' });
        expect(fake.auditRecords()).toEqual([
            expect.objectContaining({ action: 'enable', outcome: 'done', actorId: 'owner', roomId: 'secret', roomName: '#secret' }),
        ]);
    });

    it('lets any member of a DM toggle it without asking for the permission table', async () => {
        const { fake, member, dm } = scenario();
        await run(fake, member, dm, 'enable');
        expect(calls(fake)).toEqual([save('dm-owner-member', true)]);
    });

    it('refuses a moderator, who has edit-room but not toggle-room-e2e-encryption by default', async () => {
        const { fake, moderator, secret } = scenario();
        expect(await run(fake, moderator, secret, 'enable')).toBe('You may not change encryption in #secret: you need toggle-room-e2e-encryption there.');
        expect(calls(fake)).toEqual([LIST]);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'enable', outcome: 'refused', reason: 'not-allowed' })]);
    });

    it('follows the live role-permission table: a moderator granted the permission may toggle', async () => {
        const { fake, moderator, secret } = scenario({
            permissions: { 'edit-room': ['admin', 'owner', 'moderator'], 'toggle-room-e2e-encryption': ['owner', 'admin', 'moderator'] },
        });
        expect(await run(fake, moderator, secret, 'enable')).toBe('End-to-end encryption is now on in #secret.');
    });

    it('acts on a named room and on the DM with a user', async () => {
        const { fake, owner, general } = scenario();
        await run(fake, owner, general, 'enable #team');
        await run(fake, owner, general, 'enable @member');
        expect(calls(fake)).toEqual([LIST, save('team', true), save('dm-owner-member', true)]);
    });

    it.each([
        ['a public channel', 'general', {}, {}, 'Rocket.Chat cannot encrypt a public channel.'],
        ['a disabled policy', 'secret', { policy_private_channel: 'disabled' }, {}, 'The workspace policy for a private channel is "Disabled: encryption may not be turned on", so encryption cannot be turned on here.'],
        ['E2E_Enable off', 'secret', {}, { E2E_Enable: false }, 'End-to-end encryption is disabled for this workspace (E2E_Enable), so rooms cannot be encrypted or decrypted now.'],
        ['a missing service token', 'secret', { service_token: '' }, {}, "The app's service account is not configured, so the app cannot act on the workspace. Ask an administrator to set it up."],
        ['an unusable workspace URL and no Site_Url', 'secret', { workspace_url: 'not a url' }, { Site_Url: '' }, "The app's service account is not configured, so the app cannot act on the workspace. Ask an administrator to set it up."],
    ])('refuses enabling in %s before any call', async (_name, roomId, settings, serverSettings, expected) => {
        const s = scenario({ settings, serverSettings });
        expect(await run(s.fake, s.owner, s.fake.rooms.get(roomId)!, 'enable')).toBe(expected);
        expect(calls(s.fake)).toEqual([]);
    });

    it('uses Site_Url when no workspace URL is set', async () => {
        const { fake, owner, secret } = scenario({ settings: { workspace_url: '' } });
        await run(fake, owner, secret, 'enable');
        expect(fake.requests.map((r) => r.url)).toEqual(['http://site.test/api/v1/permissions.listAll', 'http://site.test/api/v1/rooms.saveRoomSettings']);
    });

    it('says when the room already is in the asked state', async () => {
        const { fake, owner, secret } = scenario();
        expect(await run(fake, owner, secret, 'disable')).toBe('#secret is already not encrypted.');
        (secret as unknown as { _unmappedProperties_: Record<string, unknown> })._unmappedProperties_.encrypted = true;
        expect(await run(fake, owner, secret, 'enable')).toBe('#secret is already encrypted.');
        expect(calls(fake)).toEqual([]);
    });

    it('refuses turning encryption off under a required policy', async () => {
        const { fake, owner, team } = scenario({ settings: { policy_private_team: 'required' } });
        (team as unknown as { _unmappedProperties_: Record<string, unknown> })._unmappedProperties_.encrypted = true;
        expect(await run(fake, owner, team, 'disable')).toBe(
            'The workspace policy for a private team is "Required: always encrypted", so encryption cannot be turned off here.',
        );
        expect(calls(fake)).toEqual([]);
    });

    it('lets a discussion follow its own policy', async () => {
        const { fake, owner, thread } = scenario({ settings: { policy_private_channel: 'disabled' } });
        expect(await run(fake, owner, thread, 'enable')).toBe('End-to-end encryption is now on in #thread.');
    });

    const unconfirmed = (reason: string) => `The workspace did not confirm whether encryption in dm-owner-member was changed. ${reason} Check with \`/e2e status\` before trying again.`;

    it.each([
        [jsonResponse(401, { success: false, error: 'You must be logged in to do this.', status: 'error' }), "The workspace rejected the service account's token (it may have been revoked or reset)."],
        [jsonResponse(403, { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' }), 'The service account lacks a permission the workspace requires for this.'],
        [jsonResponse(429, { success: false, error: 'too many [error-too-many-requests]' }), 'The workspace is rate-limiting the service account; try again in a minute.'],
        [jsonResponse(400, { success: false, error: 'Editing room is not allowed [error-action-not-allowed]', errorType: 'error-action-not-allowed' }), 'The workspace refused the change (error-action-not-allowed).'],
    ])('reports a refused change honestly (%#)', async (response, reason) => {
        const { fake, owner, dm } = scenario();
        fake.responder = () => response;
        expect(await run(fake, owner, dm, 'enable')).toBe(`Encryption in dm-owner-member was not changed. ${reason}`);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'enable', outcome: 'failed' })]);
    });

    // The request may have been carried out before the answer went wrong: the app does not claim either way.
    it.each([
        [jsonResponse(500, { success: false }), 'The workspace answered with a server error (HTTP 500).'],
        [{ url: '', method: 'post' as never, statusCode: 200, content: 'not json' }, 'The workspace gave an answer the app does not understand.'],
    ])('does not claim a change failed when the answer was lost or garbled (%#)', async (response, reason) => {
        const { fake, owner, dm } = scenario();
        fake.responder = () => response;
        expect(await run(fake, owner, dm, 'enable')).toBe(unconfirmed(reason));
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'enable', outcome: 'failed' })]);
    });

    it('reports timeouts and unreachable workspaces without echoing error text', async () => {
        const { fake, owner, dm } = scenario();
        fake.responder = () => {
            throw new Error('Request timed out after 10000ms X-Auth-Token: secret-token-123');
        };
        expect(await run(fake, owner, dm, 'enable')).toBe(unconfirmed('The workspace did not answer in time.'));
        fake.responder = () => {
            throw new Error('fetch failed secret-token-123');
        };
        const told = await run(fake, owner, dm, 'enable');
        expect(told).toBe(unconfirmed('The workspace could not be reached at its configured URL.'));
        expect(JSON.stringify(fake.notifications) + JSON.stringify(fake.stored) + fake.logs.join()).not.toContain('secret-token-123');
    });

    it('says so when the permission table cannot be read, and does nothing', async () => {
        const { fake, owner, secret } = scenario();
        fake.responder = () => jsonResponse(500, {});
        expect(await run(fake, owner, secret, 'enable')).toBe('Encryption in #secret was not changed. The workspace answered with a server error (HTTP 500).');
        expect(calls(fake)).toEqual([LIST]);
    });

    it('refuses deactivated accounts', async () => {
        const { fake, owner, secret } = scenario();
        owner.isEnabled = false;
        expect(await run(fake, owner, secret, 'enable')).toBe('Your account is deactivated.');
        expect(calls(fake)).toEqual([]);
    });
});

describe('/e2e help and bad input', () => {
    it('lists the key administration commands only for those who may use them', async () => {
        const { fake, admin, owner, secret } = scenario();
        const forAdmin = await run(fake, admin, secret, 'help');
        const forOwner = await run(fake, owner, secret, '');
        expect(forAdmin).toContain('/e2e reset-key @user');
        expect(forAdmin).toContain('/e2e audit [n]');
        expect(forOwner).toContain('/e2e enable [#room | @user]');
        expect(forOwner).not.toContain('reset-key');
    });

    it('explains an unknown sub-command without repeating it', async () => {
        const { fake, owner, secret } = scenario();
        const told = await run(fake, owner, secret, 'frobnicate<script>');
        expect(told).toMatch(/^I don't know that sub-command\.\nEnd-to-end encryption commands:/);
        expect(told).not.toContain('frobnicate');
    });

    it.each([
        ['enable #a #b', 'Too many arguments.\n`/e2e enable [#room | @user]`'],
        ['status #../../api/v1/users.resetE2EKey', 'That is not a room (#name) or a user (@username).'],
        ['reset-key', 'Name the user whose key to reset, as @username.'],
        ['audit lots', 'The number of records must be a whole number from 1 to 100.'],
    ])('answers %s with a clear message and no call', async (words, expected) => {
        const { fake, owner, secret } = scenario();
        expect(await run(fake, owner, secret, words)).toContain(expected);
        expect(calls(fake)).toEqual([]);
        expect(fake.auditRecords()).toEqual([]);
    });
});
