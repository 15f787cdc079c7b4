import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import type { Policies, Policy } from './Policy';
import { enforcedState } from './Policy';
import type { SupportedKind } from './RoomKind';
import { RoomKind, SUPPORTED_KINDS } from './RoomKind';

/** What `/e2e enforce` is asked to bring in line: one kind of room, or all of them. Public words: scripts type them. */
export enum EnforceTarget {
    Direct = 'direct',
    PrivateChannel = 'private-channel',
    PrivateTeam = 'private-team',
    Discussion = 'discussion',
    All = 'all',
}

export const ENFORCE_TARGETS: ReadonlyArray<EnforceTarget> = Object.values(EnforceTarget);

const TARGET_KINDS: Readonly<Record<EnforceTarget, ReadonlyArray<SupportedKind>>> = {
    [EnforceTarget.Direct]: [RoomKind.Direct],
    [EnforceTarget.PrivateChannel]: [RoomKind.PrivateChannel],
    [EnforceTarget.PrivateTeam]: [RoomKind.PrivateTeam],
    [EnforceTarget.Discussion]: [RoomKind.Discussion],
    [EnforceTarget.All]: SUPPORTED_KINDS,
};

export function isEnforceTarget(value: unknown): value is EnforceTarget {
    return typeof value === 'string' && (ENFORCE_TARGETS as ReadonlyArray<string>).includes(value);
}

export function targetKinds(target: EnforceTarget): ReadonlyArray<SupportedKind> {
    return TARGET_KINDS[target];
}

/** One kind to bring in line, and the state its policy enforces. */
export interface EnforcementStep {
    readonly kind: SupportedKind;
    readonly wanted: boolean;
}

export interface EnforcementPlan {
    readonly steps: ReadonlyArray<EnforcementStep>;
    /** Kinds of the target whose policy (`optional`, `default`, or an unusable value) leaves existing rooms as they are. */
    readonly unenforced: ReadonlyArray<{ readonly kind: SupportedKind; readonly policy: Policy | undefined }>;
}

/** The kinds of `target` whose policy enforces a state (`required`: on, `disabled`: off), in a fixed order. */
export function planEnforcement(target: EnforceTarget, policies: Policies): EnforcementPlan {
    const steps: Array<EnforcementStep> = [];
    const unenforced: Array<{ kind: SupportedKind; policy: Policy | undefined }> = [];
    for (const kind of targetKinds(target)) {
        const wanted = enforcedState(policies[kind]);
        if (wanted === undefined) {
            unenforced.push({ kind, policy: policies[kind] });
        } else {
            steps.push({ kind, wanted });
        }
    }
    return { steps, unenforced };
}

/** Whether a step still is what its kind's policy enforces (an administrator may change the policy during a run). */
export function stepStillEnforced(step: EnforcementStep, policies: Policies): boolean {
    return enforcedState(policies[step.kind]) === step.wanted;
}

/** Seconds `changes` take at `rate` changes a second, rounded up: a slice may start a little late, never early. */
export function estimateSeconds(changes: number, rate: number): number {
    return changes <= 0 ? 0 : Math.ceil(changes / Math.max(1, rate));
}

/** A duration in the largest whole unit that is at least 1 (seconds, minutes, hours), rounded up. */
export function durationText(seconds: number): Text {
    if (seconds < 120) {
        return text('duration_seconds', { n: Math.max(0, Math.ceil(seconds)) });
    }
    if (seconds < 2 * 3600) {
        return text('duration_minutes', { n: Math.ceil(seconds / 60) });
    }
    return text('duration_hours', { n: Math.ceil(seconds / 3600) });
}

/** A confirmation dialog `/e2e enforce` opened and nobody answered yet. */
export interface PendingEnforcement {
    readonly viewId: string;
    readonly adminId: string;
    readonly scope: EnforceTarget;
    readonly steps: ReadonlyArray<EnforcementStep>;
    /** Rooms the dialog said would be switched (a lower bound when not exact). */
    readonly expected: number;
    readonly expectedExact: boolean;
    readonly rate: number;
    readonly roomId: string;
    readonly openedAt: number;
}

/** A dialog's numbers go stale: after this it must be opened again. */
export const PENDING_ENFORCEMENT_TTL_MS = 10 * 60 * 1000;

export type EnforceSubmitRefusal = 'unknown' | 'not-owner' | 'expired' | 'policy-changed';

/**
 * Whether a submitted dialog may start the run: it exists, it is the submitter's own, it is
 * recent, and every kind it shows still has the policy it showed.
 */
export function checkEnforceSubmission(o: {
    pending: PendingEnforcement | undefined;
    submitterId: string;
    now: number;
    policies: Policies;
}): EnforceSubmitRefusal | undefined {
    const { pending } = o;
    if (!pending) {
        return 'unknown';
    }
    if (pending.adminId !== o.submitterId) {
        return 'not-owner';
    }
    if (o.now - pending.openedAt > PENDING_ENFORCEMENT_TTL_MS) {
        return 'expired';
    }
    if (!pending.steps.every((step) => stepStillEnforced(step, o.policies))) {
        return 'policy-changed';
    }
    return undefined;
}

export function isPendingEnforcement(value: unknown): value is PendingEnforcement {
    const pending = value as PendingEnforcement;
    return (
        typeof value === 'object' &&
        value !== null &&
        typeof pending.viewId === 'string' &&
        typeof pending.adminId === 'string' &&
        typeof pending.roomId === 'string' &&
        isEnforceTarget(pending.scope) &&
        Array.isArray(pending.steps) &&
        pending.steps.every((step) => typeof step === 'object' && step !== null && SUPPORTED_KINDS.includes(step.kind) && typeof step.wanted === 'boolean') &&
        [pending.expected, pending.rate, pending.openedAt].every((n) => Number.isInteger(n) && n >= 0) &&
        typeof pending.expectedExact === 'boolean'
    );
}
