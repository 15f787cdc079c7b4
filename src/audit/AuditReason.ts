import type { ApiFailure, ErrorCode, FailureKind } from '../api/responses';
import type { ResetRefusal, SubmitRefusal } from '../policy/keyReset';
import type { Refusal as MessageRefusal } from '../policy/messageGuard';
import type { PolicyReason, RefusalReason } from '../policy/reasons';
import type { StopReason } from '../policy/runState';

/** The role-permission table could not be read, and why. */
export type PermissionsUnavailable = `permissions-${FailureKind}`;

/** A call to the workspace failed: Rocket.Chat's error code when it sent a safe one, else the kind of failure. */
export type FailureReason = ErrorCode | FailureKind;

/**
 * Every reason an audit record can give, in one vocabulary. Stored values: a value never
 * changes once records carry it (`/e2e audit` shows them as they are).
 */
export type AuditReason =
    /** Refusals of room changes and requests, and the policy a change followed. */
    | RefusalReason
    | PolicyReason
    /** A message or edit the guard refused. */
    | MessageRefusal
    /** A key reset refused for its target, or a confirmation dialog answered wrongly. */
    | ResetRefusal
    | Exclude<SubmitRefusal, SubmitRefusal.Unknown>
    | PermissionsUnavailable
    | FailureReason
    /** Why a background run ended early. */
    | StopReason;

export function permissionsUnavailable(failure: ApiFailure): PermissionsUnavailable {
    return `permissions-${failure.kind}`;
}

export function failureReason(failure: ApiFailure): FailureReason {
    return failure.errorType ?? failure.kind;
}
