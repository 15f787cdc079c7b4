// Forged interactions: the reset dialog answers only the admin it was opened for, once, for the
// account it named; anything else a client can send (someone else's submission, a replay, a tampered or
// invented view, a block action, a close) resets nothing, and the person is told why.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import type { ModalView, RcRoom, RcUser } from '../../workspace/Workspace';
import { buildCast } from '../harness/cast';
import type { Key } from '../harness/texts';
import { isText } from '../harness/texts';
import type { Harness, Mark } from '../harness/workspace';
import { ageDialog, auditSince, fingerprint, forgetPermissions, mark, openResetDialog, requestsSince, startHarness, submitAs, toldSince } from '../harness/workspace';
import { LeakScanner, report, scanAfterEachTest } from './support/leaks';

const scanner = new LeakScanner();
let h: Harness;
let keeper: RcUser;
let deputy: RcUser;
let mallory: RcUser;
let ops: RcRoom;
let forgeries = 0;

const RESET = 'POST users.resetE2EKey';

beforeAll(async () => {
    h = await startHarness();
    scanner.register('service token', h.token);
    const cast = await buildCast(h.ws);
    keeper = cast.people.admin;
    mallory = cast.people.member;
    ops = cast.rooms.private;
    deputy = h.ws.createUser({ username: 'another-admin', roles: ['admin', 'user'] });
    await h.ws.addMember(ops, deputy, cast.people.owner);
}, 30000);

afterAll(async () => {
    report('forged interactions', { interactions: forgeries });
    await h?.ws.stop();
});

let target: RcUser;
let targetCount = 0;

beforeEach(async () => {
    // A fresh account with keys and a session for every test, so each reset (or its absence) is visible.
    targetCount++;
    target = h.ws.createUser({ username: `target-${targetCount}-forged` });
    h.ws.setUserE2EKeys(target);
    scanner.register('login token', h.ws.loginToken(target));
    await h.ws.addMember(ops, target);
});

function openDialog(admin: RcUser, username = target.username): Promise<ModalView> {
    return openResetDialog(h.ws, admin, ops, username);
}

const keyIntact = (user: RcUser = target) => {
    const stored = h.ws.user(user._id);
    return Boolean(stored?.e2e) && (stored?.services?.resume?.loginTokens.length ?? 0) > 0;
};

/** Nothing was reset since `since`; `who` was told `key`, and the refusal was audited with `reason`. */
function expectRefused(since: Mark, who: RcUser, key: Key, reason?: string) {
    expect(requestsSince(h.ws, since).filter((r) => r.startsWith(RESET))).toEqual([]);
    expect(keyIntact()).toBe(true);
    const told = toldSince(h.ws, since, who);
    expect(told).toHaveLength(1);
    expect(isText(key, told[0])).toBe(true);
    expect(isText('reset_done', told[0])).toBe(false);
    if (reason) {
        expect(auditSince(h.ws, since, who).map((a) => [a.action, a.outcome, a.reason])).toEqual([['reset-key', 'refused', reason]]);
    }
    forgeries++;
}

describe('someone else answers the dialog', () => {
    it('refuses a member and another admin submitting the admin’s dialog, and leaves it to its owner', async () => {
        const view = await openDialog(keeper);
        for (const intruder of [mallory, deputy]) {
            const since = mark(h.ws);
            await submitAs(h.ws, intruder, view);
            expectRefused(since, intruder, 'reset_not_yours', 'not-dialog-owner');
        }
        const since = mark(h.ws);
        await h.ws.submitModal(keeper, view.id, {});
        expect(requestsSince(h.ws, since).filter((r) => r.startsWith(RESET))).toEqual([`${RESET} 200`]);
        expect(isText('reset_done', toldSince(h.ws, since, keeper)[0])).toBe(true);
        expect(h.ws.user(target._id)?.e2e).toBeUndefined();
    });

    it('does not let someone else close (cancel) the dialog, nor let a block action inside it reset anything', async () => {
        const view = await openDialog(keeper);
        const since = mark(h.ws);
        await h.ws.sendInteraction(mallory, { type: 'viewClosed', appId: view.appId, actionId: '', payload: { view: view.view, isCleared: false } });
        for (const actionId of ['e2e-reset-confirm', 'e2e-reset-cancel']) {
            await h.ws.sendInteraction(mallory, {
                type: 'blockAction',
                appId: view.appId,
                actionId,
                triggerId: 'forged',
                payload: { blockId: view.id, value: target._id },
                container: { type: 'view', id: view.id },
            });
            forgeries++;
        }
        expect(requestsSince(h.ws, since).filter((r) => r.startsWith(RESET))).toEqual([]);
        expect(keyIntact()).toBe(true);
        forgeries++;
        await h.ws.submitModal(keeper, view.id, {});
        expect(h.ws.user(target._id)?.e2e).toBeUndefined();
    });
});

describe('the dialog is answered once', () => {
    it('refuses a replayed submission after the reset', async () => {
        const view = await openDialog(keeper);
        await h.ws.submitModal(keeper, view.id, {});
        expect(h.ws.user(target._id)?.e2e).toBeUndefined();
        // The account gets keys and a session again; a replay must not reset it a second time.
        h.ws.setUserE2EKeys(target);
        h.ws.loginToken(target);
        const since = mark(h.ws);
        await submitAs(h.ws, keeper, view);
        // The answered dialog is forgotten, with the room it was opened in: nothing is done and, having no
        // room to answer in, nothing is said.
        expect(requestsSince(h.ws, since).filter((r) => r.startsWith(RESET))).toEqual([]);
        expect(keyIntact()).toBe(true);
        expect(toldSince(h.ws, since, keeper)).toEqual([]);
        forgeries++;
    });

    it('resets once when the same submission arrives several times at once', async () => {
        const view = await openDialog(keeper);
        const since = mark(h.ws);
        await Promise.all([submitAs(h.ws, keeper, view), submitAs(h.ws, keeper, view), submitAs(h.ws, keeper, view), submitAs(h.ws, keeper, view)]);
        forgeries += 3;
        expect(requestsSince(h.ws, since).filter((r) => r.startsWith(RESET))).toEqual([`${RESET} 200`]);
        const told = toldSince(h.ws, since, keeper);
        expect(told.filter((t) => isText('reset_done', t))).toHaveLength(1);
        expect(auditSince(h.ws, since, keeper).filter((a) => a.outcome === 'done')).toHaveLength(1);
    });

    it('refuses a cancelled dialog submitted afterwards', async () => {
        const view = await openDialog(keeper);
        await h.ws.closeModal(keeper, view.id);
        const since = mark(h.ws);
        await submitAs(h.ws, keeper, view);
        expect(requestsSince(h.ws, since).filter((r) => r.startsWith(RESET))).toEqual([]);
        expect(keyIntact()).toBe(true);
        // An unknown dialog has no room to answer in: nothing is said, nothing is done.
        expect(toldSince(h.ws, since, keeper).every((t) => !isText('reset_done', t))).toBe(true);
        forgeries++;
    });
});

describe('invented and tampered views', () => {
    it('ignores views the app never opened, with or without its id prefix', async () => {
        const view = await openDialog(keeper);
        const since = mark(h.ws);
        const before = fingerprint(h.ws);
        for (const id of ['e2ee-reset-00000000-0000-0000-0000-000000000000', 'someone-elses-view', '', `${view.id}x`, view.id.toUpperCase()]) {
            await submitAs(h.ws, keeper, { ...view, id, view: { ...view.view, id } });
            forgeries++;
        }
        expect(fingerprint(h.ws)).toBe(before);
        expect(requestsSince(h.ws, since).filter((r) => r.startsWith(RESET))).toEqual([]);
        await h.ws.closeModal(keeper, view.id);
    });

    it('resets the account the app recorded, whatever the submitted view says', async () => {
        const bystander = h.ws.createUser({ username: `bystander${targetCount}` });
        h.ws.setUserE2EKeys(bystander);
        h.ws.loginToken(bystander);
        const view = await openDialog(keeper);
        const tampered = {
            ...view,
            view: { ...view.view, title: { type: 'plain_text', text: `Reset @${bystander.username}` }, blocks: [], userId: bystander._id, state: { target: { userId: bystander._id } } },
        };
        await submitAs(h.ws, keeper, tampered, { target: { userId: bystander._id, username: bystander.username } });
        forgeries++;
        expect(h.ws.user(target._id)?.e2e).toBeUndefined();
        expect(keyIntact(bystander)).toBe(true);
    });
});

describe('the situation changed after the dialog opened', () => {
    it('refuses when the account was renamed, deleted, or became a bot', async () => {
        const changes: Array<[string, (u: RcUser) => void, Key, string]> = [
            ['renamed', (u) => (u.username = `${u.username}-renamed`), 'reset_target_changed', 'target-changed'],
            ['deleted', (u) => h.ws.server.model.users.delete(u._id), 'reset_target_changed', 'target-changed'],
            ['became a bot', (u) => Object.assign(u, { type: 'bot', roles: ['bot'] }), 'reset_refused_bot', 'app-or-bot'],
        ];
        for (const [, change, key, reason] of changes) {
            const view = await openDialog(keeper);
            const stored = h.ws.user(target._id) as RcUser;
            const snapshot = { ...stored };
            change(stored);
            const since = mark(h.ws);
            await h.ws.submitModal(keeper, view.id, {});
            // Put the account back as it was to see that nothing happened to it.
            h.ws.server.model.users.set(target._id, Object.assign(stored, snapshot));
            expectRefused(since, keeper, key, reason);
        }
    });

    it('refuses when the admin lost the permission, or the account, in the meantime', async () => {
        let view = await openDialog(keeper);
        h.ws.revokePermission('edit-other-user-e2ee', 'admin');
        let since: Mark;
        try {
            await forgetPermissions(h.ws);
            since = mark(h.ws);
            await h.ws.submitModal(keeper, view.id, {});
            expectRefused(since, keeper, 'not_allowed', 'not-allowed');
        } finally {
            h.ws.grantPermission('edit-other-user-e2ee', 'admin');
            await forgetPermissions(h.ws);
        }

        const former = h.ws.createUser({ username: `former-admin-${targetCount}`, roles: ['admin', 'user'] });
        view = await openDialog(former);
        h.ws.deactivateUser(former);
        since = mark(h.ws);
        await h.ws.submitModal(former, view.id, {});
        expectRefused(since, former, 'not_allowed', 'not-allowed');
    });

    it('refuses a dialog submitted after it expired', async () => {
        const view = await openDialog(keeper);
        // Eleven minutes pass: the pending record the app stored when it opened the dialog is that old.
        ageDialog(h.ws, view, 11);
        const since = mark(h.ws);
        await h.ws.submitModal(keeper, view.id, {});
        expectRefused(since, keeper, 'reset_expired', 'dialog-expired');
    });
});

scanAfterEachTest(() => h?.ws, scanner);
