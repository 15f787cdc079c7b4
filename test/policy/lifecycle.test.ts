import { describe, expect, it } from '@jest/globals';

import { text } from '../../src/i18n/translate';
import { decideCreate, decideRevert } from '../../src/policy/lifecycle';
import { Policy, POLICIES } from '../../src/policy/Policy';
import { RoomKind } from '../../src/policy/RoomKind';

const policies = (policy: Policy) => ({ direct: policy, private_channel: policy, private_team: policy, discussion: policy });

describe('decideCreate', () => {
    it('refuses an encrypted room of a kind Rocket.Chat cannot encrypt', () => {
        expect(decideCreate({ kind: RoomKind.PublicDiscussion, encrypted: true, policies: policies(Policy.Optional) })).toEqual({
            decision: 'refuse',
            reason: 'unsupported-kind',
            why: text('create_refused_unsupported', { kind: text('kind_public_discussion') }),
        });
    });

    it('refuses an encrypted room whose kind is disabled, and allows it under every other policy', () => {
        expect(decideCreate({ kind: RoomKind.Direct, encrypted: true, policies: policies(Policy.Disabled) })).toEqual({
            decision: 'refuse',
            reason: 'policy-disabled',
            why: text('create_refused_disabled', { kind: text('kind_direct') }),
        });
        for (const policy of [Policy.Optional, Policy.Default, Policy.Required]) {
            expect(decideCreate({ kind: RoomKind.Direct, encrypted: true, policies: policies(policy) })).toEqual({ decision: 'allow' });
        }
    });

    it('encrypts an unencrypted new room under default and required only', () => {
        expect(POLICIES.map((policy) => decideCreate({ kind: RoomKind.PrivateTeam, encrypted: false, policies: policies(policy) }).decision)).toEqual([
            'allow',
            'allow',
            'encrypt',
            'encrypt',
        ]);
        expect(decideCreate({ kind: RoomKind.PublicChannel, encrypted: false, policies: policies(Policy.Required) })).toEqual({ decision: 'allow' });
    });

    it('neither refuses nor encrypts while the kind’s policy setting is unusable', () => {
        const unusable = { ...policies(Policy.Required), private_team: undefined };
        expect(decideCreate({ kind: RoomKind.PrivateTeam, encrypted: false, policies: unusable })).toEqual({ decision: 'allow' });
        expect(decideCreate({ kind: RoomKind.PrivateTeam, encrypted: true, policies: { ...policies(Policy.Disabled), private_team: undefined } })).toEqual({ decision: 'allow' });
        expect(decideRevert({ kind: RoomKind.PrivateTeam, policies: unusable, switchedTo: false, encrypted: false })).toEqual({ decision: 'keep' });
    });

    it('leaves a federated room as Rocket.Chat makes it, encrypted or not, whatever the policies', () => {
        for (const policy of POLICIES) {
            for (const encrypted of [true, false]) {
                expect(decideCreate({ kind: RoomKind.Federated, encrypted, policies: policies(policy) })).toEqual({ decision: 'allow' });
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
