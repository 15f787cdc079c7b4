import type { SupportedKind } from './RoomKind';

/** What an administrator allows for one supported room kind. */
export enum Policy {
    /** Encryption may not be turned on. */
    Disabled = 'disabled',
    /** Members who may toggle, toggle. */
    Optional = 'optional',
    /** New rooms are encrypted right after creation; members may still turn it off. */
    Default = 'default',
    /** As Default, and encryption cannot be turned off. */
    Required = 'required',
}

export const POLICIES: ReadonlyArray<Policy> = [Policy.Disabled, Policy.Optional, Policy.Default, Policy.Required];

/**
 * The policy of each supported kind. `undefined`: the setting holds a value that is none of the four (set through
 * the API); nothing falls back to a guess, and whatever depends on that kind's policy is refused or left alone.
 */
export type Policies = Readonly<Record<SupportedKind, Policy | undefined>>;

export function isPolicy(value: unknown): value is Policy {
    return typeof value === 'string' && (POLICIES as ReadonlyArray<string>).includes(value);
}

/** Whether encryption may be switched to `encrypted` under `policy`. */
export function policyAllows(policy: Policy, encrypted: boolean): boolean {
    return encrypted ? policy !== Policy.Disabled : policy !== Policy.Required;
}

/** Whether a new room of a kind under `policy` gets encryption turned on after creation (an unusable policy: no). */
export function policyEncryptsNewRooms(policy: Policy | undefined): boolean {
    return policy === Policy.Default || policy === Policy.Required;
}

/**
 * The encryption state a policy enforces on existing rooms: on under `required`, off under `disabled`, none otherwise
 * (an unusable policy enforces nothing: the app changes no room on a guess).
 */
export function enforcedState(policy: Policy | undefined): boolean | undefined {
    return policy === Policy.Required ? true : policy === Policy.Disabled ? false : undefined;
}
