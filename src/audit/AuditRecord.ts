import type { AuditReason } from './AuditReason';

/** What happened, in the audit trail. */
export enum AuditAction {
    Enable = 'enable',
    Disable = 'disable',
    AutoEnable = 'auto-enable',
    Revert = 'revert',
    ResetKey = 'reset-key',
    MessageRefused = 'message-refused',
    EditRefused = 'edit-refused',
    RoomCreateRefused = 'room-create-refused',
    /** Rooms switched by `/e2e enforce`: one record per slice and kind with a `count`, one per room that failed. */
    Enforce = 'enforce',
    EnforceStart = 'enforce-start',
    EnforceEnd = 'enforce-end',
    EnforceCancel = 'enforce-cancel',
    Report = 'report',
    /** Created without the encryption Rocket.Chat's defaults gave it, as the policy asks. */
    RoomCreateUnencrypted = 'room-create-unencrypted',
}

export enum AuditOutcome {
    Done = 'done',
    Refused = 'refused',
    Failed = 'failed',
}

/**
 * One audit record. Identifiers and reason codes only: never message text, ciphertext, keys
 * or tokens. `count` is how many messages a message record stands for (and `window` the start of
 * the time window they were refused in, see aggregation.ts), or how many rooms an enforcement or
 * report record does.
 */
export interface AuditRecord {
    readonly at: string;
    readonly action: AuditAction;
    readonly outcome: AuditOutcome;
    readonly reason?: AuditReason;
    readonly actorId?: string;
    readonly actorUsername?: string;
    readonly roomId?: string;
    readonly roomName?: string;
    readonly targetUserId?: string;
    readonly targetUsername?: string;
    readonly count?: number;
    readonly window?: string;
}

export type AuditEntry = Omit<AuditRecord, 'at'>;

const FIELDS: ReadonlyArray<keyof AuditRecord> = [
    'at',
    'action',
    'outcome',
    'reason',
    'actorId',
    'actorUsername',
    'roomId',
    'roomName',
    'targetUserId',
    'targetUsername',
    'count',
    'window',
];

/** Keeps only the known fields, so nothing else can ever be written into the trail by mistake. */
export function toRecord(entry: AuditEntry, at: Date): AuditRecord {
    const source = { ...entry, at: at.toISOString() } as Record<string, unknown>;
    const record: Record<string, unknown> = {};
    for (const field of FIELDS) {
        const value = source[field];
        if (typeof value === 'string' ? value.length > 0 : typeof value === 'number') {
            record[field] = typeof value === 'string' ? value.slice(0, 200) : value;
        }
    }
    return record as unknown as AuditRecord;
}

export function isAuditRecord(value: unknown): value is AuditRecord {
    const record = value as AuditRecord;
    return typeof value === 'object' && value !== null && typeof record.at === 'string' && typeof record.action === 'string';
}

/** `YYYY-MM-DD` in UTC: records are kept in one bucket a day, so pruning removes whole days. */
export function dayOf(at: Date): string {
    return at.toISOString().slice(0, 10);
}

/** Days strictly older than the retention window, among `days`. */
export function expiredDays(days: ReadonlyArray<string>, now: Date, retentionDays: number): Array<string> {
    const cutoff = dayOf(new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000));
    return days.filter((day) => day < cutoff);
}

/** Newest first. */
export function newestFirst(records: ReadonlyArray<AuditRecord>): Array<AuditRecord> {
    return [...records].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
