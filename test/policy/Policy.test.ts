import { describe, expect, it } from '@jest/globals';

import { isPolicy, Policy, policyAllows, policyEncryptsNewRooms, POLICIES } from '../../src/policy/Policy';

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

    it('recognises only the four values', () => {
        expect(POLICIES.every(isPolicy)).toBe(true);
        for (const value of ['', 'Required', 'on', null, undefined, 3, {}]) {
            expect(isPolicy(value)).toBe(false);
        }
    });
});
