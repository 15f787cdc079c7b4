// `/e2e reset-key @user` and its confirmation dialog in the real runtime, with Rocket.Chat's real effects of
// users.resetE2EKey: keys unset, every token wiped (personal access tokens too), queued for room keys.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { passwordDigest } from '../../workspace/rocketchat/ids';
import type { ModalView, RcRoom, RcUser } from '../../workspace/Workspace';
import { buildCast } from '../harness/cast';
import type { Key } from '../harness/texts';
import { say } from '../harness/texts';
import type { Harness, Mark } from '../harness/workspace';
import { ageDialog, auditRecords, command, forgetPermissions, mark, routesSince, START_TIMEOUT, startHarness, submitAs, toldDuring, waitFor, withoutTime } from '../harness/workspace';
import { auth, request } from '../workspace/httpClient';

let h: Harness;
let admin: RcUser;
let root: RcUser;
let mel: RcUser;
let bob: RcUser;
let ops: RcRoom;
let vault: RcRoom;
let open: RcRoom;
let bobPat: string;
let bobSession: string;

beforeAll(async () => {
    h = await startHarness();
    const { ws } = h;
    const cast = await buildCast(ws);
    ({ admin, member: mel } = cast.people);
    bob = cast.target;
    // Rocket.Chat mails the notice of a reset to each verified address
    ws.server.requireUser(bob._id).emails = [{ address: 'bob@example.org', verified: true }, { address: 'old@example.org', verified: false }];
    root = ws.createUser({ username: 'another-admin', roles: ['admin', 'user'] });
    ops = cast.rooms.private;
    // The rooms of the account whose key is reset: one encrypted, one not.
    vault = await ws.createRoom('private', { name: 'target-encrypted', owner: admin, members: [bob], encrypted: true });
    open = await ws.createRoom('private', { name: 'target-plain', owner: admin, members: [bob] });
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

/** Gives bob keys, room keys and tokens, as a person who uses E2EE has. */
function armBob(): void {
    const { ws } = h;
    ws.setUserE2EKeys(bob);
    ws.setSubscriptionE2EKey(vault, bob);
    ws.setSubscriptionE2EKey(open, bob);
    bobSession = ws.loginToken(bob);
    bobPat = ws.createPersonalAccessToken(bob, `pat-${Date.now()}-${Math.random()}`).token;
    const stored = ws.room(vault._id);
    if (stored) {
        stored.usersWaitingForE2EKeys = [];
    }
}

function bobUntouched(): void {
    const { ws } = h;
    expect(ws.user(bob._id)?.e2e).toEqual({ public_key: `pub-${bob.username}`, private_key: `priv-${bob.username}` });
    expect(ws.subscription(vault, bob)?.E2EKey).toBe(`key-${bob.username}`);
    expect(ws.user(bob._id)?.services?.resume?.loginTokens.length).toBeGreaterThanOrEqual(2);
    expect(ws.room(vault._id)?.usersWaitingForE2EKeys ?? []).toEqual([]);
}

async function rest(method: 'GET' | 'POST', route: string, userId: string, token: string): Promise<number> {
    return (await request(method, `${h.ws.restUrl}/api/v1/${route}`, undefined, auth(userId, token))).status;
}

async function openDialog(who: RcUser, username = bob.username, where = ops): Promise<ModalView> {
    const told = await toldDuring(h.ws, who, () => h.ws.runSlashCommand(who, where, `/e2e reset-key @${username}`));
    expect(told).toEqual([]);
    const modals = h.ws.openModals(who);
    expect(modals).toHaveLength(1);
    return modals[0];
}

/** A viewSubmit for a view the client was never shown (forged) or already answered (replayed). */
async function forgeSubmit(who: RcUser, view: ModalView): Promise<void> {
    await submitAs(h.ws, who, view);
}

const resetCalls = (since: Mark) => routesSince(h.ws, since).filter((c) => c === 'POST users.resetE2EKey');

beforeEach(async () => {
    armBob();
    for (const person of [admin, root, mel]) {
        for (const modal of h.ws.openModals(person)) {
            await h.ws.closeModal(person, modal.id);
        }
    }
});

describe('the dialog', () => {
    it('opens for an admin and says exactly what will happen; nothing is reset yet', async () => {
        const before = mark(h.ws);
        const modal = await openDialog(admin);
        expect(modal.id.startsWith('e2ee-reset-')).toBe(true);
        const view = modal.view as { title: { text: string }; blocks: Array<{ text: { text: string } }>; submit: { text: { text: string } }; close: { text: { text: string } } };
        expect(view.title.text).toBe(say('reset_modal_title', { username: bob.username }));
        expect(view.blocks.map((b) => b.text.text)).toEqual(
            (['reset_modal_intro', 'reset_modal_logout', 'reset_modal_keys', 'reset_modal_history'] as Key[]).map((k) => say(k, { username: bob.username })),
        );
        expect([view.submit.text.text, view.close.text.text]).toEqual([say('reset_modal_submit'), say('reset_modal_cancel')]);
        expect(resetCalls(before)).toEqual([]);
        bobUntouched();
        await h.ws.closeModal(admin, modal.id);
    });

    it('is in the admin’s language', async () => {
        const admin2 = h.ws.createUser({ username: 'adelheid', roles: ['admin', 'user'], language: 'de' });
        const modal = await openDialog(admin2);
        expect((modal.view as { title: { text: string } }).title.text).toBe(say('reset_modal_title', { username: bob.username }, 'de'));
        await h.ws.closeModal(admin2, modal.id);
    });
});

describe('submitting', () => {
    it('by the admin who opened it resets once, with Rocket.Chat’s effects, and tells the admin', async () => {
        const { ws } = h;
        const modal = await openDialog(admin);
        const before = mark(ws);
        const auditBefore = auditRecords(ws).length;
        const told = await toldDuring(ws, admin, () => ws.submitModal(admin, modal.id, {}));
        expect(told).toEqual([say('reset_done', { username: bob.username })]);
        expect(ws.openModals(admin)).toEqual([]);
        // exactly one call, as the service account
        expect(resetCalls(before)).toEqual(['POST users.resetE2EKey']);
        expect(ws.rest.requests.slice(before.requests).find((r) => r.path.endsWith('users.resetE2EKey'))?.userId).toBe(h.svc._id);
        // keys unset, room keys dropped, every token wiped including the personal access token
        const stored = ws.user(bob._id);
        expect(stored?.e2e).toBeUndefined();
        expect(ws.subscription(vault, bob)?.E2EKey).toBeUndefined();
        expect(ws.subscription(open, bob)?.E2EKey).toBeUndefined();
        expect(stored?.services?.resume?.loginTokens).toEqual([]);
        expect(await rest('GET', 'me', bob._id, bobPat)).toBe(401);
        expect(await rest('GET', 'me', bob._id, bobSession)).toBe(401);
        // queued for the keys of encrypted rooms only
        expect(ws.room(vault._id)?.usersWaitingForE2EKeys?.map((q) => q.userId)).toEqual([bob._id]);
        expect(ws.room(open._id)?.usersWaitingForE2EKeys ?? []).toEqual([]);
        // Rocket.Chat's own notice to bob (the e-mail, to the verified address only), the forced logout broadcast,
        // and the service account keeps working
        const mails = ws.notificationsFor(bob).filter((n) => n.message.email === true);
        expect(mails.map((n) => [n.text, n.message.to])).toContainEqual(['Your_e2e_key_has_been_reset', 'bob@example.org']);
        expect(mails.some((n) => n.message.to === 'old@example.org')).toBe(false);
        expect(ws.server.broadcasts.filter((b) => b.event === 'user.forceLogout').map((b) => b.args)).toContainEqual([bob._id]);
        expect(await rest('GET', 'me', h.svc._id, h.token)).toBe(200);
        expect(withoutTime(auditRecords(ws).slice(auditBefore))).toEqual([
            { action: 'reset-key', outcome: 'done', actorId: admin._id, actorUsername: admin.username, targetUserId: bob._id, targetUsername: bob.username },
        ]);
    });

    it('by someone else is refused and leaves the dialog to its owner', async () => {
        const { ws } = h;
        const modal = await openDialog(admin);
        const before = mark(ws);
        const auditBefore = auditRecords(ws).length;
        for (const intruder of [root, mel]) {
            const told = await toldDuring(ws, intruder, () => forgeSubmit(intruder, modal));
            expect(told).toEqual([say('reset_not_yours')]);
        }
        expect(resetCalls(before)).toEqual([]);
        bobUntouched();
        expect(auditRecords(ws).slice(auditBefore).map((r) => [r.action, r.outcome, r.reason, r.actorUsername])).toEqual([
            ['reset-key', 'refused', 'not-dialog-owner', root.username],
            ['reset-key', 'refused', 'not-dialog-owner', mel.username],
        ]);
        // the owner can still confirm it
        expect(await toldDuring(ws, admin, () => ws.submitModal(admin, modal.id, {}))).toEqual([say('reset_done', { username: bob.username })]);
        expect(resetCalls(before)).toHaveLength(1);
    });

    it('again (a replay) does nothing and says nothing', async () => {
        const { ws } = h;
        const modal = await openDialog(admin);
        await ws.submitModal(admin, modal.id, {});
        armBob();
        const before = mark(ws);
        const auditBefore = auditRecords(ws).length;
        const told = await toldDuring(ws, admin, () => forgeSubmit(admin, modal));
        expect(told).toEqual([]);
        expect(resetCalls(before)).toEqual([]);
        expect(auditRecords(ws).slice(auditBefore)).toEqual([]);
        bobUntouched();
    });

    it('twice at once resets once', async () => {
        const { ws } = h;
        const modal = await openDialog(admin);
        const before = mark(ws);
        const told = await toldDuring(ws, admin, () => Promise.all([ws.submitModal(admin, modal.id, {}), ws.submitModal(admin, modal.id, {})]));
        expect(told).toEqual([say('reset_done', { username: bob.username })]);
        expect(resetCalls(before)).toEqual(['POST users.resetE2EKey']);
    });

    it('after closing it does nothing', async () => {
        const { ws } = h;
        const modal = await openDialog(admin);
        const pending = () => ws.persistedRecords().filter((r) => (r.data as { viewId?: string }).viewId === modal.id);
        expect(pending()).toHaveLength(1);
        await ws.closeModal(admin, modal.id);
        await waitFor(() => pending().length === 0, 'the dialog to be forgotten');
        const before = mark(ws);
        expect(await toldDuring(ws, admin, () => forgeSubmit(admin, modal))).toEqual([]);
        expect(resetCalls(before)).toEqual([]);
        bobUntouched();
    });

    it('after the target account changed is refused', async () => {
        const { ws } = h;
        const carl = ws.createUser({ username: 'carl' });
        ws.setUserE2EKeys(carl);
        const modal = await openDialog(admin, 'carl');
        const stored = ws.server.requireUser(carl._id);
        stored.username = 'carl2';
        const before = mark(ws);
        expect(await toldDuring(ws, admin, () => ws.submitModal(admin, modal.id, {}))).toEqual([say('reset_target_changed', { username: 'carl' })]);
        expect(resetCalls(before)).toEqual([]);
        expect(ws.user(carl._id)?.e2e).toBeDefined();
    });

    it('after the dialog expired is refused', async () => {
        const { ws } = h;
        const modal = await openDialog(admin);
        ageDialog(ws, modal, 11); // set-up: opened 11 minutes ago
        const before = mark(ws);
        expect(await toldDuring(ws, admin, () => ws.submitModal(admin, modal.id, {}))).toEqual([say('reset_expired', { username: bob.username })]);
        expect(resetCalls(before)).toEqual([]);
        bobUntouched();
    });

    it('after the opener lost edit-other-user-e2ee is refused', async () => {
        const { ws } = h;
        ws.createRole('key-keeper');
        const keeper = ws.createUser({ username: 'keeper', roles: ['user', 'key-keeper'] });
        ws.grantPermission('edit-other-user-e2ee', 'key-keeper');
        await forgetPermissions(ws);
        expect(await command(ws, keeper, ops, 'help')).toContain(say('help_reset_key'));
        const modal = await openDialog(keeper);
        ws.revokePermission('edit-other-user-e2ee', 'key-keeper');
        await forgetPermissions(ws);
        const before = mark(ws);
        expect(await toldDuring(ws, keeper, () => ws.submitModal(keeper, modal.id, {}))).toEqual([say('not_allowed', { permissions: 'edit-other-user-e2ee' })]);
        expect(resetCalls(before)).toEqual([]);
        bobUntouched();
    });

    it('when the workspace answers with a server error, says the reset is unconfirmed; nothing changed here', async () => {
        const { ws } = h;
        const modal = await openDialog(admin);
        ws.injectFault('users.resetE2EKey', { kind: 'status', status: 500 }, 1);
        const auditBefore = auditRecords(ws).length;
        expect(await toldDuring(ws, admin, () => ws.submitModal(admin, modal.id, {}))).toEqual([
            say('reset_unconfirmed', { username: bob.username, reason: say('failure_server_error', { status: 500 }) }),
        ]);
        bobUntouched();
        expect(auditRecords(ws).slice(auditBefore).map((r) => [r.action, r.outcome, r.reason])).toEqual([['reset-key', 'failed', 'server-error']]);
    });

    it('when Rocket.Chat cannot send the notice e-mail, nothing is reset and the admin is told it failed', async () => {
        const { ws } = h;
        const modal = await openDialog(admin);
        const auditBefore = auditRecords(ws).length;
        const logoutsBefore = ws.server.broadcasts.length;
        ws.server.mailer.failure = new Error('connect ECONNREFUSED smtp.example.org:25');
        try {
            const told = await toldDuring(ws, admin, () => ws.submitModal(admin, modal.id, {}));
            expect(told).toEqual([say('reset_failed', { username: bob.username, reason: say('failure_refused_code', { code: 'error-email-send-failed' }) })]);
        } finally {
            ws.server.mailer.failure = undefined;
        }
        bobUntouched();
        expect(ws.server.broadcasts.slice(logoutsBefore)).toEqual([]);
        expect(auditRecords(ws).slice(auditBefore).map((r) => [r.action, r.outcome, r.reason])).toEqual([['reset-key', 'failed', 'error-email-send-failed']]);
        // the mailer's text (host names, addresses) is repeated nowhere
        expect(JSON.stringify([ws.notificationsFor(admin), auditRecords(ws), ws.appLogs()])).not.toContain('smtp.example.org');
    });

    it('with a token that does not bypass two-factor, explains it', async () => {
        const { ws } = h;
        const svc = ws.server.requireUser(h.svc._id);
        const services = svc.services ?? {};
        svc.services = services;
        services.password = { sha256: passwordDigest('svc-password') }; // the password fallback applies
        const plainToken = ws.createPersonalAccessToken(h.svc, 'without-bypass').token;
        await ws.setAppSetting('service_token', plainToken);
        try {
            const modal = await openDialog(admin);
            expect(await toldDuring(ws, admin, () => ws.submitModal(admin, modal.id, {}))).toEqual([
                say('reset_failed', { username: bob.username, reason: say('failure_two_factor') }),
            ]);
            bobUntouched();
        } finally {
            delete services.password;
            await ws.setAppSetting('service_token', h.token);
        }
    });
});

describe('refused before any dialog', () => {
    it.each([
        ['the service account itself', (): string => 'svc', 'reset_refused_service_account', 'service-account'],
        ['a bot', () => h.ws.createUser({ username: `robo-${Math.random().toString(36).slice(2, 6)}`, type: 'bot' }).username, 'reset_refused_bot', 'app-or-bot'],
        ['the app’s own user', () => h.ws.appUser()?.username as string, 'reset_refused_bot', 'app-or-bot'],
        ['a federated user', () => h.ws.createUser({ username: `fed-${Math.random().toString(36).slice(2, 6)}`, federated: true }).username, 'reset_refused_federated', 'federated'],
        ['an unknown user', () => 'nobody-at-all', 'reset_refused_unknown', 'unknown-user'],
    ] as Array<[string, () => string, Key, string]>)('%s', async (_name, target, key, reason) => {
        const { ws } = h;
        const username = target();
        const before = mark(ws);
        const auditBefore = auditRecords(ws).length;
        expect(await command(ws, admin, ops, `reset-key @${username}`)).toBe(say(key, { username }));
        expect(ws.openModals(admin)).toEqual([]);
        expect(resetCalls(before)).toEqual([]);
        expect(auditRecords(ws).slice(auditBefore).map((r) => [r.action, r.outcome, r.reason, r.targetUsername])).toEqual([['reset-key', 'refused', reason, username]]);
    });

    it('for someone without edit-other-user-e2ee', async () => {
        const { ws } = h;
        const auditBefore = auditRecords(ws).length;
        expect(await command(ws, mel, ops, `reset-key @${bob.username}`)).toBe(say('not_allowed', { permissions: 'edit-other-user-e2ee' }));
        expect(ws.openModals(mel)).toEqual([]);
        expect(auditRecords(ws).slice(auditBefore).map((r) => [r.action, r.outcome, r.reason, r.actorUsername])).toEqual([['reset-key', 'refused', 'not-allowed', mel.username]]);
        bobUntouched();
    });

    it('for a deactivated admin', async () => {
        const { ws } = h;
        const former = ws.createUser({ username: 'former-admin', roles: ['admin', 'user'] });
        ws.deactivateUser(former);
        expect(await command(ws, former, ops, `reset-key @${bob.username}`)).toBe(say('not_allowed_inactive'));
        expect(ws.openModals(former)).toEqual([]);
    });
});
