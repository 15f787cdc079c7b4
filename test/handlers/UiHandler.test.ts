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
import type { MessageKey } from '../../src/i18n/translate';
import { text } from '../../src/i18n/translate';
import type { Fake } from '../support/fakes';
import { jsonResponse, user } from '../support/fakes';
import { say } from '../support/say';
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
        expect(fake.told('owner')[0].split('\n')[0]).toBe(say('status_not_encrypted', { room: '#secret' }));
        await click(fake, owner, secret, 'e2e-enable');
        expect(fake.told('owner')[1]).toBe(say('toggle_enabled', { room: '#secret' }));
        // one table read per click (each click builds its handler): the status, then the toggle
        expect(calls(fake)).toEqual(['GET /api/v1/permissions.listAll', 'GET /api/v1/permissions.listAll', 'POST /api/v1/rooms.saveRoomSettings {"rid":"secret","encrypted":true}']);
    });

    it('refuse a plain member and change nothing', async () => {
        const { fake, member, secret } = scenario();
        await click(fake, member, secret, 'e2e-disable');
        expect(calls(fake)).toEqual(['GET /api/v1/permissions.listAll']);
        await click(fake, member, secret, 'e2e-enable');
        expect(calls(fake)).toEqual(['GET /api/v1/permissions.listAll', 'GET /api/v1/permissions.listAll']);
    });

    it('answer someone who cannot see the room as if it did not exist, and change nothing', async () => {
        const { fake, outsider, secret } = scenario();
        await click(fake, outsider, secret, 'e2e-status');
        await click(fake, outsider, secret, 'e2e-enable');
        expect(fake.told('outsider')).toEqual([say('room_not_found', { name: 'secret' }), say('room_not_found', { name: 'secret' })]);
        expect(calls(fake).filter((c) => c.startsWith('POST'))).toEqual([]);
    });

    it('ignore an action id the app did not register', async () => {
        const { fake, owner, secret } = scenario();
        expect((await click(fake, owner, secret, 'e2e-something')).success).toBe(false);
        expect((await click(fake, owner, secret, 'toString')).success).toBe(false);
        expect(fake.notifications).toEqual([]);
        expect(calls(fake)).toEqual([]);
    });

    it('refuse a deactivated account', async () => {
        const { fake, owner, secret } = scenario();
        owner.isEnabled = false;
        await click(fake, owner, secret, 'e2e-enable');
        expect(fake.told('owner')).toEqual([say('not_allowed_inactive')]);
        expect(calls(fake)).toEqual([]);
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
        expect(view.title).toEqual({ type: 'plain_text', text: say('reset_modal_title', { username: 'bob' }) });
        const paragraphs = (view.blocks as Array<{ text: { text: string } }>).map((block) => block.text.text);
        const keys: Array<MessageKey> = ['reset_modal_intro', 'reset_modal_logout', 'reset_modal_keys', 'reset_modal_history'];
        expect(paragraphs).toEqual(keys.map((key) => say(key, { username: 'bob' })));
        expect((view.submit as { style: string }).style).toBe('danger');
    });

    it('resets only when the admin who opened it submits it, exactly once', async () => {
        const { fake, admin, secret, owner } = setup();
        await run(fake, admin, secret, 'reset-key @bob');
        const viewId = fake.modals[0].view.id as string;

        await submit(fake, owner, viewId);
        expect(fake.told('owner')).toEqual([say('reset_not_yours')]);
        expect(calls(fake).filter((c) => c.includes('resetE2EKey'))).toEqual([]);

        await submit(fake, admin, viewId);
        expect(calls(fake).filter((c) => c.includes('resetE2EKey'))).toEqual(['POST /api/v1/users.resetE2EKey {"userId":"bob"}']);
        expect(fake.told('admin').pop()).toBe(say('reset_done', { username: 'bob' }));

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
        expect(fake.told('admin').pop()).toBe(say('reset_target_changed', { username: 'bob' }));
        expect(fake.auditRecords().map((r) => [r.action, r.outcome, r.reason])).toEqual([['reset-key', 'refused', 'target-changed']]);
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
        expect(fake.told('admin').pop()).toBe(say('reset_failed', { username: 'bob', reason: text('failure_two_factor') }));
        expect(fake.auditRecords().map((r) => [r.action, r.outcome, r.reason])).toEqual([['reset-key', 'failed', 'totp-required']]);
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
        expect(fake.told('admin').pop()).toBe(say('reset_unconfirmed', { username: 'bob', reason: text('failure_timeout') }));
    });

    it.each([
        ['the service account', 'svc', say('reset_refused_service_account', { username: 'svc' }), 'service-account'],
        ['a bot', 'rocket.cat', say('reset_refused_bot', { username: 'rocket.cat' }), 'app-or-bot'],
        ['a federated user', 'alice:matrix.org', say('reset_refused_federated', { username: 'alice:matrix.org' }), 'federated'],
        ['an unknown user', 'ghost', say('reset_refused_unknown', { username: 'ghost' }), 'unknown-user'],
    ])('refuses %s without opening a dialog', async (_name, target, expected, reason) => {
        const { fake, admin, secret } = setup();
        expect(await run(fake, admin, secret, `reset-key @${target}`)).toBe(expected);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'reset-key', outcome: 'refused', reason, targetUsername: target })]);
        expect(fake.modals).toEqual([]);
        expect(calls(fake).filter((c) => c.includes('resetE2EKey'))).toEqual([]);
    });

    it('refuses someone without edit-other-user-e2ee', async () => {
        const { fake, owner, secret } = setup();
        expect(await run(fake, owner, secret, 'reset-key @bob')).toBe(say('not_allowed', { permissions: 'edit-other-user-e2ee' }));
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'reset-key', outcome: 'refused', reason: 'not-allowed', actorId: 'owner' })]);
        expect(fake.modals).toEqual([]);
    });
});

describe('/e2e audit', () => {
    it('lists the newest records for an admin and refuses others', async () => {
        const { fake, admin, owner, secret, general } = scenario();
        await run(fake, owner, secret, 'enable');
        await run(fake, owner, general, 'enable');
        const told = await run(fake, admin, secret, 'audit 5');
        const [done, refused] = fake.auditRecords().map((r) => (r.at as string).replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
        const action = text('audit_action_enable');
        const [header, ...listed] = told.split('\n');
        expect(header).toBe(say('audit_header', { count: 2 }));
        // Both records may carry the same millisecond: their order is the store's concern (test/storage).
        expect(listed.sort()).toEqual(
            [
                say('audit_line', { at: refused, action, outcome: text('audit_outcome_refused'), actor: '@owner', subject: '#general', reason: 'unsupported-kind', count: 1 }),
                say('audit_line', { at: done, action, outcome: text('audit_outcome_done'), actor: '@owner', subject: '#secret', reason: '-', count: 1 }),
            ].sort(),
        );
        expect(await run(fake, owner, secret, 'audit')).toBe(say('not_allowed', { permissions: 'edit-other-user-e2ee' }));
    });
});
