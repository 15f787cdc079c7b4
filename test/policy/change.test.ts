import { describe, expect, it } from '@jest/globals';

import { text } from '../../src/i18n/translate';
import type { Actor } from '../../src/policy/authorization';
import type { ChangeFacts } from '../../src/policy/change';
import { decideChange } from '../../src/policy/change';
import { buildPermissionTable } from '../../src/policy/permissions';
import { Policy } from '../../src/policy/Policy';
import { RoomKind } from '../../src/policy/RoomKind';
import { DEFAULT_PERMISSIONS } from '../support/fakes';

const table = buildPermissionTable(Object.entries(DEFAULT_PERMISSIONS).map(([_id, roles]) => ({ _id, roles })));
const optional = { direct: Policy.Optional, private_channel: Policy.Optional, private_team: Policy.Optional, discussion: Policy.Optional };
const person = (globalRoles: Array<string> = ['user']): ChangeFacts['requester'] => ({ kind: 'person', actor: { id: 'u', globalRoles, isEnabled: true } as Actor });

/** A request to enable a private channel by a plain user, with every costly fact known and favourable. */
function facts(extra: Partial<ChangeFacts> = {}): ChangeFacts {
    return {
        wanted: true,
        room: { kind: RoomKind.PrivateChannel, label: '#vault', encrypted: false },
        policies: optional,
        requester: person(),
        workspaceE2E: true,
        serviceConfigured: true,
        isMember: true,
        permissions: { table, roomRoles: ['owner'] },
        ...extra,
    };
}

describe('decideChange: the refusal order', () => {
    it('refuses an unsupported kind first, whatever else holds', () => {
        const decision = decideChange(facts({ room: { kind: RoomKind.PublicChannel, label: '#lobby', encrypted: false }, workspaceE2E: false, serviceConfigured: false }));
        expect(decision).toEqual({ decision: 'refuse', reason: 'unsupported-kind', why: text('toggle_unsupported', { kind: text('kind_public_channel') }) });
    });

    it('then the policy of the kind: disabled forbids enabling, required forbids disabling', () => {
        expect(decideChange(facts({ policies: { ...optional, private_channel: Policy.Disabled }, workspaceE2E: false }))).toEqual({
            decision: 'refuse',
            reason: 'policy-disabled',
            why: text('toggle_policy_forbids_enable', { kind: text('kind_private_channel'), policy: text('policy_disabled') }),
        });
        const disable = facts({ wanted: false, room: { kind: RoomKind.PrivateTeam, label: '#team', encrypted: true }, policies: { ...optional, private_team: Policy.Required } });
        expect(decideChange(disable)).toEqual({
            decision: 'refuse',
            reason: 'policy-required',
            why: text('toggle_policy_forbids_disable', { kind: text('kind_private_team'), policy: text('policy_required') }),
        });
    });

    it('refuses both directions, for a person and for the policy, while the kind’s policy setting is unusable', () => {
        const unusable = { ...optional, private_channel: undefined };
        const why = text('toggle_policy_unusable', { kind: text('kind_private_channel') });
        for (const wanted of [true, false]) {
            for (const requester of [person(['admin']), { kind: 'policy' } as const]) {
                const room = { kind: RoomKind.PrivateChannel, label: '#vault', encrypted: !wanted };
                expect(decideChange(facts({ wanted, room, requester, policies: unusable }))).toEqual({ decision: 'refuse', reason: 'policy-unusable', why });
            }
        }
        // other kinds keep their policy
        expect(decideChange(facts({ policies: { ...optional, private_team: undefined } }))).toEqual({ decision: 'change' });
    });

    it('then E2E_Enable, before the room state', () => {
        expect(decideChange(facts({ workspaceE2E: false, room: { kind: RoomKind.PrivateChannel, label: '#vault', encrypted: true } }))).toEqual({
            decision: 'refuse',
            reason: 'workspace-e2e-off',
            why: text('toggle_workspace_off'),
        });
    });

    it('then a room already in the asked state', () => {
        expect(decideChange(facts({ room: { kind: RoomKind.PrivateChannel, label: '#vault', encrypted: true }, serviceConfigured: false }))).toEqual({
            decision: 'refuse',
            reason: 'already',
            why: text('toggle_already_enabled', { room: '#vault' }),
        });
        expect(decideChange(facts({ wanted: false }))).toEqual({ decision: 'refuse', reason: 'already', why: text('toggle_already_disabled', { room: '#vault' }) });
    });

    it('then the service account', () => {
        expect(decideChange(facts({ serviceConfigured: false, permissions: undefined }))).toEqual({
            decision: 'refuse',
            reason: 'not-configured',
            why: text('service_not_configured'),
        });
    });

    it("then Rocket.Chat's authorization, naming the missing permissions", () => {
        expect(decideChange(facts({ permissions: { table, roomRoles: ['moderator'] } }))).toEqual({
            decision: 'refuse',
            reason: 'not-allowed',
            why: text('toggle_not_allowed', { room: '#vault', permissions: 'toggle-room-e2e-encryption' }),
        });
        expect(decideChange(facts())).toEqual({ decision: 'change' });
    });
});

describe('decideChange asks for each costly fact only when it gets that far', () => {
    const known = (extra: Partial<ChangeFacts> = {}) =>
        facts({ workspaceE2E: undefined, serviceConfigured: undefined, isMember: undefined, permissions: undefined, ...extra });

    it('in order: E2E_Enable, the service account, membership, the permission table', () => {
        expect(decideChange(known())).toEqual({ need: 'workspaceE2E' });
        expect(decideChange(known({ workspaceE2E: true }))).toEqual({ need: 'serviceConfigured' });
        expect(decideChange(known({ workspaceE2E: true, serviceConfigured: true }))).toEqual({ need: 'isMember' });
        expect(decideChange(known({ workspaceE2E: true, serviceConfigured: true, isMember: false }))).toEqual({ need: 'permissions' });
    });

    it('not at all for what it can refuse without them', () => {
        expect(decideChange(known({ room: { kind: RoomKind.Livechat, label: '#l', encrypted: false } }))).toMatchObject({ decision: 'refuse' });
        expect(decideChange(known({ workspaceE2E: true, room: { kind: RoomKind.PrivateChannel, label: '#vault', encrypted: true } }))).toMatchObject({
            reason: 'already',
        });
    });

    it('not for the permission table when a member of a direct message asks', () => {
        const dm = known({ room: { kind: RoomKind.Direct, label: 'dm', encrypted: false }, workspaceE2E: true, serviceConfigured: true, isMember: true });
        expect(decideChange(dm)).toEqual({ decision: 'change' });
    });
});

describe('decideChange for a change the policy makes', () => {
    const policyChange = (extra: Partial<ChangeFacts> = {}) =>
        facts({ requester: { kind: 'policy' }, policies: { ...optional, private_channel: Policy.Required }, isMember: undefined, permissions: undefined, ...extra });

    it('authorizes nobody and records the policy as its reason', () => {
        expect(decideChange(policyChange())).toEqual({ decision: 'change', reason: 'policy-required' });
    });

    it('fails, rather than refuses, without a service account', () => {
        expect(decideChange(policyChange({ serviceConfigured: false }))).toEqual({ decision: 'fail', reason: 'not-configured', why: text('service_not_configured') });
    });

    it('is still refused while the workspace has E2EE off', () => {
        expect(decideChange(policyChange({ workspaceE2E: false }))).toMatchObject({ decision: 'refuse', reason: 'workspace-e2e-off' });
    });

    it('applies the same rules to a revert under disabled', () => {
        const revert = policyChange({ wanted: false, room: { kind: RoomKind.PrivateChannel, label: '#vault', encrypted: true }, policies: { ...optional, private_channel: Policy.Disabled } });
        expect(decideChange(revert)).toEqual({ decision: 'change', reason: 'policy-disabled' });
    });
});
