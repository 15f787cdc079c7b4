// Failure paths in the real runtime: service account missing, revoked or under-privileged, the workspace's
// E2EE switched off, and every kind of REST fault. Nothing is reported as done that was not done.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import type { Fault, RcRoom, RcUser } from '../../workspace/Workspace';
import type { Harness, Key } from './harness';
import { auditDuring, auditRecords, command, configureServiceAccount, forceEncrypted, isEncrypted, label, restCalls, say, START_TIMEOUT, startHarness, withoutTime } from './harness';

let h: Harness;
let admin: RcUser;
let owner: RcUser;
let bob: RcUser;
let vault: RcRoom;
let dm: RcRoom;

beforeAll(async () => {
    h = await startHarness();
    const { ws } = h;
    admin = ws.createUser({ username: 'ada', roles: ['admin', 'user'] });
    owner = ws.createUser({ username: 'olga' });
    bob = ws.createUser({ username: 'bob' });
    ws.setUserE2EKeys(bob);
    vault = await ws.createRoom('private', { name: 'vault', owner, members: [admin, bob] });
    dm = await ws.createRoom('dm', { owner, members: [bob] });
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

afterEach(async () => {
    h.ws.clearFaults();
    forceEncrypted(h.ws, vault, false);
    forceEncrypted(h.ws, dm, false);
});

/** Any setting change makes the app drop its briefly cached permission table. */
async function dropCaches(): Promise<void> {
    await h.ws.setAppSetting('audit_retention_days', 91);
    await h.ws.setAppSetting('audit_retention_days', 90);
}

/** The admin's `/e2e status` lines before the service-account line. */
function statusHead(room: RcRoom, workspaceOn = true): string[] {
    return [
        say(isEncrypted(h.ws, room) ? 'status_encrypted' : 'status_not_encrypted', { room: label(h.ws, room) }),
        say('status_kind', { kind: say('kind_private_channel') }),
        say('status_policy', { policy: say('policy_optional') }),
        say(workspaceOn ? 'status_workspace_on' : 'status_workspace_off'),
    ];
}

/** Enables as the owner and checks: told `reason`, room unchanged, one failed/refused record, which REST calls were made. */
async function enableFails(room: RcRoom, expectedText: string, audit: { outcome: string; reason: string }): Promise<string[]> {
    const { ws } = h;
    const restBefore = ws.rest.requests.length;
    const records = await auditDuring(ws, async () => expect(await command(ws, owner, room, 'enable')).toBe(expectedText));
    expect(isEncrypted(ws, room)).toBe(false);
    expect(withoutTime(records).map((r) => [r.action, r.outcome, r.reason])).toEqual([['enable', audit.outcome, audit.reason]]);
    return restCalls(ws, restBefore);
}

describe('service account not configured', () => {
    beforeAll(async () => {
        await h.ws.setAppSetting('service_user_id', '');
    });

    afterAll(async () => {
        await h.ws.setAppSetting('service_user_id', h.svc._id);
    });

    it.each(['private', 'dm'] as const)('toggling in a %s is refused before any REST call', async (kind) => {
        const room = kind === 'dm' ? dm : vault;
        expect(await enableFails(room, say('service_not_configured'), { outcome: 'refused', reason: 'not-configured' })).toEqual([]);
    });

    it('the admin status says so', async () => {
        expect(await command(h.ws, admin, vault, 'status')).toBe([...statusHead(vault), say('status_service_not_configured')].join('\n'));
    });

    it('key administration is unavailable and not offered', async () => {
        const { ws } = h;
        expect(await command(ws, admin, vault, 'help')).not.toContain(say('help_reset_key'));
        expect(await command(ws, admin, vault, 'reset-key @bob')).toBe(say('service_not_configured'));
        expect(await command(ws, admin, vault, 'audit')).toBe(say('service_not_configured'));
        expect(ws.openModals(admin)).toEqual([]);
    });

    it('the guards still work: they need no service account', async () => {
        const { ws } = h;
        forceEncrypted(ws, vault, true);
        await expect(ws.sendMessage(owner, vault, 'readable', { path: 'postMessage' })).rejects.toThrow(new Error(say('refused_plaintext')));
    });

    it('an empty Site_Url with no workspace_url also counts as not configured', async () => {
        const { ws } = h;
        await ws.setAppSetting('service_user_id', h.svc._id);
        const siteUrl = ws.getServerSetting('Site_Url') as string;
        ws.setServerSetting('Site_Url', '');
        try {
            expect(await enableFails(vault, say('service_not_configured'), { outcome: 'refused', reason: 'not-configured' })).toEqual([]);
        } finally {
            ws.setServerSetting('Site_Url', siteUrl);
            await ws.setAppSetting('service_user_id', '');
        }
    });
});

describe('service account token revoked', () => {
    afterEach(async () => {
        const { ws } = h;
        ws.server.setUserActive(h.svc._id, true);
        const { token } = ws.createPersonalAccessToken(h.svc, `replacement-${Date.now()}-${Math.random()}`, { bypassTwoFactor: true });
        h.token = token;
        await configureServiceAccount(ws, h.svc._id, token);
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
        await dropCaches();
        const unauthorized = say('failure_unauthorized');
        // a channel: the permission table is read first
        expect(await enableFails(vault, say('toggle_failed', { room: '#vault', reason: unauthorized }), { outcome: 'failed', reason: 'permissions-unauthorized' })).toEqual([
            'GET permissions.listAll',
        ]);
        // a DM member needs no table: the change itself is refused
        expect(await enableFails(dm, say('toggle_failed', { room: label(ws, dm), reason: unauthorized }), { outcome: 'failed', reason: 'unauthorized' })).toEqual([
            'POST rooms.saveRoomSettings',
        ]);
        expect(await command(ws, admin, vault, 'status')).toBe([...statusHead(vault), say('status_service_failed', { reason: unauthorized })].join('\n'));
        expect(await command(ws, admin, vault, 'reset-key @bob')).toBe(say('permissions_unavailable', { reason: unauthorized }));
        expect(ws.user(bob._id)?.e2e).toBeDefined();
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
        expect(await enableFails(vault, say('toggle_failed', { room: '#vault', reason: say('failure_refused_code', { code }) }), { outcome: 'failed', reason: code })).toContain(
            'POST rooms.saveRoomSettings',
        );
    });

    it('Rocket.Chat refuses the key reset and the admin is told the code', async () => {
        const { ws } = h;
        await command(ws, admin, vault, 'reset-key @bob');
        const [modal] = ws.openModals(admin);
        const svc = ws.server.requireUser(h.svc._id);
        svc.roles = svc.roles.filter((r) => r !== 'admin');
        const before = auditRecords(ws).length;
        expect(await command(ws, admin, vault, 'help')).toContain(say('help_reset_key')); // the admin still may
        const told: string[] = [];
        const from = ws.notificationsFor(admin).length;
        await ws.submitModal(admin, modal.id, {});
        told.push(...ws.notificationsFor(admin).slice(from).map((n) => n.text));
        expect(told).toEqual([say('reset_failed', { username: 'bob', reason: say('failure_refused_code', { code: 'error-not-allowed' }) })]);
        expect(ws.user(bob._id)?.e2e).toBeDefined();
        expect(auditRecords(ws).slice(before).map((r) => [r.action, r.outcome, r.reason])).toEqual([['reset-key', 'failed', 'error-not-allowed']]);
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
        expect(await enableFails(kind === 'dm' ? dm : vault, say('toggle_workspace_off'), { outcome: 'refused', reason: 'workspace-e2e-off' })).toEqual([]);
    });

    it('disabling an encrypted room is refused too', async () => {
        const { ws } = h;
        forceEncrypted(ws, vault, true);
        expect(await command(ws, owner, vault, 'disable')).toBe(say('toggle_workspace_off'));
        expect(isEncrypted(ws, vault)).toBe(true);
    });

    it('status says E2EE is off for the workspace', async () => {
        expect(await command(h.ws, admin, vault, 'status')).toBe([...statusHead(vault, false), say('status_service_ok', { username: 'svc' })].join('\n'));
    });
});

/**
 * [name, fault, reason text, its parameters, audit reason, whether the change may have happened anyway]: a refusal
 * (4xx) is certain; a lost, garbled or server-error answer leaves the outcome unknown, and the person is told so.
 */
const FAULTS: Array<[string, Fault, Key, Record<string, string | number>, string, boolean]> = [
    ['401', { kind: 'status', status: 401 }, 'failure_unauthorized', {}, 'unauthorized', false],
    ['403', { kind: 'status', status: 403 }, 'failure_forbidden', {}, 'forbidden', false],
    ['429', { kind: 'status', status: 429 }, 'failure_rate_limited', {}, 'rate-limited', false],
    ['500', { kind: 'status', status: 500 }, 'failure_server_error', { status: 500 }, 'server-error', true],
    ['a closed connection', { kind: 'close' }, 'failure_unreachable', {}, 'unreachable', true],
    ['a malformed answer', { kind: 'malformed' }, 'failure_malformed', {}, 'malformed', true],
];

describe('REST faults', () => {
    it.each(FAULTS)('rooms.saveRoomSettings answering %s', async (_name, fault, key, params, reason, unknown) => {
        const { ws } = h;
        ws.injectFault('rooms.saveRoomSettings', fault);
        const told = say(unknown ? 'toggle_unconfirmed' : 'toggle_failed', { room: '#vault', reason: say(key, params) });
        expect(await enableFails(vault, told, { outcome: 'failed', reason })).toContain('POST rooms.saveRoomSettings');
    });

    it.each(FAULTS)('permissions.listAll answering %s', async (_name, fault, key, params, reason) => {
        const { ws } = h;
        await dropCaches();
        ws.injectFault('permissions.listAll', fault);
        expect(await enableFails(vault, say('toggle_failed', { room: '#vault', reason: say(key, params) }), { outcome: 'failed', reason: `permissions-${reason}` })).toEqual([
            'GET permissions.listAll',
        ]);
    });

    it.each(FAULTS)('me answering %s (the admin status)', async (_name, fault, key, params) => {
        h.ws.injectFault('me', fault);
        expect(await command(h.ws, admin, vault, 'status')).toBe([...statusHead(vault), say('status_service_failed', { reason: say(key, params) })].join('\n'));
    });

    it.each(FAULTS)('users.resetE2EKey answering %s', async (_name, fault, key, params, reason, unknown) => {
        const { ws } = h;
        await command(ws, admin, vault, 'reset-key @bob');
        const [modal] = ws.openModals(admin);
        ws.injectFault('users.resetE2EKey', fault);
        const from = ws.notificationsFor(admin).length;
        const records = await auditDuring(ws, () => ws.submitModal(admin, modal.id, {}));
        expect(ws.notificationsFor(admin).slice(from).map((n) => n.text)).toEqual([say(unknown ? 'reset_unconfirmed' : 'reset_failed', { username: 'bob', reason: say(key, params) })]);
        expect(ws.user(bob._id)?.e2e).toBeDefined();
        expect(records.map((r) => [r.action, r.outcome, r.reason])).toEqual([['reset-key', 'failed', reason]]);
    });

    describe('with request_timeout_seconds 1', () => {
        beforeAll(async () => {
            await h.ws.setAppSetting('request_timeout_seconds', 1);
        });

        afterAll(async () => {
            await h.ws.setAppSetting('request_timeout_seconds', 10);
        });

        it('a hanging rooms.saveRoomSettings is reported as unconfirmed (timed out), not as done', async () => {
            const { ws } = h;
            ws.injectFault('rooms.saveRoomSettings', { kind: 'hang' }, 1);
            expect(await enableFails(vault, say('toggle_unconfirmed', { room: '#vault', reason: say('failure_timeout') }), { outcome: 'failed', reason: 'timeout' })).toContain(
                'POST rooms.saveRoomSettings',
            );
        });

        it('a hanging users.resetE2EKey is reported as unconfirmed (timed out)', async () => {
            const { ws } = h;
            await command(ws, admin, vault, 'reset-key @bob');
            const [modal] = ws.openModals(admin);
            ws.injectFault('users.resetE2EKey', { kind: 'hang' }, 1);
            const from = ws.notificationsFor(admin).length;
            await ws.submitModal(admin, modal.id, {});
            expect(ws.notificationsFor(admin).slice(from).map((n) => n.text)).toEqual([say('reset_unconfirmed', { username: 'bob', reason: say('failure_timeout') })]);
        });

        it('a slow answer within the timeout still succeeds', async () => {
            const { ws } = h;
            ws.injectFault('rooms.saveRoomSettings', { kind: 'delay', ms: 100 }, 1);
            expect(await command(ws, owner, vault, 'enable')).toBe(say('toggle_enabled', { room: '#vault' }));
            expect(isEncrypted(ws, vault)).toBe(true);
        });
    });
});

describe('workspace_url', () => {
    afterEach(async () => {
        await h.ws.setAppSetting('workspace_url', '');
    });

    it('is used instead of Site_Url, and an unreachable one is reported', async () => {
        const { ws } = h;
        await ws.setAppSetting('workspace_url', 'http://127.0.0.1:1');
        expect(await enableFails(vault, say('toggle_failed', { room: '#vault', reason: say('failure_unreachable') }), { outcome: 'failed', reason: 'permissions-unreachable' })).toEqual([]);
    });

    it('pointing at the workspace works like Site_Url', async () => {
        const { ws } = h;
        await ws.setAppSetting('workspace_url', `${ws.restUrl}/`);
        expect(await command(ws, owner, vault, 'enable')).toBe(say('toggle_enabled', { room: '#vault' }));
        expect(isEncrypted(ws, vault)).toBe(true);
    });
});

describe('unusable setting values', () => {
    afterEach(async () => {
        await h.ws.setAppSetting('request_timeout_seconds', 10);
    });

    it('are named to admins in the status, and their defaults are used', async () => {
        const { ws } = h;
        await ws.setAppSetting('request_timeout_seconds', 0);
        expect(await command(ws, admin, vault, 'status')).toBe(
            [...statusHead(vault), say('status_invalid_settings', { settings: 'request_timeout_seconds' }), say('status_service_ok', { username: 'svc' })].join('\n'),
        );
        expect(await command(ws, owner, vault, 'enable')).toBe(say('toggle_enabled', { room: '#vault' }));
    });
});
