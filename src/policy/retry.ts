import type { Policies } from './Policy';
import { enforcedState, policyEncryptsNewRooms } from './Policy';
import type { RoomKind } from './RoomKind';
import { isSupportedKind } from './RoomKind';

/**
 * An automatic enable or a revert that failed, kept until it is done, the policy no longer
 * asks for it, or the room is gone. Identifiers and counts only.
 */
export interface RetryEntry {
    readonly v: 1;
    readonly roomId: string;
    readonly wanted: boolean;
    readonly action: RetryAction;
    readonly firstFailedAt: number;
    readonly attempts: number;
    readonly lastAttemptAt: number;
    /** Whom the audit record names (the room's creator, who made the change being undone), if anyone. */
    readonly actorId?: string;
}

export type RetryAction = 'auto-enable' | 'revert';

export type RetryDecision = 'retry' | 'drop-gone' | 'drop-done' | 'drop-policy';

/** The room as it is now, if it still exists. */
export interface RetryRoom {
    readonly kind: RoomKind;
    readonly encrypted: boolean;
    /** The app's own direct message, which the policy leaves alone. */
    readonly exempt: boolean;
}

export function retryDecision(entry: RetryEntry, room: RetryRoom | undefined, policies: Policies): RetryDecision {
    if (!room) {
        return 'drop-gone';
    }
    if (room.encrypted === entry.wanted) {
        return 'drop-done';
    }
    if (room.exempt || !isSupportedKind(room.kind)) {
        return 'drop-policy';
    }
    const policy = policies[room.kind];
    const stillAsked = entry.action === 'auto-enable' ? entry.wanted && policyEncryptsNewRooms(policy) : enforcedState(policy) === entry.wanted;
    return stillAsked ? 'retry' : 'drop-policy';
}

/** One more failed attempt. */
export function failedAgain(entry: RetryEntry, now: number): RetryEntry {
    return { ...entry, attempts: entry.attempts + 1, lastAttemptAt: now };
}

export function isRetryEntry(value: unknown): value is RetryEntry {
    const entry = value as RetryEntry;
    return (
        typeof value === 'object' &&
        value !== null &&
        entry.v === 1 &&
        typeof entry.roomId === 'string' &&
        typeof entry.wanted === 'boolean' &&
        (entry.action === 'auto-enable' || entry.action === 'revert') &&
        [entry.firstFailedAt, entry.attempts, entry.lastAttemptAt].every((n) => Number.isInteger(n) && n >= 0)
    );
}
