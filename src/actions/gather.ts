import type { ApiFailure, ApiResult } from '../api/responses';
import type { Need } from '../policy/facts';
import { isNeed } from '../policy/facts';

/** How to look up each fact a decision may ask for; a lookup that fails stops the decision. */
export type FactSources<F, K extends keyof F> = { readonly [P in K]: (facts: F) => Promise<ApiResult<Exclude<F[P], undefined>>> };

export type Gathered<D, K> = { readonly ok: true; readonly decision: D } | { readonly ok: false; readonly fact: K; readonly failure: ApiFailure };

/**
 * Asks a pure decision with the facts known so far; when it needs one more, looks that one up
 * and asks again, until it decides. Each fact is looked up at most once.
 */
export async function decideWithFacts<F extends object, K extends keyof F & string, D>(
    decide: (facts: F) => D | Need<K>,
    known: F,
    sources: FactSources<F, K>,
): Promise<Gathered<D, K>> {
    let facts = known;
    const asked = new Set<K>();
    for (;;) {
        const decision = decide(facts);
        if (!isNeed(decision)) {
            return { ok: true, decision };
        }
        if (asked.has(decision.need)) {
            throw new Error(`a decision asked twice for the fact ${decision.need}`);
        }
        asked.add(decision.need);
        const found = await sources[decision.need](facts);
        if (!found.ok) {
            return { ok: false, fact: decision.need, failure: found.failure };
        }
        facts = { ...facts, [decision.need]: found.value };
    }
}

/** A fact whose lookup cannot fail. */
export function found<T>(value: T): ApiResult<T> {
    return { ok: true, value };
}
