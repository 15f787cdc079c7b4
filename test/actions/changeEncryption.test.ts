import { describe, expect, it } from '@jest/globals';

import { changeEncryption } from '../../src/actions/changeEncryption';
import type { AppContext } from '../../src/actions/context';
import { AuditAction } from '../../src/audit/AuditRecord';
import { text } from '../../src/i18n/translate';
import type { FakeOptions } from '../support/fakes';
import { Fake, jsonResponse, room, user } from '../support/fakes';
import { calls } from '../support/scenario';

/** A context as a background job has it: no person, no Modify accessor. */
async function jobContext(options: FakeOptions = {}): Promise<{ fake: Fake; ctx: AppContext }> {
    const fake = new Fake(options);
    const services = await fake.services();
    return { fake, ctx: { read: fake.read, http: fake.http, persis: fake.persis, services, settings: services.settings.get() } };
}

const SAVE = (rid: string, encrypted: boolean) => `POST /api/v1/rooms.saveRoomSettings {"rid":"${rid}","encrypted":${encrypted}}`;

describe('changeEncryption without a person', () => {
    it('makes the change the policy asks for and records it with the policy as its reason and nobody as actor', async () => {
        const { fake, ctx } = await jobContext({ settings: { policy_private_channel: 'required' } });
        const result = await changeEncryption(ctx, { room: room('vault', 'p'), encrypted: true, action: AuditAction.AutoEnable, requestedBy: 'policy' });
        expect(result).toEqual({ status: 'done' });
        expect(calls(fake)).toEqual([SAVE('vault', true)]);
        expect(fake.auditRecords()).toEqual([
            { at: expect.any(String), ref: expect.any(String), action: 'auto-enable', outcome: 'done', reason: 'policy-required', roomId: 'vault', roomName: '#vault' },
        ]);
    });

    it('is refused while the workspace has E2EE off, before any call', async () => {
        const { fake, ctx } = await jobContext({ settings: { policy_private_channel: 'required' }, serverSettings: { E2E_Enable: false } });
        const result = await changeEncryption(ctx, { room: room('vault', 'p'), encrypted: true, action: AuditAction.Revert, requestedBy: 'policy' });
        expect(result).toEqual({ status: 'refused', reason: 'workspace-e2e-off', why: text('toggle_workspace_off') });
        expect(calls(fake)).toEqual([]);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'revert', outcome: 'refused', reason: 'workspace-e2e-off' })]);
    });

    it('fails without a service account', async () => {
        const { fake, ctx } = await jobContext({ settings: { policy_private_channel: 'required', service_token: '' } });
        const result = await changeEncryption(ctx, { room: room('vault', 'p'), encrypted: true, action: AuditAction.AutoEnable, requestedBy: 'policy' });
        expect(result).toEqual({ status: 'failed', reason: 'not-configured', why: text('service_not_configured'), unconfirmed: false });
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'not-configured' })]);
    });

    it.each([
        [jsonResponse(400, { success: false, errorType: 'error-action-not-allowed' }), 'error-action-not-allowed', text('failure_refused_code', { code: 'error-action-not-allowed' }), false],
        [jsonResponse(401, { success: false }), 'unauthorized', text('failure_unauthorized'), false],
        [jsonResponse(502, {}), 'server-error', text('failure_server_error', { status: 502 }), true],
    ])('reports a failed call with its reason, and whether the change may have happened anyway (%#)', async (response, reason, why, unconfirmed) => {
        const { fake, ctx } = await jobContext({ settings: { policy_private_channel: 'required' } });
        fake.responder = () => response;
        const result = await changeEncryption(ctx, { room: room('vault', 'p'), encrypted: true, action: AuditAction.AutoEnable, requestedBy: 'policy' });
        expect(result).toEqual({ status: 'failed', reason, why, unconfirmed });
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ outcome: 'failed', reason })]);
    });

    it('names whoever the record is about, when given', async () => {
        const { fake, ctx } = await jobContext({ settings: { policy_direct: 'disabled' } });
        const dm = room('dm', 'd', { encrypted: true, userIds: ['dave', 'erin'] });
        await changeEncryption(ctx, { room: dm, encrypted: false, action: AuditAction.Revert, requestedBy: 'policy', actor: user('dave') });
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'revert', outcome: 'done', reason: 'policy-disabled', actorId: 'dave', actorUsername: 'dave' })]);
    });
});

describe('changeEncryption for a person', () => {
    it('reports a role-permission table it cannot read as a failure, and changes nothing', async () => {
        const fake = new Fake();
        const owner = fake.addUser(user('owner'));
        const vault = fake.addRoom(room('vault', 'p'), [owner], { owner: ['owner'] });
        const services = await fake.services();
        fake.responder = () => jsonResponse(503, {});
        const ctx = { read: fake.read, http: fake.http, persis: fake.persis, services, settings: services.settings.get() };
        const result = await changeEncryption(ctx, { room: vault, encrypted: true, action: AuditAction.Enable, requestedBy: 'person', actor: owner });
        expect(result).toEqual({ status: 'failed', reason: 'permissions-server-error', why: text('failure_server_error', { status: 503 }), unconfirmed: false });
        expect(calls(fake)).toEqual(['GET /api/v1/permissions.listAll']);
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'enable', outcome: 'failed', reason: 'permissions-server-error', actorId: 'owner' })]);
    });
});
