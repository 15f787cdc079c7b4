import { describe, expect, it } from '@jest/globals';

import { text } from '../../src/i18n/translate';
import { DEFAULT_PERMISSIONS, jsonResponse, room } from '../support/fakes';
import { lines, say } from '../support/say';
import { calls, run, scenario } from '../support/scenario';

const LIST = 'GET /api/v1/permissions.listAll';
/** The first `count` lines of what someone was told. */
const head = (told: string, count = 1) => lines(...told.split('\n').slice(0, count));
const save = (rid: string, encrypted: boolean) => `POST /api/v1/rooms.saveRoomSettings {"rid":"${rid}","encrypted":${encrypted}}`;

describe('/e2e status', () => {
    it('tells a member what the room is, what the policy says and whether the workspace has E2EE on', async () => {
        const { fake, owner, secret } = scenario({ settings: { policy_private_channel: 'default' } });
        expect(await run(fake, owner, secret, 'status')).toBe(
            lines(
                say('status_not_encrypted', { room: '#secret' }),
                say('status_kind', { kind: text('kind_private_channel') }),
                say('status_policy', { policy: text('policy_default') }),
                say('status_workspace_on'),
            ),
        );
        // whether a subscription shows the room depends on view-joined-room / view-<t>-room: the table
        expect(calls(fake)).toEqual([LIST]);
    });

    it('says a public channel cannot be encrypted and that E2EE is off for the workspace', async () => {
        const { fake, owner, general } = scenario({ serverSettings: { E2E_Enable: false } });
        expect(await run(fake, owner, general, 'status')).toBe(
            lines(
                say('status_not_encrypted', { room: '#general' }),
                say('status_kind', { kind: text('kind_public_channel') }),
                say('status_unsupported', { kind: text('kind_public_channel') }),
                say('status_workspace_off'),
            ),
        );
    });

    it('shows admins whether the service account works', async () => {
        const { fake, admin, general } = scenario();
        expect(await run(fake, admin, general, 'status')).toContain(say('status_service_ok', { username: 'svc' }));
        // view-c-room shows the public channel (the table), then the health check
        expect(calls(fake)).toEqual([LIST, 'GET /api/v1/me']);
        fake.responder = () => jsonResponse(401, { success: false, error: 'You must be logged in to do this.' });
        // a rejected token leaves no table: a public channel is hidden, a room the admin is in still answers
        expect(await run(fake, admin, general, 'status')).toBe(say('room_not_found', { name: 'general' }));
        const ops = fake.addRoom(room('ops', 'p'), [admin]);
        expect(await run(fake, admin, ops, 'status')).toContain(say('status_service_failed', { reason: text('failure_unauthorized') }));
    });

    it('tells admins when the service account is not configured or a setting is unusable', async () => {
        const { fake, admin } = scenario({ settings: { service_token: '', policy_direct: 'sometimes', audit_retention_days: 0 } });
        // without the table only a subscription shows a room
        const ops = fake.addRoom(room('ops', 'p'), [admin]);
        const told = await run(fake, admin, ops, 'status');
        expect(told).toContain(say('status_unusable_policies', { settings: 'policy_direct' }));
        expect(told).toContain(say('status_invalid_settings', { settings: 'audit_retention_days' }));
        expect(told).toContain(say('status_service_not_configured'));
        expect(calls(fake)).toEqual([]);
    });

    it('answers in the person’s own language', async () => {
        const { fake, member, secret } = scenario();
        const told = await run(fake, member, secret, 'status');
        expect(told.split('\n')[0]).toBe(say('status_not_encrypted', { room: '#secret' }, 'de'));
        expect(told).not.toContain(say('status_not_encrypted', { room: '#secret' }));
    });

    it('looks up a named room the person belongs to, and a DM by username', async () => {
        const { fake, owner, general, dm } = scenario();
        expect(head(await run(fake, owner, general, 'status #secret'))).toBe(say('status_not_encrypted', { room: '#secret' }));
        dm.slugifiedName = '';
        dm.displayName = 'member';
        expect(head(await run(fake, owner, general, 'status @member'), 2)).toBe(
            lines(say('status_not_encrypted', { room: 'member' }), say('status_kind', { kind: text('kind_direct') })),
        );
    });

    it('does not reveal a private room to an outsider, and lets an admin inspect it', async () => {
        const { fake, outsider, admin, general } = scenario();
        expect(await run(fake, outsider, general, 'status #secret')).toBe(say('room_not_found', { name: 'secret' }));
        expect(await run(fake, outsider, general, 'status #nonexistent')).toBe(say('room_not_found', { name: 'nonexistent' }));
        expect(head(await run(fake, admin, general, 'status #secret'))).toBe(say('status_not_encrypted', { room: '#secret' }));
    });

    it('does not reveal the room it is run in to someone who cannot see it (DDP runs commands in any room id)', async () => {
        const { fake, outsider, admin, secret, dm } = scenario();
        expect(await run(fake, outsider, secret, 'status')).toBe(say('room_not_found', { name: 'secret' }));
        expect(await run(fake, outsider, dm, 'enable')).toBe(say('room_not_found', { name: 'dm-owner-member' }));
        expect(calls(fake).filter((c) => c.startsWith('POST'))).toEqual([]);
        expect(head(await run(fake, admin, secret, 'status'))).toBe(say('status_not_encrypted', { room: '#secret' }));
    });

    it('lets members of a discussion’s parent room see the discussion, as Rocket.Chat does', async () => {
        const { fake, moderator, outsider, thread } = scenario();
        expect(head(await run(fake, moderator, thread, 'status'))).toBe(say('status_not_encrypted', { room: '#thread' }));
        expect(await run(fake, outsider, thread, 'status')).toBe(say('room_not_found', { name: 'thread' }));
    });

    it('explains unknown users and missing DMs', async () => {
        const { fake, owner, general } = scenario();
        expect(await run(fake, owner, general, 'status @ghost')).toBe(say('user_not_found', { username: 'ghost' }));
        expect(await run(fake, owner, general, 'status @outsider')).toBe(say('direct_not_found', { username: 'outsider' }));
    });
});

describe('/e2e enable and disable', () => {
    it('lets the owner of a private channel enable it, through the service account', async () => {
        const { fake, owner, secret } = scenario();
        expect(await run(fake, owner, secret, 'enable')).toBe(say('toggle_enabled', { room: '#secret' }));
        expect(calls(fake)).toEqual([LIST, save('secret', true)]);
        expect(fake.requests[1].headers).toEqual({ 'X-User-Id': 'svc', 'X-Auth-Token': 'secret-token-123', 'Content-Type': 'application/json' });
        expect(fake.auditRecords()).toEqual([
            expect.objectContaining({ action: 'enable', outcome: 'done', actorId: 'owner', roomId: 'secret', roomName: '#secret' }),
        ]);
    });

    it('lets any member of a DM toggle it, the table read only to see the DM (view-d-room)', async () => {
        const { fake, member, dm } = scenario();
        await run(fake, member, dm, 'enable');
        expect(calls(fake)).toEqual([LIST, save('dm-owner-member', true)]);
    });

    it('refuses a moderator, who has edit-room but not toggle-room-e2e-encryption by default', async () => {
        const { fake, moderator, secret } = scenario();
        expect(await run(fake, moderator, secret, 'enable')).toBe(say('toggle_not_allowed', { room: '#secret', permissions: 'toggle-room-e2e-encryption' }));
        expect(calls(fake)).toEqual([LIST]);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'enable', outcome: 'refused', reason: 'not-allowed' })]);
    });

    it('follows the live role-permission table: a moderator granted the permission may toggle', async () => {
        const { fake, moderator, secret } = scenario({
            permissions: { ...DEFAULT_PERMISSIONS, 'toggle-room-e2e-encryption': ['owner', 'admin', 'moderator'] },
        });
        expect(await run(fake, moderator, secret, 'enable')).toBe(say('toggle_enabled', { room: '#secret' }));
    });

    it('acts on a named room and on the DM with a user', async () => {
        const { fake, owner, general } = scenario();
        await run(fake, owner, general, 'enable #team');
        await run(fake, owner, general, 'enable @member');
        expect(calls(fake)).toEqual([LIST, save('team', true), save('dm-owner-member', true)]);
    });

    it.each([
        ['a public channel', 'general', {}, {}, say('toggle_unsupported', { kind: text('kind_public_channel') }), 'unsupported-kind', [LIST]],
        [
            'a disabled policy',
            'secret',
            { policy_private_channel: 'disabled' },
            {},
            say('toggle_policy_forbids_enable', { kind: text('kind_private_channel'), policy: text('policy_disabled') }),
            'policy-disabled',
            [LIST],
        ],
        ['E2E_Enable off', 'secret', {}, { E2E_Enable: false }, say('toggle_workspace_off'), 'workspace-e2e-off', [LIST]],
        ['a missing service token', 'secret', { service_token: '' }, {}, say('service_not_configured'), 'not-configured', []],
        ['an unusable workspace URL and no Site_Url', 'secret', { workspace_url: 'not a url' }, { Site_Url: '' }, say('service_not_configured'), 'not-configured', []],
    ])('refuses enabling in %s before any change (the only call: the table that shows the room)', async (_name, roomId, settings, serverSettings, expected, reason, expectedCalls) => {
        const s = scenario({ settings, serverSettings });
        expect(await run(s.fake, s.owner, s.fake.rooms.get(roomId)!, 'enable')).toBe(expected);
        expect(calls(s.fake)).toEqual(expectedCalls);
        expect(s.fake.auditRecords()).toEqual([expect.objectContaining({ action: 'enable', outcome: 'refused', reason })]);
    });

    it('uses Site_Url when no workspace URL is set', async () => {
        const { fake, owner, secret } = scenario({ settings: { workspace_url: '' } });
        await run(fake, owner, secret, 'enable');
        expect(fake.requests.map((r) => r.url)).toEqual(['http://site.test/api/v1/permissions.listAll', 'http://site.test/api/v1/rooms.saveRoomSettings']);
    });

    it('says when the room already is in the asked state', async () => {
        const { fake, owner, secret } = scenario();
        expect(await run(fake, owner, secret, 'disable')).toBe(say('toggle_already_disabled', { room: '#secret' }));
        (secret as unknown as { _unmappedProperties_: Record<string, unknown> })._unmappedProperties_.encrypted = true;
        expect(await run(fake, owner, secret, 'enable')).toBe(say('toggle_already_enabled', { room: '#secret' }));
        expect(calls(fake)).toEqual([LIST, LIST]);
    });

    it('refuses turning encryption off under a required policy', async () => {
        const { fake, owner, team } = scenario({ settings: { policy_private_team: 'required' } });
        (team as unknown as { _unmappedProperties_: Record<string, unknown> })._unmappedProperties_.encrypted = true;
        expect(await run(fake, owner, team, 'disable')).toBe(
            say('toggle_policy_forbids_disable', { kind: text('kind_private_team'), policy: text('policy_required') }),
        );
        expect(calls(fake)).toEqual([LIST]);
    });

    it('lets a discussion follow its own policy', async () => {
        const { fake, owner, thread } = scenario({ settings: { policy_private_channel: 'disabled' } });
        expect(await run(fake, owner, thread, 'enable')).toBe(say('toggle_enabled', { room: '#thread' }));
    });

    const unconfirmed = (reason: ReturnType<typeof text>) => say('toggle_unconfirmed', { room: 'dm-owner-member', reason });

    it.each([
        [jsonResponse(401, { success: false, error: 'You must be logged in to do this.', status: 'error' }), text('failure_unauthorized'), 'unauthorized'],
        [jsonResponse(403, { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' }), text('failure_forbidden'), 'forbidden'],
        [jsonResponse(429, { success: false, error: 'too many [error-too-many-requests]' }), text('failure_rate_limited'), 'rate-limited'],
        [
            jsonResponse(400, { success: false, error: 'Editing room is not allowed [error-action-not-allowed]', errorType: 'error-action-not-allowed' }),
            text('failure_refused_code', { code: 'error-action-not-allowed' }),
            'error-action-not-allowed',
        ],
    ])('reports a refused change honestly (%#)', async (response, reason, recorded) => {
        const { fake, owner, dm } = scenario();
        fake.responder = () => response;
        expect(await run(fake, owner, dm, 'enable')).toBe(say('toggle_failed', { room: 'dm-owner-member', reason }));
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'enable', outcome: 'failed', reason: recorded })]);
    });

    // The request may have been carried out before the answer went wrong: the app does not claim either way.
    it.each([
        [jsonResponse(500, { success: false }), text('failure_server_error', { status: 500 })],
        [{ url: '', method: 'post' as never, statusCode: 200, content: 'not json' }, text('failure_malformed')],
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
        expect(await run(fake, owner, dm, 'enable')).toBe(unconfirmed(text('failure_timeout')));
        fake.responder = () => {
            throw new Error('fetch failed secret-token-123');
        };
        const told = await run(fake, owner, dm, 'enable');
        expect(told).toBe(unconfirmed(text('failure_unreachable')));
        expect(JSON.stringify(fake.notifications) + JSON.stringify(fake.stored) + fake.logs.join()).not.toContain('secret-token-123');
    });

    it('says so when the permission table cannot be read, and does nothing', async () => {
        const { fake, owner, secret } = scenario();
        fake.responder = () => jsonResponse(500, {});
        expect(await run(fake, owner, secret, 'enable')).toBe(say('toggle_failed', { room: '#secret', reason: text('failure_server_error', { status: 500 }) }));
        // once to see the room (a failed read leaves the subscription alone to count), once to authorize
        expect(calls(fake)).toEqual([LIST, LIST]);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'enable', outcome: 'failed', reason: 'permissions-server-error' })]);
    });

    it('refuses deactivated accounts', async () => {
        const { fake, owner, secret } = scenario();
        owner.isEnabled = false;
        expect(await run(fake, owner, secret, 'enable')).toBe(say('not_allowed_inactive'));
        expect(calls(fake)).toEqual([]);
    });
});

describe('/e2e help and bad input', () => {
    it('lists the key administration and workspace-wide commands only for those who may use them', async () => {
        const { fake, admin, owner, secret } = scenario();
        const forAdmin = await run(fake, admin, secret, 'help');
        const forOwner = await run(fake, owner, secret, '');
        const everyone = [say('help_header'), say('help_status'), say('help_enable'), say('help_disable'), say('help_buttons')];
        expect(forAdmin).toBe(lines(...everyone, say('help_reset_key'), say('help_audit'), say('help_report'), say('help_enforce')));
        expect(forOwner).toBe(lines(...everyone));
    });

    it('explains an unknown sub-command without repeating it', async () => {
        const { fake, owner, secret } = scenario();
        const told = await run(fake, owner, secret, 'frobnicate<script>');
        expect(head(told, 2)).toBe(lines(say('error_unknown_subcommand'), say('help_header')));
        expect(told).not.toContain('frobnicate');
    });

    it.each([
        ['enable #a #b', lines(say('error_too_many_arguments'), say('help_enable'))],
        ['status #../../api/v1/users.resetE2EKey', lines(say('error_invalid_target'), say('help_status'))],
        ['reset-key', lines(say('error_missing_user'), say('help_reset_key'))],
        ['audit lots', lines(say('error_invalid_limit'), say('help_audit'))],
    ])('answers %s with a clear message and no call', async (words, expected) => {
        const { fake, owner, secret } = scenario();
        expect(await run(fake, owner, secret, words)).toBe(expected);
        expect(calls(fake)).toEqual([]);
        expect(fake.auditRecords()).toEqual([]);
    });
});
