import { describe, expect, it } from '@jest/globals';

import { CLAIM_GRACE_MS, claimPauseMs, decideClaim, isClaim } from '../../src/policy/claim';

describe('decideClaim', () => {
    const now = 100_000;
    it('wins alone', () => {
        expect(decideClaim({ mine: 'a', claims: [{ token: 'a', at: now }], runActive: false, now })).toBe('won');
    });

    it('is busy while a run is going, whatever the claims', () => {
        expect(decideClaim({ mine: 'a', claims: [{ token: 'a', at: now }], runActive: true, now })).toBe('busy');
    });

    it('backs off when someone else claimed too, whoever wrote first (clocks play no part)', () => {
        const earlier = { token: 'b', at: now - 10 };
        const later = { token: 'b', at: now + 10 };
        expect(decideClaim({ mine: 'a', claims: [{ token: 'a', at: now }, earlier], runActive: false, now })).toBe('contended');
        expect(decideClaim({ mine: 'a', claims: [{ token: 'a', at: now }, later], runActive: false, now })).toBe('contended');
        // and so does the other one: neither wins when both saw both
        expect(decideClaim({ mine: 'b', claims: [{ token: 'a', at: now }, later], runActive: false, now })).toBe('contended');
    });

    it('ignores a claim left behind by a starter that died', () => {
        expect(decideClaim({ mine: 'a', claims: [{ token: 'a', at: now }, { token: 'b', at: now - CLAIM_GRACE_MS }], runActive: false, now })).toBe('won');
    });

    it('pauses a random 50 to 300 ms between attempts', () => {
        expect(claimPauseMs(0)).toBe(50);
        expect(claimPauseMs(0.999)).toBeLessThan(300);
        expect(isClaim({ token: 't', at: 1 })).toBe(true);
        expect(isClaim({ token: 't' })).toBe(false);
    });
});
