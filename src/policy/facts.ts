/**
 * What a decision answers when it needs one more fact first. Facts that cost a call (a bridge
 * read, a REST request) are looked up only when the decision gets that far, so a request refused
 * early costs no call; the order of the checks stays in the pure decision.
 */
export interface Need<F extends string> {
    readonly need: F;
}

export function need<F extends string>(fact: F): Need<F> {
    return { need: fact };
}

export function isNeed<F extends string, D>(value: D | Need<F>): value is Need<F> {
    return typeof value === 'object' && value !== null && 'need' in value;
}
