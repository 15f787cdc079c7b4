// A small t-wise covering-array generator: for strength 2 (all-pairs), every value of every factor meets
// every value of every other factor in at least one case; for strength 3, every combination of values of
// any three factors appears. Far fewer cases than the full cross product. Greedy (AETG-style) with a seeded
// generator, so the same factors always give the same cases.

export type Factors = Readonly<Record<string, ReadonlyArray<string | number | boolean>>>;
export type Case<F extends Factors> = { [K in keyof F]: F[K][number] };

/** Pairs no case may contain: (factor, value) × (factor, value). */
export type Exclusion = (a: readonly [string, unknown], b: readonly [string, unknown]) => boolean;

/** mulberry32: a tiny deterministic PRNG. */
export function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Index combinations of `size` out of `n`, in order. */
function combinations(n: number, size: number): Array<Array<number>> {
    const out: Array<Array<number>> = [];
    const walk = (start: number, picked: Array<number>) => {
        if (picked.length === size) {
            out.push([...picked]);
            return;
        }
        for (let i = start; i < n; i++) {
            walk(i + 1, [...picked, i]);
        }
    };
    walk(0, []);
    return out;
}

/** A tuple's key: factor=value parts in factor order. */
const tupleKey = (parts: ReadonlyArray<readonly [string, unknown]>) => parts.map(([f, v]) => `${f}=${String(v)}`).join('|');

function allowed(parts: ReadonlyArray<readonly [string, unknown]>, excluded: Exclusion): boolean {
    for (let i = 0; i < parts.length; i++) {
        for (let j = i + 1; j < parts.length; j++) {
            if (excluded(parts[i], parts[j])) {
                return false;
            }
        }
    }
    return true;
}

/** Every t-tuple the cases must cover (those without an excluded pair). */
export function requiredTuples(factors: Factors, strength: number, excluded: Exclusion = () => false): Set<string> {
    const names = Object.keys(factors);
    const tuples = new Set<string>();
    for (const combo of combinations(names.length, strength)) {
        const expand = (k: number, parts: Array<readonly [string, unknown]>) => {
            if (k === combo.length) {
                if (allowed(parts, excluded)) {
                    tuples.add(tupleKey(parts));
                }
                return;
            }
            const name = names[combo[k]];
            for (const value of factors[name]) {
                expand(k + 1, [...parts, [name, value]]);
            }
        };
        expand(0, []);
    }
    return tuples;
}

function tuplesOf(names: ReadonlyArray<string>, assignment: Record<string, unknown>, strength: number): Array<string> {
    return combinations(names.length, strength).map((combo) => tupleKey(combo.map((i) => [names[i], assignment[names[i]]] as const)));
}

/** The required t-tuples no case covers (empty when the cases have that strength). */
export function uncoveredTuples<F extends Factors>(factors: F, cases: ReadonlyArray<Case<F>>, strength: number, excluded: Exclusion = () => false): Array<string> {
    const tuples = requiredTuples(factors, strength, excluded);
    const names = Object.keys(factors);
    for (const c of cases) {
        for (const key of tuplesOf(names, c as Record<string, unknown>, strength)) {
            tuples.delete(key);
        }
    }
    return [...tuples];
}

export function coveringArray<F extends Factors>(
    factors: F,
    options: { strength?: number; seed?: number; candidates?: number; excluded?: Exclusion } = {},
): Array<Case<F>> {
    const strength = options.strength ?? 2;
    const random = prng(options.seed ?? 1);
    const excluded = options.excluded ?? (() => false);
    const names = Object.keys(factors);
    const order = new Map(names.map((n, i) => [n, i]));
    const uncovered = requiredTuples(factors, strength, excluded);
    const cases: Array<Case<F>> = [];
    const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(random() * list.length)];
    const shuffle = <T>(list: ReadonlyArray<T>): Array<T> =>
        list
            .map((v) => [random(), v] as const)
            .sort((a, b) => a[0] - b[0])
            .map(([, v]) => v);
    const partsOf = (assignment: Record<string, unknown>, extra: readonly [string, unknown]) =>
        [...Object.entries(assignment), extra].sort((a, b) => (order.get(a[0]) as number) - (order.get(b[0]) as number));
    /** Newly covered tuples if `name=value` joins `assignment`: tuples of `value` with strength-1 assigned factors. */
    const gainOf = (assignment: Record<string, unknown>, name: string, value: unknown) => {
        const assigned = Object.keys(assignment);
        let gain = 0;
        for (const combo of combinations(assigned.length, strength - 1)) {
            const parts = combo.map((i) => [assigned[i], assignment[assigned[i]]] as const);
            const sorted = partsOf(Object.fromEntries(parts), [name, value]);
            if (uncovered.has(tupleKey(sorted))) {
                gain++;
            }
        }
        return gain;
    };

    while (uncovered.size > 0) {
        const seeds = [...uncovered];
        let best: { assignment: Record<string, unknown>; gain: number } | undefined;
        for (let attempt = 0; attempt < (options.candidates ?? 20); attempt++) {
            // Start from one uncovered tuple, then fill the other factors greedily in a random order.
            const assignment: Record<string, unknown> = {};
            for (const part of pick(seeds).split('|')) {
                const [name, value] = part.split('=');
                assignment[name] = factors[name].find((v) => String(v) === value);
            }
            for (const name of shuffle(names.filter((n) => !(n in assignment)))) {
                let bestValue: unknown;
                let bestGain = -1;
                for (const value of shuffle(factors[name])) {
                    if (Object.entries(assignment).some(([n, v]) => excluded([name, value], [n, v]))) {
                        continue;
                    }
                    const gain = gainOf(assignment, name, value);
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestValue = value;
                    }
                }
                if (bestGain < 0) {
                    throw new Error(`covering array: no allowed value for ${name}`);
                }
                assignment[name] = bestValue;
            }
            const gain = tuplesOf(names, assignment, strength).filter((key) => uncovered.has(key)).length;
            if (!best || gain > best.gain) {
                best = { assignment, gain };
            }
        }
        if (!best || best.gain === 0) {
            throw new Error('covering array: no progress');
        }
        for (const key of tuplesOf(names, best.assignment, strength)) {
            uncovered.delete(key);
        }
        cases.push(best.assignment as Case<F>);
    }
    return cases;
}
