import { describe, expect, it } from '@jest/globals';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import {
    UIKitActionButtonInteractionContext,
    UIKitViewCloseInteractionContext,
    UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { UiHandler } from '../../src/handlers/UiHandler';
import type { Fake } from '../support/fakes';
import { jsonResponse, user } from '../support/fakes';
import { calls, run, scenario } from '../support/scenario';

async function click(fake: Fake, who: IUser, where: IRoom, actionId: string) {
    const handler = new UiHandler(await fake.services());
    const context = new UIKitActionButtonInteractionContext({
        appId: 'app',
        actionId,
        user: who,
        room: where,
        triggerId: 't',
        buttonContext: UIActionButtonContext.ROOM_ACTION,
    } as never);
    return handler.actionButton(context, { read: fake.read, http: fake.http, persis: fake.persis, modify: fake.modify });
}

async function submit(fake: Fake, who: IUser, viewId: string, app?: UiHandler) {
    const handler = app ?? new UiHandler(await fake.services());
    const context = new UIKitViewSubmitInteractionContext({ appId: 'app', user: who, view: { id: viewId } as never, triggerId: 't', actionId: '' } as never);
    return handler.viewSubmit(context, { read: fake.read, http: fake.http, persis: fake.persis, modify: fake.modify });
}

async function close(fake: Fake, who: IUser, viewId: string) {
    const handler = new UiHandler(await fake.services());
    const context = new UIKitViewCloseInteractionContext({ appId: 'app', user: who, view: { id: viewId } as never, isCleared: false, actionId: '' } as never);
    return handler.viewClose(context, { read: fake.read, http: fake.http, persis: fake.persis, modify: fake.modify });
}

describe('room action buttons', () => {
    it('show the status and toggle encryption like the command does', async () => {
        const { fake, owner, secret } = scenario();
        expect((await click(fake, owner, secret, 'e2e-status')).success).toBe(true);
        expect(fake.told('owner')[0]).toMatch(/^#secret is not end-to-end encrypted\./);
        await click(fake, owner, secret, 'e2e-enable');
        expect(fake.told('owner')[1]).toBe('End-to-end encryption is now on in #secret.');
        expect(calls(fake)).toEqual(['GET /api/v1/permissions.listAll', 'POST /api/v1/rooms.saveRoomSettings {"rid":"secret","encrypted":true}']);
    });

    it('refuse a plain member and change nothing', async () => {
        const { fake, member, secret } = scenario();
        await click(fake, member, secret, 'e2e-disable');
        expect(calls(fake)).toEqual([]);
        await click(fake, member, secret, 'e2e-enable');
        expect(calls(fake)).toEqual(['GET /api/v1/permissions.listAll']);
    });

    it('answer someone who cannot see the room as if it did not exist, and change nothing', async () => {
        const { fake, outsider, secret } = scenario();
        await click(fake, outsider, secret, 'e2e-status');
        await click(fake, outsider, secret, 'e2e-enable');
        expect(fake.told('outsider')).toEqual(["I can't find a room named #secret that you can see.", "I can't find a room named #secret that you can see."]);
        expect(calls(fake).filter((c) => c.startsWith('POST'))).toEqual([]);
    });

    it('ignore an action id the app did not register', async () => {
        const { fake, owner, secret } = scenario();
        expect((await click(fake, owner, secret, 'e2e-something')).success).toBe(false);
        expect(fake.notifications).toEqual([]);
    });
});

describe('/e2e reset-key', () => {
    function setup() {
        const s = scenario();
        s.fake.addUser(user('bob'));
        s.fake.addUser(user('rocket.cat', { type: 'bot' as never, roles: ['bot'] }));
        s.fake.addUser(user('alice:matrix.org'));
        return s;
    }

    it('opens a confirmation dialog for an admin and calls nothing yet', async () => {
        const { fake, admin, secret } = setup();
        expect(await run(fake, admin, secret, 'reset-key @bob', 'trigger-9')).toBe('');
        expect(calls(fake)).toEqual(['GET /api/v1/permissions.listAll']);
        expect(fake.modals).toHaveLength(1);
        const { view, triggerId, user: to } = fake.modals[0];
        expect(triggerId).toBe('trigger-9');
        expect(to.id).toBe('admin');
        expect(view.title).toEqual({ type: 'plain_text', text: 'Reset E2EE key of @bob?' });
        expect(JSON.stringify(view.blocks)).toContain('logged out everywhere');
        expect(JSON.stringify(view.blocks)).toContain('stay unreadable');
        expect((view.submit as { style: string }).style).toBe('danger');
    });

    it('resets only when the admin who opened it submits it, exactly once', async () => {
        const { fake, admin, secret, owner } = setup();
        await run(fake, admin, secret, 'reset-key @bob');
        const viewId = fake.modals[0].view.id as string;

        await submit(fake, owner, viewId);
        expect(fake.told('owner')).toEqual(['This confirmation was opened by someone else. Nothing was done.']);
        expect(calls(fake).filter((c) => c.includes('resetE2EKey'))).toEqual([]);

        await submit(fake, admin, viewId);
        expect(calls(fake).filter((c) => c.includes('resetE2EKey'))).toEqual(['POST /api/v1/users.resetE2EKey {"userId":"bob"}']);
        expect(fake.told('admin').pop()).toBe('The E2EE key of @bob was reset. They have been logged out and will set a new E2EE password when they log in.');

        await submit(fake, admin, viewId);
        expect(calls(fake).filter((c) => c.includes('resetE2EKey'))).toHaveLength(1);
        expect(fake.auditRecords().map((r) => [r.action, r.outcome, r.reason ?? ''])).toEqual([
            ['reset-key', 'refused', 'not-dialog-owner'],
            ['reset-key', 'done', ''],
        ]);
    });

    it('runs a double submit once', async () => {
        const { fake, admin, secret } = setup();
        await run(fake, admin, secret, 'reset-key @bob');
        const viewId = fake.modals[0].view.id as string;
        // One app instance, as in the engine: the claim lives as long as the app's services.
        const app = new UiHandler(await fake.services());
        await Promise.all([submit(fake, admin, viewId, app), submit(fake, admin, viewId, app), submit(fake, admin, viewId, app)]);
        expect(calls(fake).filter((c) => c.includes('resetE2EKey'))).toHaveLength(1);
    });

    it('refuses when the account changed after the dialog opened', async () => {
        const { fake, admin, secret } = setup();
        await run(fake, admin, secret, 'reset-key @bob');
        fake.users.get('bob')!.username = 'robert';
        await submit(fake, admin, fake.modals[0].view.id as string);
        expect(fake.told('admin').pop()).toBe('The account of @bob changed after the confirmation was opened. Nothing was done; run the command again.');
        expect(calls(fake).filter((c) => c.includes('resetE2EKey'))).toEqual([]);
    });

    it('forgets a closed dialog', async () => {
        const { fake, admin, secret } = setup();
        await run(fake, admin, secret, 'reset-key @bob');
        const viewId = fake.modals[0].view.id as string;
        await close(fake, admin, viewId);
        await submit(fake, admin, viewId);
        expect(calls(fake).filter((c) => c.includes('resetE2EKey'))).toEqual([]);
    });

    it('reports a failed reset honestly', async () => {
        const { fake, admin, secret } = setup();
        await run(fake, admin, secret, 'reset-key @bob');
        fake.responder = (request) =>
            request.url.endsWith('resetE2EKey') ? jsonResponse(400, { success: false, error: 'TOTP Required [totp-required]', errorType: 'totp-required' }) : jsonResponse(200, { update: [{ _id: 'edit-other-user-e2ee', roles: ['admin'] }], success: true });
        await submit(fake, admin, fake.modals[0].view.id as string);
        expect(fake.told('admin').pop()).toBe(
            'The E2EE key of @bob was not reset. The workspace asked for two-factor authentication: the service account\'s token must be created with "Ignore two factor authentication".',
        );
    });

    it('does not claim a reset failed when the answer was lost', async () => {
        const { fake, admin, secret } = setup();
        await run(fake, admin, secret, 'reset-key @bob');
        fake.responder = (request) => {
            if (request.url.endsWith('resetE2EKey')) {
                throw new Error('network timeout');
            }
            return jsonResponse(200, { update: [{ _id: 'edit-other-user-e2ee', roles: ['admin'] }], success: true });
        };
        await submit(fake, admin, fake.modals[0].view.id as string);
        expect(fake.told('admin').pop()).toBe(
            'The workspace did not confirm whether the E2EE key of @bob was reset. The workspace did not answer in time. Check whether they were logged out before trying again.',
        );
    });

    it.each([
        ['the service account', '@svc', '@svc is the app\'s own service account: resetting it would revoke the app\'s token.'],
        ['a bot', '@rocket.cat', '@rocket.cat is a bot or app account, which has no E2EE keys to reset.'],
        ['a federated user', '@alice:matrix.org', '@alice:matrix.org is a federated user: Rocket.Chat cannot reset their E2EE key.'],
        ['an unknown user', '@ghost', "I can't find a user named @ghost."],
    ])('refuses %s without opening a dialog', async (_name, target, expected) => {
        const { fake, admin, secret } = setup();
        expect(await run(fake, admin, secret, `reset-key ${target}`)).toContain(expected);
        expect(fake.modals).toEqual([]);
        expect(calls(fake).filter((c) => c.includes('resetE2EKey'))).toEqual([]);
    });

    it('refuses someone without edit-other-user-e2ee', async () => {
        const { fake, owner, secret } = setup();
        expect(await run(fake, owner, secret, 'reset-key @bob')).toBe('You may not do that: you need edit-other-user-e2ee.');
        expect(fake.modals).toEqual([]);
    });
});

describe('/e2e audit', () => {
    it('lists the newest records for an admin and refuses others', async () => {
        const { fake, admin, owner, secret, general } = scenario();
        await run(fake, owner, secret, 'enable');
        await run(fake, owner, general, 'enable');
        const told = await run(fake, admin, secret, 'audit 5');
        expect(told.split('\n')[0]).toBe('Last 2 audit records (newest first):');
        expect(told).toMatch(/ · enable · refused · by @owner · #general · unsupported-kind/);
        expect(told).toMatch(/ · enable · done · by @owner · #secret · -/);
        expect(await run(fake, owner, secret, 'audit')).toBe('You may not do that: you need edit-other-user-e2ee.');
    });
});
