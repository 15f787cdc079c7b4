import type { AuditEntry, AuditRecord } from './AuditRecord';
import { AuditAction } from './AuditRecord';

/**
 * Refused messages and edits are counted, not written one by one: a member sending five refused messages a second
 * would otherwise write over 400,000 records a day. There is one record per sender, room, action, reason and time
 * window, with a count (see AuditStore for when it is written). The windows are 5 minutes long and start on the
 * clock (a day holds exactly 288 of them), so one refusing sender in one room writes at most 2 × 288 records a day
 * per server instance, and a window never spans two days.
 */
export const REFUSAL_WINDOW_MS = 5 * 60 * 1000;

const AGGREGATED: ReadonlySet<AuditAction> = new Set([AuditAction.MessageRefused, AuditAction.EditRefused]);

export function isAggregated(action: AuditAction): boolean {
    return AGGREGATED.has(action);
}

/** The start of the window `at` falls in. */
export function windowStart(at: Date, windowMs = REFUSAL_WINDOW_MS): Date {
    return new Date(Math.floor(at.getTime() / windowMs) * windowMs);
}

/** What records of one window count together: the action, outcome, reason, sender, room and window. */
export function aggregationKey(entry: Pick<AuditRecord, 'action' | 'outcome' | 'reason' | 'actorId' | 'roomId'> & { readonly window?: string }, window: string | undefined = entry.window): string {
    return JSON.stringify([entry.action, entry.outcome, entry.reason ?? '', entry.actorId ?? '', entry.roomId ?? '', window ?? '']);
}

/**
 * Records as people read them: the records of one window (written on refusal, at the window's end, by several
 * server instances) summed into one, with the latest time and the largest set of names any of them had. Records
 * without a window are left as they are.
 */
export function mergeWindows(records: ReadonlyArray<AuditRecord>): Array<AuditRecord> {
    const merged: Array<AuditRecord> = [];
    const byKey = new Map<string, number>();
    for (const record of records) {
        if (!record.window) {
            merged.push(record);
            continue;
        }
        const key = aggregationKey(record);
        const index = byKey.get(key);
        if (index === undefined) {
            byKey.set(key, merged.length);
            merged.push({ ...record, count: record.count ?? 1 });
            continue;
        }
        const known = merged[index];
        merged[index] = { ...record, ...known, at: known.at > record.at ? known.at : record.at, count: (known.count ?? 1) + (record.count ?? 1) };
    }
    return merged;
}

/** The refusals of one key counted in memory since the last record written for them. */
export interface PendingRefusals {
    readonly entry: AuditEntry;
    readonly window: string;
    count: number;
    last: Date;
}
