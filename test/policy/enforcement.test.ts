import { describe, expect, it } from '@jest/globals';

import { translate } from '../../src/i18n/translate';
import type { PendingEnforcement } from '../../src/policy/enforcement';
import {
    checkEnforceSubmission,
    durationText,
    ENFORCE_TARGETS,
    EnforceTarget,
    estimateSeconds,
    isEnforceTarget,
    isPendingEnforcement,
    PENDING_ENFORCEMENT_TTL_MS,
    planEnforcement,
    stepStillEnforced,
    targetKinds,
} from '../../src/policy/enforcement';
import { Policy } from '../../src/policy/Policy';
import { RoomKind, SUPPORTED_KINDS } from '../../src/policy/RoomKind';

const policies = (over: Partial<Record<RoomKind, Policy>> = {}) =>
    ({ [RoomKind.Direct]: Policy.Optional, [RoomKind.PrivateChannel]: Policy.Optional, [RoomKind.PrivateTeam]: Policy.Optional, [RoomKind.Discussion]: Policy.Optional, ...over }) as never;

describe('targets', () => {
    it('are the public words of the command, one per supported kind, and all', () => {
        expect(ENFORCE_TARGETS).toEqual(['direct', 'private-channel', 'private-team', 'discussion', 'all']);
        expect(targetKinds(EnforceTarget.All)).toEqual(SUPPORTED_KINDS);
        expect(targetKinds(EnforceTarget.PrivateTeam)).toEqual([RoomKind.PrivateTeam]);
        expect(isEnforceTarget('private_channel')).toBe(false);
        expect(isEnforceTarget('constructor')).toBe(false);
    });
});

describe('planEnforcement', () => {
    it('keeps the kinds whose policy enforces a state, with that state, and names the others', () => {
        const plan = planEnforcement(EnforceTarget.All, policies({ [RoomKind.Direct]: Policy.Disabled, [RoomKind.PrivateChannel]: Policy.Required, [RoomKind.Discussion]: Policy.Default }));
        expect(plan.steps).toEqual([
            { kind: RoomKind.Direct, wanted: false },
            { kind: RoomKind.PrivateChannel, wanted: true },
        ]);
        expect(plan.unenforced).toEqual([
            { kind: RoomKind.PrivateTeam, policy: Policy.Optional },
            { kind: RoomKind.Discussion, policy: Policy.Default },
        ]);
        expect(planEnforcement(EnforceTarget.Discussion, policies()).steps).toEqual([]);
    });

    it('tells whether a step still holds after a policy change', () => {
        expect(stepStillEnforced({ kind: RoomKind.Direct, wanted: true }, policies({ [RoomKind.Direct]: Policy.Required }))).toBe(true);
        expect(stepStillEnforced({ kind: RoomKind.Direct, wanted: true }, policies({ [RoomKind.Direct]: Policy.Default }))).toBe(false);
        expect(stepStillEnforced({ kind: RoomKind.Direct, wanted: true }, policies({ [RoomKind.Direct]: Policy.Disabled }))).toBe(false);
    });
});

describe('estimates', () => {
    it('rounds up changes over the rate, and says it in the largest whole unit', () => {
        expect(estimateSeconds(0, 5)).toBe(0);
        expect(estimateSeconds(11, 5)).toBe(3);
        expect(estimateSeconds(100_000, 5)).toBe(20_000);
        expect(translate('en', durationText(3))).toBe('3 s');
        expect(translate('en', durationText(119))).toBe('119 s');
        expect(translate('en', durationText(121))).toBe('3 min');
        expect(translate('en', durationText(20_000))).toBe('6 h');
    });
});

describe('checkEnforceSubmission', () => {
    const pending: PendingEnforcement = {
        viewId: 'e2ee-enforce-1',
        adminId: 'chief',
        scope: EnforceTarget.PrivateChannel,
        steps: [{ kind: RoomKind.PrivateChannel, wanted: true }],
        expected: 12,
        expectedExact: true,
        rate: 5,
        roomId: 'ops',
        openedAt: 1000,
    };
    const now = 2000;
    const required = policies({ [RoomKind.PrivateChannel]: Policy.Required });

    it('accepts the owner’s recent dialog while the policy holds', () => {
        expect(checkEnforceSubmission({ pending, submitterId: 'chief', now, policies: required })).toBeUndefined();
    });

    it.each([
        ['unknown', { pending: undefined, submitterId: 'chief', now, policies: required }],
        ['not-owner', { pending, submitterId: 'deputy', now, policies: required }],
        ['expired', { pending, submitterId: 'chief', now: 1000 + PENDING_ENFORCEMENT_TTL_MS + 1, policies: required }],
        ['policy-changed', { pending, submitterId: 'chief', now, policies: policies() }],
    ] as const)('refuses: %s', (expected, input) => {
        expect(checkEnforceSubmission(input)).toBe(expected);
    });

    it('validates a stored dialog', () => {
        expect(isPendingEnforcement(pending)).toBe(true);
        expect(isPendingEnforcement({ ...pending, scope: 'everything' })).toBe(false);
        expect(isPendingEnforcement({ ...pending, steps: [{ kind: 'public_channel', wanted: true }] })).toBe(false);
        expect(isPendingEnforcement({ ...pending, expected: -1 })).toBe(false);
    });
});
