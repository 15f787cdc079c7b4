/**
 * Starting a run once for the whole workspace, across server instances and interleaved
 * requests, with nothing but create, read and remove on shared persistence. A starter writes
 * its claim, then reads every claim: it may start only if no run is going and its claim is the
 * only fresh one. Two starters that both read see each other and both back off (each retries
 * after a random pause); one that read alone wrote its claim before the other read, so the
 * other sees it. Clocks play no part in who wins, so skew between instances cannot make two
 * winners. The winner writes the run's state, which is the lock from then on, and only then
 * removes its claim.
 */
export interface Claim {
    readonly token: string;
    readonly at: number;
}

/** How long a claim counts without a run behind it: longer than writing a run's first state takes. */
export const CLAIM_GRACE_MS = 30_000;

export type ClaimDecision =
    /** Start the run. */
    | 'won'
    /** A run is going: say so. */
    | 'busy'
    /** Someone else is starting one right now: withdraw, wait a moment, look again. */
    | 'contended';

export function decideClaim(o: { mine: string; claims: ReadonlyArray<Claim>; runActive: boolean; now: number }): ClaimDecision {
    if (o.runActive) {
        return 'busy';
    }
    const rivals = o.claims.filter((claim) => claim.token !== o.mine && o.now - claim.at < CLAIM_GRACE_MS);
    return rivals.length === 0 ? 'won' : 'contended';
}

export function isClaim(value: unknown): value is Claim {
    return typeof value === 'object' && value !== null && typeof (value as Claim).token === 'string' && Number.isFinite((value as Claim).at);
}

/** Attempts before telling the person to try again, and the random pause between them. */
export const CLAIM_ATTEMPTS = 5;

export function claimPauseMs(random: number): number {
    return 50 + Math.floor(random * 250);
}
