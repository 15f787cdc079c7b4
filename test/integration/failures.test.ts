// Failure paths in the real runtime: the service account missing, revoked or under-privileged, the workspace's E2EE
// switched off, workspace_url, unusable setting values. Nothing is reported as done that was not done. (REST
// faults of every kind are in test/security/faults.test.ts.)
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { statusLines } from '../harness/answers';
import type { Cast } from '../harness/cast';
import { buildCast } from '../harness/cast';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditDuring, auditSince, command, forceEncrypted, forgetPermissions, isEncrypted, label, mark, rotateServiceToken, routesSince, START_TIMEOUT, startHarness, toldDuring, withoutTime } from '../harness/workspace';

let h: Harness;
let cast: Cast;
let admin: RcUser;
let owner: RcUser;
let target: RcUser;
let room: RcRoom;
let dm: RcRoom;

beforeAll(async () => {
    h = await startHarness();
    cast = await buildCast(h.ws);
    ({ admin, owner } = cast.people);
    ({ target } = cast);
    room = cast.rooms.private;
    dm = cast.rooms.dm;
    // The admin is a member here: their status must not depend on reading the role-permission table.
    await h.ws.addMember(room, admin, owner);
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

afterEach(async () => {
    h.ws.clearFaults();
    forceEncrypted(h.ws, room, false);
    forceEncrypted(h.ws, dm, false);
    h.ws.setUserE2EKeys(target);
});

/** Enables as the owner and checks: told `expectedText`, room unchanged, one failed/refused record; returns the REST calls made. */
async function enableFails(where: RcRoom, expectedText: string, audit: { outcome: string; reason: string }): Promise<string[]> {
    const { ws } = h;
    const since = mark(ws);
    const records = await auditDuring(ws, async () => expect(await command(ws, owner, where, 'enable')).toBe(expectedText));
    expect(isEncrypted(ws, where)).toBe(false);
    expect(withoutTime(records).map((r) => [r.action, r.outcome, r.reason])).toEqual([['enable', audit.outcome, audit.reason]]);
    return routesSince(ws, since);
}

describe('service account not configured', () => {
    beforeAll(async () => {
        await h.ws.setAppSetting('service_user_id', '');
    });

    afterAll(async () => {
        await h.ws.setAppSetting('service_user_id', h.svc._id);
    });

    it.each(['private', 'dm'] as const)('toggling in a %s is refused before any REST call', async (kind) => {
        expect(await enableFails(kind === 'dm' ? dm : room, say('service_not_configured'), { outcome: 'refused', reason: 'not-configured' })).toEqual([]);
    });

    it('the admin status says so', async () => {
        expect(await command(h.ws, admin, room, 'status')).toBe([...statusLines(h.ws, room), say('status_service_not_configured')].join('\n'));
    });

    it('key administration is unavailable and not offered', async () => {
        const { ws } = h;
        expect(await command(ws, admin, room, 'help')).not.toContain(say('help_reset_key'));
        expect(await command(ws, admin, room, `reset-key @${target.username}`)).toBe(say('service_not_configured'));
        expect(await command(ws, admin, room, 'audit')).toBe(say('service_not_configured'));
        expect(ws.openModals(admin)).toEqual([]);
    });

    it('the guards still work: they need no service account', async () => {
        const { ws } = h;
        forceEncrypted(ws, room, true);
        await expect(ws.sendMessage(owner, room, 'readable', { path: 'postMessage' })).rejects.toThrow(new Error(say('refused_plaintext')));
    });

    it('an empty Site_Url with no workspace_url also counts as not configured', async () => {
        const { ws } = h;
        await ws.setAppSetting('service_user_id', h.svc._id);
        const siteUrl = ws.getServerSetting('Site_Url') as string;
        ws.setServerSetting('Site_Url', '');
        try {
            expect(await enableFails(room, say('service_not_configured'), { outcome: 'refused', reason: 'not-configured' })).toEqual([]);
        } finally {
            ws.setServerSetting('Site_Url', siteUrl);
            await ws.setAppSetting('service_user_id', '');
        }
    });
});

describe('service account token revoked', () => {
    afterEach(async () => {
        h.ws.server.setUserActive(h.svc._id, true);
        await rotateServiceToken(h, `replacement-${Date.now()}-${Math.random()}`);
    });

    const revocations: Array<[string, () => void]> = [
        [
            'its personal access token removed',
            () => {
                const tokens = h.ws.server.requireUser(h.svc._id).services?.resume?.loginTokens ?? [];
                tokens.splice(0, tokens.length, ...tokens.filter((t) => t.type !== 'personalAccessToken'));
            },
        ],
        ['the account deactivated', () => h.ws.deactivateUser(h.svc)],
    ];

    it.each(revocations)('%s: toggles fail and say why, status and key reset too', async (_name, revoke) => {
        const { ws } = h;
        revoke();
        await forgetPermissions(ws);
        const unauthorized = say('failure_unauthorized');
        // a channel: the permission table is read to see the room (unreadable, the subscription alone counts), then
        // again to authorize the change (a failed read is not kept)
        expect(await enableFails(room, say('toggle_failed', { room: label(ws, room), reason: unauthorized }), { outcome: 'failed', reason: 'permissions-unauthorized' })).toEqual([
            'GET permissions.listAll',
            'GET permissions.listAll',
        ]);
        // a DM member needs no table to toggle: after the read that shows the room, the change itself is refused
        expect(await enableFails(dm, say('toggle_failed', { room: label(ws, dm), reason: unauthorized }), { outcome: 'failed', reason: 'unauthorized' })).toEqual([
            'GET permissions.listAll',
            'POST rooms.saveRoomSettings',
        ]);
        expect(await command(ws, admin, room, 'status')).toBe([...statusLines(ws, room), say('status_service_failed', { reason: unauthorized })].join('\n'));
        expect(await command(ws, admin, room, `reset-key @${target.username}`)).toBe(say('permissions_unavailable', { reason: unauthorized }));
        expect(ws.user(target._id)?.e2e).toBeDefined();
    });
});

describe('service account without the rights it needs', () => {
    afterEach(() => {
        h.ws.addUserRole(h.svc, 'admin');
    });

    it('Rocket.Chat refuses the change and the person is told the code', async () => {
        const { ws } = h;
        const svc = ws.server.requireUser(h.svc._id);
        svc.roles = svc.roles.filter((r) => r !== 'admin');
        const code = 'error-action-not-allowed';
        expect(await enableFails(room, say('toggle_failed', { room: label(ws, room), reason: say('failure_refused_code', { code }) }), { outcome: 'failed', reason: code })).toContain(
            'POST rooms.saveRoomSettings',
        );
    });

    it('Rocket.Chat refuses the key reset and the admin is told the code', async () => {
        const { ws } = h;
        await command(ws, admin, room, `reset-key @${target.username}`);
        const [modal] = ws.openModals(admin);
        const svc = ws.server.requireUser(h.svc._id);
        svc.roles = svc.roles.filter((r) => r !== 'admin');
        const since = mark(ws);
        expect(await command(ws, admin, room, 'help')).toContain(say('help_reset_key')); // the admin still may
        expect(await toldDuring(ws, admin, () => ws.submitModal(admin, modal.id, {}))).toEqual([
            say('reset_failed', { username: target.username, reason: say('failure_refused_code', { code: 'error-not-allowed' }) }),
        ]);
        expect(ws.user(target._id)?.e2e).toBeDefined();
        expect(auditSince(ws, since).map((r) => [r.action, r.outcome, r.reason])).toEqual([['reset-key', 'failed', 'error-not-allowed']]);
    });
});

describe('E2E_Enable off', () => {
    beforeAll(() => {
        h.ws.setServerSetting('E2E_Enable', false);
    });

    afterAll(() => {
        h.ws.setServerSetting('E2E_Enable', true);
    });

    it.each(['private', 'dm'] as const)('enabling a %s is refused before any REST call', async (kind) => {
        expect(await enableFails(kind === 'dm' ? dm : room, say('toggle_workspace_off'), { outcome: 'refused', reason: 'workspace-e2e-off' })).toEqual([]);
    });

    it('disabling an encrypted room is refused too', async () => {
        const { ws } = h;
        forceEncrypted(ws, room, true);
        expect(await command(ws, owner, room, 'disable')).toBe(say('toggle_workspace_off'));
        expect(isEncrypted(ws, room)).toBe(true);
    });

    it('status says E2EE is off for the workspace', async () => {
        expect(await command(h.ws, admin, room, 'status')).toBe([...statusLines(h.ws, room, { workspaceOn: false }), say('status_service_ok', { username: 'svc' })].join('\n'));
    });
});

describe('workspace_url', () => {
    afterEach(async () => {
        await h.ws.setAppSetting('workspace_url', '');
    });

    it('is used instead of Site_Url, and an unreachable one is reported', async () => {
        const { ws } = h;
        await ws.setAppSetting('workspace_url', 'http://127.0.0.1:1');
        expect(await enableFails(room, say('toggle_failed', { room: label(ws, room), reason: say('failure_unreachable') }), { outcome: 'failed', reason: 'permissions-unreachable' })).toEqual(
            [],
        );
    });

    it('pointing at the workspace works like Site_Url', async () => {
        const { ws } = h;
        await ws.setAppSetting('workspace_url', `${ws.restUrl}/`);
        expect(await command(ws, owner, room, 'enable')).toBe(say('toggle_enabled', { room: label(ws, room) }));
        expect(isEncrypted(ws, room)).toBe(true);
    });
});

describe('unusable setting values', () => {
    afterEach(async () => {
        await h.ws.setAppSetting('request_timeout_seconds', 10);
    });

    it('are named to admins in the status, and their defaults are used', async () => {
        const { ws } = h;
        await ws.setAppSetting('request_timeout_seconds', 0);
        expect(await command(ws, admin, room, 'status')).toBe(
            [...statusLines(ws, room), say('status_invalid_settings', { settings: 'request_timeout_seconds' }), say('status_service_ok', { username: 'svc' })].join('\n'),
        );
        expect(await command(ws, owner, room, 'enable')).toBe(say('toggle_enabled', { room: label(ws, room) }));
    });
});
