import type { ILogger, IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

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

/**
 * The audit trail in app persistence, shared by every server instance. Records sit in one
 * bucket a day, and each day has a marker record: listing reads the newest days first, pruning
 * drops whole expired days. Only create, read and remove are used: Rocket.Chat's
 * updateByAssociations throws when it updates an existing record, and its removeByAssociation
 * deletes one record per call on current versions (all of them on older ones).
 */
export class AuditStore {
    /** Days this process already marked; only saves a round trip, losing it costs nothing. */
    private readonly markedDays = new Set<string>();

    constructor(private readonly logger: ILogger) {}

    /** Writes one record. Never throws: an audit failure is logged and must not break the action. */
    public async record(persis: IPersistence, reader: IPersistenceRead, entry: AuditEntry, now: Date = new Date()): Promise<boolean> {
        const record = toRecord(entry, now);
        const day = dayOf(now);
        try {
            await persis.createWithAssociations(record, [dayBucket(day)]);
            if (!this.markedDays.has(day)) {
                await this.markDay(persis, reader, day);
            }
            return true;
        } catch (error) {
            this.logger.error(`audit: could not write a ${record.action} record: ${errorName(error)}`);
            return false;
        }
    }

    /** The newest `limit` records. */
    public async latest(reader: IPersistenceRead, limit: number): Promise<Array<AuditRecord>> {
        const days = (await this.days(reader)).sort().reverse();
        const found: Array<AuditRecord> = [];
        for (const day of days) {
            const records = (await reader.readByAssociation(dayBucket(day))).filter(isAuditRecord);
            found.push(...newestFirst(records));
            if (found.length >= limit) {
                break;
            }
        }
        return found.slice(0, limit);
    }

    /** Removes every day older than the retention window; returns how many days went. */
    public async prune(reader: IPersistenceRead, persis: IPersistence, retentionDays: number, now: Date = new Date()): Promise<number> {
        const expired = expiredDays(await this.days(reader), now, retentionDays);
        for (const day of expired) {
            await removeAll(persis, [dayBucket(day)]);
            await removeAll(persis, [DAY_INDEX, dayMarker(day)]);
            this.markedDays.delete(day);
        }
        return expired.length;
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

/** Removes every record with these associations, whether the bridge deletes one or all per call. */
async function removeAll(persis: IPersistence, associations: Array<RocketChatAssociationRecord>): Promise<void> {
    for (;;) {
        const removed = await persis.removeByAssociations(associations);
        if (!Array.isArray(removed) || removed.length <= 1) {
            return;
        }
    }
}
