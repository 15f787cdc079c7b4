import { describe, expect, it } from '@jest/globals';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { RoomLifecycleHandler } from '../../src/handlers/RoomLifecycleHandler';
import { text } from '../../src/i18n/translate';
import type { FakeOptions } from '../support/fakes';
import { Fake, jsonResponse, room, user } from '../support/fakes';
import { say } from '../support/say';
import { calls } from '../support/scenario';

async function lifecycle(options: FakeOptions = {}) {
    const fake = new Fake(options);
    const handler = new RoomLifecycleHandler(await fake.services());
    const accessors = { read: fake.read, http: fake.http, persis: fake.persis, modify: fake.modify };
    return { fake, handler, accessors };
}

const creator = user('carol');

describe('room creation', () => {
    it('refuses creating an encrypted room of an unsupported kind, telling the creator why', async () => {
        const { fake, handler } = await lifecycle();
        const discussion = room('x', 'c', { encrypted: true, parentRoom: room('general', 'c'), creator });
        await expect(handler.preCreate(discussion, fake.read, fake.persis)).rejects.toThrow(say('create_refused_unsupported', { kind: text('kind_public_discussion') }));
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'room-create-refused', reason: 'unsupported-kind', actorId: 'carol' })]);
    });

    it('lets an encrypted room whose kind is disabled be created, and clears its flag with the smallest Modify result', async () => {
        const { fake, handler } = await lifecycle({ settings: { policy_direct: 'disabled' }, serverSettings: { E2E_Enable: true } });
        const dm = room('d', 'd', { encrypted: true, creator });
        expect(await handler.preCreate(dm, fake.read, fake.persis)).toBe(false);
        expect(handler.mayClearEncryption(dm)).toBe(true);
        expect(await handler.clearEncryption(dm, fake.read, fake.persis)).toEqual({ _unmappedProperties_: { encrypted: false } });
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'room-create-unencrypted', outcome: 'done', reason: 'policy-disabled', actorId: 'carol' })]);
        // nothing to clear: unencrypted, or another kind
        expect(handler.mayClearEncryption(room('d', 'd', { creator }))).toBe(false);
        expect(handler.mayClearEncryption(room('p', 'p', { encrypted: true, creator }))).toBe(false);
    });

    it('leaves a private room encrypted when Rocket.Chat forces encryption on private rooms', async () => {
        const { fake, handler } = await lifecycle({
            settings: { policy_private_channel: 'disabled' },
            serverSettings: { E2E_Enable: true, E2E_Force_Encryption_For_Private_Rooms: true },
        });
        const secret = room('p', 'p', { encrypted: true, creator });
        expect(handler.mayClearEncryption(secret)).toBe(true);
        expect(await handler.clearEncryption(secret, fake.read, fake.persis)).toBe(secret);
        expect(fake.auditRecords()).toEqual([]);
    });

    it('turns encryption off after creation when the cleared flag was not applied, and tells the creator', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { policy_private_channel: 'disabled' }, serverSettings: { E2E_Enable: true } });
        await handler.postCreate(room('p', 'p', { encrypted: true, creator }), accessors);
        expect(calls(fake)).toEqual(['POST /api/v1/rooms.saveRoomSettings {"rid":"p","encrypted":false}']);
        expect(fake.told('carol')).toEqual([say('create_unencrypted_disabled', { kind: text('kind_private_channel'), room: '#p' })]);
    });

    it('tells the creator why a room Rocket.Chat would have encrypted by default is not', async () => {
        const { fake, handler, accessors } = await lifecycle({
            settings: { policy_private_channel: 'disabled' },
            serverSettings: { E2E_Enable: true, E2E_Enabled_Default_PrivateRooms: true },
        });
        await handler.postCreate(room('p', 'p', { creator }), accessors);
        expect(fake.told('carol')).toEqual([say('create_unencrypted_disabled', { kind: text('kind_private_channel'), room: '#p' })]);
        expect(calls(fake)).toEqual([]);
        // no default, nothing to say
        const quiet = await lifecycle({ settings: { policy_private_channel: 'disabled' }, serverSettings: { E2E_Enable: true } });
        await quiet.handler.postCreate(room('p', 'p', { creator }), quiet.accessors);
        expect(quiet.fake.told('carol')).toEqual([]);
    });

    it('turns encryption on right after creating a room under default or required', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { policy_private_team: 'required' } });
        await handler.postCreate(room('t', 'p', { isTeamMain: true, creator }), accessors);
        await handler.postCreate(room('p', 'p', { creator }), accessors);
        expect(calls(fake)).toEqual(['POST /api/v1/rooms.saveRoomSettings {"rid":"t","encrypted":true}']);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'auto-enable', outcome: 'done', reason: 'policy-required', roomId: 't' })]);
    });

    it('keeps a failed turn-off after creation for the retries', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { policy_private_channel: 'disabled' }, serverSettings: { E2E_Enable: true } });
        fake.responder = () => jsonResponse(500, { success: false });
        await handler.postCreate(room('p', 'p', { encrypted: true, creator }), accessors);
        const services = await fake.services();
        expect(await services.retries.find(fake.read.getPersistenceReader(), 'p')).toMatchObject({ roomId: 'p', wanted: false, action: 'revert' });
    });

    it('tells the creator when the automatic enable failed', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { policy_direct: 'default' } });
        fake.responder = () => jsonResponse(401, { success: false });
        await handler.postCreate(room('d', 'd', { creator }), accessors);
        expect(fake.told('carol')).toEqual([say('auto_enable_failed', { room: 'd', reason: text('failure_unauthorized') })]);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'auto-enable', outcome: 'failed', reason: 'unauthorized' })]);
    });

    it('says the outcome is unconfirmed when the answer was lost', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { policy_direct: 'default' } });
        fake.responder = () => {
            throw new Error('timeout');
        };
        await handler.postCreate(room('d', 'd', { creator }), accessors);
        expect(fake.told('carol')).toEqual([say('auto_enable_unconfirmed', { room: 'd', reason: text('failure_timeout') })]);
    });

    it('does not try while the workspace has E2EE off, and records why', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { policy_direct: 'default' }, serverSettings: { E2E_Enable: false } });
        await handler.postCreate(room('d', 'd', { creator }), accessors);
        expect(calls(fake)).toEqual([]);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'auto-enable', outcome: 'refused', reason: 'workspace-e2e-off' })]);
        expect(fake.told('carol')).toEqual([say('auto_enable_failed', { room: 'd', reason: text('toggle_workspace_off') })]);
    });
});

describe('encryption changed elsewhere', () => {
    const systemMessage = (type: string, encrypted: boolean, kind = room('secret', 'p', { encrypted })) =>
        ({ type, text: 'dave', room: kind, sender: user('dave') }) as unknown as IMessage;

    it('turns encryption back on after a disable under required, and tells who did it', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { policy_private_channel: 'required' } });
        await handler.systemMessage(systemMessage('room_e2e_disabled', false), accessors);
        expect(calls(fake)).toEqual(['POST /api/v1/rooms.saveRoomSettings {"rid":"secret","encrypted":true}']);
        expect(fake.told('dave')).toEqual([say('revert_enabled', { room: '#secret', kind: text('kind_private_channel'), policy: text('policy_required') })]);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'revert', outcome: 'done', reason: 'policy-required', actorId: 'dave', roomId: 'secret' })]);
    });

    it('turns encryption back off after an enable under disabled', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { policy_private_channel: 'disabled' } });
        await handler.systemMessage(systemMessage('room_e2e_enabled', true), accessors);
        expect(calls(fake)).toEqual(['POST /api/v1/rooms.saveRoomSettings {"rid":"secret","encrypted":false}']);
        expect(fake.told('dave')).toEqual([say('revert_disabled', { room: '#secret', kind: text('kind_private_channel'), policy: text('policy_disabled') })]);
    });

    it('tells who made the change when it could not be undone, or may not have been', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { policy_private_channel: 'required' } });
        const params = { room: '#secret', kind: text('kind_private_channel'), policy: text('policy_required') };
        fake.responder = () => jsonResponse(403, { success: false });
        await handler.systemMessage(systemMessage('room_e2e_disabled', false), accessors);
        fake.responder = () => {
            throw new Error('timeout');
        };
        await handler.systemMessage(systemMessage('room_e2e_disabled', false), accessors);
        expect(fake.told('dave')).toEqual([
            say('revert_failed', { ...params, reason: text('failure_forbidden') }),
            say('revert_unconfirmed', { ...params, reason: text('failure_timeout') }),
        ]);
        expect(fake.auditRecords().map((r) => [r.action, r.outcome, r.reason])).toEqual([
            ['revert', 'failed', 'forbidden'],
            ['revert', 'failed', 'timeout'],
        ]);
    });

    it('leaves allowed changes, other messages and unsupported rooms alone', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { policy_private_channel: 'required' } });
        await handler.systemMessage(systemMessage('room_e2e_enabled', true), accessors);
        await handler.systemMessage(systemMessage('uj', false), accessors);
        await handler.systemMessage(systemMessage('room_e2e_disabled', false, room('general', 'c', { encrypted: false })), accessors);
        await handler.systemMessage(systemMessage('room_e2e_disabled', true), accessors);
        expect(calls(fake)).toEqual([]);
        expect(fake.notifications).toEqual([]);
    });
});

describe('joining an encrypted room', () => {
    it('tells the newcomer what encryption means for them', async () => {
        const { fake, handler, accessors } = await lifecycle();
        await handler.postJoin({ room: room('secret', 'p', { encrypted: true }), joiningUser: user('erin') }, accessors);
        await handler.postJoin({ room: room('open', 'p'), joiningUser: user('erin') }, accessors);
        expect(fake.told('erin')).toEqual([say('join_notice', { room: '#secret' })]);
    });

    it('stays quiet when the engine gives no Modify accessor', async () => {
        const { fake, handler, accessors } = await lifecycle();
        await handler.postJoin({ room: room('secret', 'p', { encrypted: true }), joiningUser: user('erin') }, { ...accessors, modify: undefined });
        expect(fake.notifications).toEqual([]);
    });

    it('stays quiet when the setting is off', async () => {
        const { fake, handler, accessors } = await lifecycle({ settings: { notify_on_join: false } });
        await handler.postJoin({ room: room('secret', 'p', { encrypted: true }), joiningUser: user('erin') }, accessors);
        expect(fake.notifications).toEqual([]);
    });
});
