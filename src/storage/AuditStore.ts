import type { ILogger, IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { randomUUID } from 'crypto';

import type { PendingRefusals } from '../audit/aggregation';
import { aggregationKey, isAggregated, mergeWindows, windowStart } from '../audit/aggregation';
import type { AuditEntry, AuditRecord } from '../audit/AuditRecord';
import { dayOf, expiredDays, isAuditRecord, newestFirst, toRecord } from '../audit/AuditRecord';
import { errorName } from '../lib/errors';

const DAY_INDEX = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'e2ee-audit-days');

function dayBucket(day: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `e2ee-audit-day:${day}`);
}

function dayMarker(day: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `e2ee-audit-day-marker:${day}`);
}

/** Each record's own association: removing it by this finds that record alone. */
function recordKey(ref: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `e2ee-audit-record:${ref}`);
}

/** A stored record: the audit record and the id of its own association. */
type StoredRecord = AuditRecord & { readonly ref?: string };

/** Keys of refusals counted in memory at most; beyond, the oldest are written out first. */
const MAX_PENDING = 2000;
/**
 * What one prune may do: at most this many removals, for at most this long (each removal is a round trip to the
 * server); the rest waits for the next prune, so `/e2e audit` never waits for a whole backlog.
 */
const PRUNE_MAX_REMOVALS = 1000;
const PRUNE_MAX_MS = 200;

/**
 * The audit trail in app persistence, shared by every server instance. Records sit in one
 * bucket a day, and each day has a marker record: listing reads the newest days first, pruning
 * drops whole expired days. Only create, read and remove are used: Rocket.Chat's
 * updateByAssociations throws when it updates an existing record, and its removeByAssociation
 * deletes one record per call on current versions (all of them on older ones) after reading every
 * record it matches. So each record also carries an association of its own, and pruning removes
 * records one by one through it: each call reads and deletes one record, and pruning costs what it
 * removes.
 *
 * Refused messages and edits are counted per sender, room, reason and window (aggregation.ts):
 * the first refusal of a window is written at once, so it shows at once; the ones after it only
 * count up in memory, and are written as one record when a later refusal arrives after the window
 * ended, when the trail is listed, or when too many keys are pending. Readers sum the records of a
 * window, which also sums those of several server instances. The app's process keeps no other state
 * (Rocket.Chat may run many instances, and restart the app's process at any time): what a crash or a
 * restart loses is the count, never the record, of at most one window per key, at most 5 minutes of
 * refusals of each sender in each room beyond the first.
 */
export class AuditStore {
    /** Days this process already marked; only saves a round trip, losing it costs nothing. */
    private readonly markedDays = new Set<string>();
    /** Refusals counted since their last record, by aggregation key, oldest window first. */
    private readonly pending = new Map<string, PendingRefusals>();

    constructor(private readonly logger: ILogger) {}

    /** Writes one record, or counts a refusal. Never throws: an audit failure is logged and must not break the action. */
    public async record(persis: IPersistence, reader: IPersistenceRead, entry: AuditEntry, now: Date = new Date()): Promise<boolean> {
        if (!isAggregated(entry.action)) {
            return this.write(persis, reader, toRecord(entry, now));
        }
        // Everything up to the first write happens at once, so concurrent refusals count each other.
        const window = windowStart(now).toISOString();
        const due = this.takeEnded(now);
        const key = aggregationKey(entry, window);
        const known = this.pending.get(key);
        if (known) {
            known.count += 1;
            known.last = now;
        } else {
            this.pending.set(key, { entry, window, count: 0, last: now });
            due.push(...this.takeOverflow());
            due.push(toRecord({ ...entry, count: 1, window }, now));
        }
        const written = await Promise.all(due.map((record) => this.write(persis, reader, record)));
        return written.every(Boolean);
    }

    /** Writes every count kept in memory, the current windows' too (they keep counting from zero). Never throws. */
    public async flush(persis: IPersistence, reader: IPersistenceRead): Promise<void> {
        const due: Array<AuditRecord> = [];
        for (const pending of this.pending.values()) {
            if (pending.count > 0) {
                due.push(countRecord(pending));
                pending.count = 0;
            }
        }
        await Promise.all(due.map((record) => this.write(persis, reader, record)));
    }

    /**
     * The newest `limit` records, the records of one refusal window summed into one; with `retentionDays`, none of
     * a day past the retention window (pruning may not have removed them all yet).
     */
    public async latest(reader: IPersistenceRead, limit: number, retentionDays?: number, now: Date = new Date()): Promise<Array<AuditRecord>> {
        const all = await this.days(reader);
        const expired = new Set(retentionDays === undefined ? [] : expiredDays(all, now, retentionDays));
        const days = all.filter((day) => !expired.has(day)).sort().reverse();
        const found: Array<AuditRecord> = [];
        for (const day of days) {
            const records = (await reader.readByAssociation(dayBucket(day))).filter(isAuditRecord);
            found.push(...newestFirst(mergeWindows(records.map(withoutRef))));
            if (found.length >= limit) {
                break;
            }
        }
        return found.slice(0, limit);
    }

    /**
     * Removes the days older than the retention window, within PRUNE_MAX_REMOVALS and PRUNE_MAX_MS a call (the rest,
     * and the day's marker, wait for the next call); returns how many days went. Each record is removed through its own
     * association, a call that reads and deletes that record alone; a record written before records had one is
     * removed through its day's bucket (one record per call on current Rocket.Chat versions, all on older ones).
     */
    public async prune(reader: IPersistenceRead, persis: IPersistence, retentionDays: number, now: Date = new Date()): Promise<number> {
        const expired = expiredDays(await this.days(reader), now, retentionDays);
        const deadline = Date.now() + PRUNE_MAX_MS;
        let budget = PRUNE_MAX_REMOVALS;
        let removedDays = 0;
        for (const day of expired) {
            const records = (await reader.readByAssociation(dayBucket(day))) as Array<StoredRecord>;
            let left = records.length;
            for (const record of records) {
                if (budget === 0 || Date.now() > deadline) {
                    break;
                }
                await (typeof record.ref === 'string' ? persis.removeByAssociation(recordKey(record.ref)) : persis.removeByAssociations([dayBucket(day)]));
                budget -= 1;
                left -= 1;
            }
            if (left > 0) {
                return removedDays;
            }
            await persis.removeByAssociations([DAY_INDEX, dayMarker(day)]);
            this.markedDays.delete(day);
            removedDays += 1;
        }
        return removedDays;
    }

    /** Refusal counts whose window has ended, taken out of memory as records (the oldest windows come first). */
    private takeEnded(now: Date): Array<AuditRecord> {
        const current = windowStart(now).toISOString();
        const due: Array<AuditRecord> = [];
        for (const [key, pending] of this.pending) {
            if (pending.window >= current) {
                break;
            }
            this.pending.delete(key);
            if (pending.count > 0) {
                due.push(countRecord(pending));
            }
        }
        return due;
    }

    /** Beyond MAX_PENDING keys, the oldest are written out and forgotten: memory stays bounded whatever is refused. */
    private takeOverflow(): Array<AuditRecord> {
        const due: Array<AuditRecord> = [];
        for (const [key, pending] of this.pending) {
            if (this.pending.size <= MAX_PENDING) {
                break;
            }
            this.pending.delete(key);
            if (pending.count > 0) {
                due.push(countRecord(pending));
            }
        }
        return due;
    }

    private async write(persis: IPersistence, reader: IPersistenceRead, record: AuditRecord): Promise<boolean> {
        const day = dayOf(new Date(record.window ?? record.at));
        const ref = randomUUID();
        try {
            await persis.createWithAssociations({ ...record, ref }, [dayBucket(day), recordKey(ref)]);
            if (!this.markedDays.has(day)) {
                await this.markDay(persis, reader, day);
            }
            return true;
        } catch (error) {
            this.logger.error(`audit: could not write a ${record.action} record: ${errorName(error)}`);
            return false;
        }
    }

    /** Marks a day as holding records. Two instances may both mark it: days are de-duplicated on read. */
    private async markDay(persis: IPersistence, reader: IPersistenceRead, day: string): Promise<void> {
        const marker = [DAY_INDEX, dayMarker(day)];
        if ((await reader.readByAssociations(marker)).length === 0) {
            await persis.createWithAssociations({ day }, marker);
        }
        this.markedDays.add(day);
    }

    private async days(reader: IPersistenceRead): Promise<Array<string>> {
        const markers = await reader.readByAssociation(DAY_INDEX);
        const days = new Set<string>();
        for (const marker of markers) {
            const day = (marker as { day?: unknown }).day;
            if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day)) {
                days.add(day);
            }
        }
        return [...days];
    }
}

/** The record of refusals counted in memory since the last one written for their key. */
function countRecord(pending: PendingRefusals): AuditRecord {
    return toRecord({ ...pending.entry, count: pending.count, window: pending.window }, pending.last);
}

/** A stored record as people read it: without its association id. */
function withoutRef(record: StoredRecord): AuditRecord {
    const rest: Record<string, unknown> = { ...record };
    delete rest.ref;
    return rest as unknown as AuditRecord;
}
