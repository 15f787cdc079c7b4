import { describe, expect, it } from '@jest/globals';

import { decideWithFacts, found } from '../../src/actions/gather';
import type { Need } from '../../src/policy/facts';
import { need } from '../../src/policy/facts';

interface Facts {
    readonly a?: number;
    readonly b?: number;
}

/** Needs `a`; needs `b` only when `a` is positive; then adds them. */
function sum(facts: Facts): number | Need<'a' | 'b'> {
    if (facts.a === undefined) {
        return need('a');
    }
    if (facts.a <= 0) {
        return facts.a;
    }
    return facts.b === undefined ? need('b') : facts.a + facts.b;
}

const nothing: Facts = {};
const zero: Facts = { a: 0 };

describe('decideWithFacts', () => {
    it('looks up only the facts the decision asks for, in its order', async () => {
        const looked: Array<string> = [];
        const sources = {
            a: async () => (looked.push('a'), found(2)),
            b: async (facts: Facts) => (looked.push(`b after a=${facts.a}`), found(3)),
        };
        expect(await decideWithFacts(sum, nothing, sources)).toEqual({ ok: true, decision: 5 });
        expect(looked).toEqual(['a', 'b after a=2']);
    });

    it('stops at a decision that needs no more', async () => {
        const looked: Array<string> = [];
        const sources = { a: async () => (looked.push('a'), found(-1)), b: async () => (looked.push('b'), found(3)) };
        expect(await decideWithFacts(sum, nothing, sources)).toEqual({ ok: true, decision: -1 });
        expect(await decideWithFacts(sum, zero, sources)).toEqual({ ok: true, decision: 0 });
        expect(looked).toEqual(['a']);
    });

    it('stops at a lookup that fails, saying which', async () => {
        const sources = { a: async () => found(1), b: async () => ({ ok: false as const, failure: { kind: 'timeout' as const } }) };
        expect(await decideWithFacts(sum, nothing, sources)).toEqual({ ok: false, fact: 'b', failure: { kind: 'timeout' } });
    });

    it('refuses to loop on a lookup that does not settle the fact', async () => {
        const sources = { a: async () => found(undefined as unknown as number), b: async () => found(1) };
        await expect(decideWithFacts(sum, nothing, sources)).rejects.toThrow('asked twice');
    });
});
