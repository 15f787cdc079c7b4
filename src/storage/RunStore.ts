import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { Claim } from '../policy/claim';
import { isClaim } from '../policy/claim';
import type { RunState, RunType } from '../policy/runState';
import { isRunState, latestRun } from '../policy/runState';
import type { CsvRow } from '../report/csv';
import { isCsvRow } from '../report/csv';
import { removeAll } from './removeAll';

const misc = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, id);

/** Every state record of one run type, and the one record of each `seq`. */
const runRecords = (type: RunType) => misc(`e2ee-run:${type}`);
const runRecord = (type: RunType, seq: number) => misc(`e2ee-run:${type}:${seq}`);
/** Claims of people starting a run of one type, and each claim by its token. */
const claims = (type: RunType) => misc(`e2ee-run-claim:${type}`);
const claimRecord = (type: RunType, token: string) => misc(`e2ee-run-claim:${type}:${token}`);
/** A request to stop a run, for slices running on another server instance. */
const cancelMarker = (runId: string) => misc(`e2ee-run-cancel:${runId}`);
/** The report's out-of-policy rows, one record per listing page that had any. */
const rowChunks = (runId: string) => misc(`e2ee-report-rows:${runId}`);
const rowChunk = (runId: string, index: number) => misc(`e2ee-report-rows:${runId}:${index}`);

/**
 * Background runs in app persistence, shared by every server instance: each run type's state
 * (a new record per checkpoint, the older one removed after), the claims that make one run at
 * a time, cancel requests and the report's rows. Only create, read and remove are used (see
 * AuditStore).
 */
export class RunStore {
    public async latest(reader: IPersistenceRead, type: RunType): Promise<RunState | undefined> {
        const records = (await reader.readByAssociation(runRecords(type))).filter(isRunState);
        return latestRun(records.filter((record) => record.type === type));
    }

    /**
     * Writes `next` as the run's state, then removes the record it replaces (`previous`, when
     * given). An ended state is never removed by a later checkpoint: latestRun prefers it.
     */
    public async write(persis: IPersistence, next: RunState, previous?: RunState): Promise<void> {
        await persis.createWithAssociations(next, [runRecords(next.type), runRecord(next.type, next.seq)]);
        if (previous && previous.seq !== next.seq && previous.status === 'running') {
            await removeAll(persis, [runRecords(previous.type), runRecord(previous.type, previous.seq)]);
        }
    }

    /** Removes every state record of a type except `keep`'s (when a new run starts, the last one's records go). */
    public async removeOthers(persis: IPersistence, reader: IPersistenceRead, type: RunType, keep: RunState): Promise<void> {
        const records = (await reader.readByAssociation(runRecords(type))).filter(isRunState);
        for (const record of records) {
            if (record.seq !== keep.seq) {
                await removeAll(persis, [runRecords(type), runRecord(type, record.seq)]);
            }
            if (record.runId !== keep.runId && record.type === 'report') {
                await this.removeRows(persis, record.runId, record.chunks);
            }
            if (record.runId !== keep.runId) {
                await removeAll(persis, [cancelMarker(record.runId)]);
            }
        }
    }

    public async addClaim(persis: IPersistence, type: RunType, claim: Claim): Promise<void> {
        await persis.createWithAssociations(claim, [claims(type), claimRecord(type, claim.token)]);
    }

    public async claims(reader: IPersistenceRead, type: RunType): Promise<Array<Claim>> {
        return (await reader.readByAssociation(claims(type))).filter(isClaim);
    }

    public async removeClaim(persis: IPersistence, type: RunType, token: string): Promise<void> {
        await removeAll(persis, [claims(type), claimRecord(type, token)]);
    }

    public async requestCancel(persis: IPersistence, runId: string, by: { id: string; username: string }): Promise<void> {
        await persis.createWithAssociation({ runId, by }, cancelMarker(runId));
    }

    public async cancelRequested(reader: IPersistenceRead, runId: string): Promise<{ id: string; username: string } | undefined> {
        const [marker] = await reader.readByAssociation(cancelMarker(runId));
        const by = (marker as { by?: { id?: unknown; username?: unknown } } | undefined)?.by;
        return by && typeof by.id === 'string' && typeof by.username === 'string' ? { id: by.id, username: by.username } : undefined;
    }

    public async addRows(persis: IPersistence, runId: string, index: number, rows: ReadonlyArray<CsvRow>): Promise<void> {
        await persis.createWithAssociations({ index, rows }, [rowChunks(runId), rowChunk(runId, index)]);
    }

    /** One chunk's rows (a page rescanned after a crash may have been written twice under its number: the same rooms). */
    public async rows(reader: IPersistenceRead, runId: string, index: number): Promise<Array<CsvRow>> {
        const [chunk] = await reader.readByAssociations([rowChunks(runId), rowChunk(runId, index)]);
        const rows = (chunk as { rows?: unknown } | undefined)?.rows;
        return Array.isArray(rows) ? rows.filter(isCsvRow) : [];
    }

    public async removeRows(persis: IPersistence, runId: string, chunks: number): Promise<void> {
        for (let index = 0; index < chunks; index++) {
            await removeAll(persis, [rowChunks(runId), rowChunk(runId, index)]);
        }
    }
}
