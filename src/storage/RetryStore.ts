import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { RetryEntry } from '../policy/retry';
import { isRetryEntry } from '../policy/retry';
import { removeAll } from './removeAll';

const misc = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, id);
const entries = misc('e2ee-retry');
const entryOf = (roomId: string) => misc(`e2ee-retry:${roomId}`);

/** Failed automatic enables and reverts waiting to be tried again: at most one per room, the newest wins. */
export class RetryStore {
    public async put(persis: IPersistence, entry: RetryEntry): Promise<void> {
        await removeAll(persis, [entries, entryOf(entry.roomId)]);
        await persis.createWithAssociations(entry, [entries, entryOf(entry.roomId)]);
    }

    public async find(reader: IPersistenceRead, roomId: string): Promise<RetryEntry | undefined> {
        return (await reader.readByAssociations([entries, entryOf(roomId)])).find(isRetryEntry);
    }

    /** Every entry, oldest attempt first, so a run that stops early does not starve the same rooms each time. */
    public async all(reader: IPersistenceRead): Promise<Array<RetryEntry>> {
        return (await reader.readByAssociation(entries)).filter(isRetryEntry).sort((a, b) => a.lastAttemptAt - b.lastAttemptAt);
    }

    public async remove(persis: IPersistence, roomId: string): Promise<void> {
        await removeAll(persis, [entries, entryOf(roomId)]);
    }
}
