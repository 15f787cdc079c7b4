import { describe, expect, it } from '@jest/globals';

import { enforcedState, isPolicy, Policy, policyAllows, policyEncryptsNewRooms, POLICIES } from '../../src/policy/Policy';

describe('Policy', () => {
    it('allows turning encryption on except when disabled, and off except when required', () => {
        expect(POLICIES.map((policy) => [policy, policyAllows(policy, true), policyAllows(policy, false)])).toEqual([
            [Policy.Disabled, false, true],
            [Policy.Optional, true, true],
            [Policy.Default, true, true],
            [Policy.Required, true, false],
        ]);
    });

    it('encrypts new rooms under default and required only', () => {
        expect(POLICIES.filter(policyEncryptsNewRooms)).toEqual([Policy.Default, Policy.Required]);
    });

    it('enforces on existing rooms only required (on) and disabled (off)', () => {
        expect(POLICIES.map(enforcedState)).toEqual([false, undefined, undefined, true]);
    });

    it('recognises only the four values', () => {
        expect(POLICIES.every(isPolicy)).toBe(true);
        for (const value of ['', 'Required', 'on', null, undefined, 3, {}]) {
            expect(isPolicy(value)).toBe(false);
        }
    });
});
