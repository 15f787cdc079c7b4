import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { PendingReset } from '../policy/keyReset';
import { isPendingReset } from '../policy/keyReset';

/** One record a dialog, keyed by its view id. */
function association(viewId: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `e2ee-reset-view:${viewId}`);
}

/**
 * The key-reset confirmation dialogs the app opened and nobody answered yet, in app
 * persistence (any server instance may receive the submission), plus the answers this process
 * is handling right now.
 */
export class PendingResetStore {
    /** `viewId|userId` of the submissions being handled in this process. */
    private readonly answering = new Set<string>();

    public async save(persis: IPersistence, pending: PendingReset): Promise<void> {
        await persis.createWithAssociation(pending, association(pending.viewId));
    }

    public async find(reader: IPersistenceRead, viewId: string): Promise<PendingReset | undefined> {
        return (await reader.readByAssociation(association(viewId))).find(isPendingReset);
    }

    public async remove(persis: IPersistence, viewId: string): Promise<void> {
        await persis.removeByAssociation(association(viewId));
    }

    /**
     * Runs `answer` unless this person's answer to this dialog is already being handled here;
     * then it returns undefined. The claim is taken before the first await: the app's process
     * serves requests interleaved, so a double submit checked after an await would run twice.
     */
    public async answerOnce<T>(viewId: string, userId: string, answer: () => Promise<T>): Promise<T | undefined> {
        const claim = `${viewId}|${userId}`;
        if (this.answering.has(claim)) {
            return undefined;
        }
        this.answering.add(claim);
        try {
            return await answer();
        } finally {
            this.answering.delete(claim);
        }
    }
}
