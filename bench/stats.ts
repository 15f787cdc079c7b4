// Order statistics over per-operation timings (milliseconds).

export interface Summary {
    count: number;
    medianMs: number;
    p99Ms: number;
    meanMs: number;
}

export function sorted(values: ReadonlyArray<number>): number[] {
    return [...values].sort((a, b) => a - b);
}

/** The median (mean of the two middle values for an even count). */
export function median(values: ReadonlyArray<number>): number {
    if (values.length === 0) {
        return NaN;
    }
    const s = sorted(values);
    const mid = s.length >> 1;
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: ReadonlyArray<number>, p: number): number {
    if (values.length === 0) {
        return NaN;
    }
    const s = sorted(values);
    const rank = Math.ceil((p / 100) * s.length);
    return s[Math.min(s.length, Math.max(1, rank)) - 1];
}

export function summarize(values: ReadonlyArray<number>): Summary {
    const mean = values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
    return { count: values.length, medianMs: median(values), p99Ms: percentile(values, 99), meanMs: mean };
}

/** Milliseconds since `start` (from process.hrtime.bigint()). */
export function since(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e6;
}
