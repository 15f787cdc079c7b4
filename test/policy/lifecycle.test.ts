import { describe, expect, it } from '@jest/globals';

import { text } from '../../src/i18n/translate';
import type { CreateFacts } from '../../src/policy/lifecycle';
import { decideCreate, decideRevert } from '../../src/policy/lifecycle';
import { Policy, POLICIES } from '../../src/policy/Policy';
import { RoomKind } from '../../src/policy/RoomKind';

const policies = (policy: Policy) => ({ direct: policy, private_channel: policy, private_team: policy, discussion: policy });
const create = (facts: Omit<CreateFacts, 'label'>) => decideCreate({ label: '#room', ...facts });

describe('decideCreate', () => {
    it('refuses an encrypted room of a kind Rocket.Chat cannot encrypt', () => {
        expect(create({ kind: RoomKind.PublicDiscussion, encrypted: true, policies: policies(Policy.Optional) })).toEqual({
            decision: 'refuse',
            reason: 'unsupported-kind',
            why: text('create_refused_unsupported', { kind: text('kind_public_discussion') }),
        });
    });

    it('creates an encrypted room whose kind is disabled unencrypted, and allows it under every other policy', () => {
        // whether Rocket.Chat forces encryption on it is a server setting: asked for only here
        expect(create({ kind: RoomKind.Direct, encrypted: true, policies: policies(Policy.Disabled) })).toEqual({ need: 'forced' });
        expect(create({ kind: RoomKind.Direct, encrypted: true, policies: policies(Policy.Disabled), forced: false })).toEqual({
            decision: 'clear',
            reason: 'policy-disabled',
            why: text('create_unencrypted_disabled', { kind: text('kind_direct'), room: '#room' }),
        });
        for (const policy of [Policy.Optional, Policy.Default, Policy.Required]) {
            expect(create({ kind: RoomKind.Direct, encrypted: true, policies: policies(policy) })).toEqual({ decision: 'allow' });
        }
    });

    it('yields to Rocket.Chat when it requires encryption (E2E_Force_Encryption_For_Private_Rooms)', () => {
        expect(create({ kind: RoomKind.PrivateChannel, encrypted: true, policies: policies(Policy.Disabled), forced: true })).toEqual({ decision: 'allow' });
    });

    it('encrypts an unencrypted new room under default and required only', () => {
        expect(POLICIES.map((policy) => (create({ kind: RoomKind.PrivateTeam, encrypted: false, policies: policies(policy) }) as { decision: string }).decision)).toEqual([
            'allow',
            'allow',
            'encrypt',
            'encrypt',
        ]);
        expect(create({ kind: RoomKind.PublicChannel, encrypted: false, policies: policies(Policy.Required) })).toEqual({ decision: 'allow' });
    });

    it('neither refuses nor encrypts while the kind’s policy setting is unusable', () => {
        const unusable = { ...policies(Policy.Required), private_team: undefined };
        expect(create({ kind: RoomKind.PrivateTeam, encrypted: false, policies: unusable })).toEqual({ decision: 'allow' });
        expect(create({ kind: RoomKind.PrivateTeam, encrypted: true, policies: { ...policies(Policy.Disabled), private_team: undefined } })).toEqual({ decision: 'allow' });
        expect(decideRevert({ kind: RoomKind.PrivateTeam, policies: unusable, switchedTo: false, encrypted: false })).toEqual({ decision: 'keep' });
    });

    it('leaves a federated room as Rocket.Chat makes it, encrypted or not, whatever the policies', () => {
        for (const policy of POLICIES) {
            for (const encrypted of [true, false]) {
                expect(create({ kind: RoomKind.Federated, encrypted, policies: policies(policy) })).toEqual({ decision: 'allow' });
            }
        }
    });
});

describe('decideRevert', () => {
    const revert = (policy: Policy, switchedTo: boolean, encrypted = switchedTo, kind = RoomKind.PrivateChannel) =>
        decideRevert({ kind, policies: policies(policy), switchedTo, encrypted });

    it('undoes a change away from the state the policy enforces', () => {
        expect(revert(Policy.Required, false)).toEqual({ decision: 'revert', wanted: true, policy: Policy.Required });
        expect(revert(Policy.Disabled, true)).toEqual({ decision: 'revert', wanted: false, policy: Policy.Disabled });
    });

    it('keeps a change towards it (the app’s own revert), any change under optional or default, and unsupported rooms', () => {
        expect(revert(Policy.Required, true)).toEqual({ decision: 'keep' });
        expect(revert(Policy.Disabled, false)).toEqual({ decision: 'keep' });
        expect(revert(Policy.Optional, false)).toEqual({ decision: 'keep' });
        expect(revert(Policy.Default, false)).toEqual({ decision: 'keep' });
        expect(revert(Policy.Required, false, false, RoomKind.PublicChannel)).toEqual({ decision: 'keep' });
        expect(revert(Policy.Required, false, false, RoomKind.Federated)).toEqual({ decision: 'keep' });
        expect(revert(Policy.Disabled, true, true, RoomKind.Federated)).toEqual({ decision: 'keep' });
    });

    it('keeps a room that already is in the enforced state again', () => {
        expect(revert(Policy.Required, false, true)).toEqual({ decision: 'keep' });
    });
});
