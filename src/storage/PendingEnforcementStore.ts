import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { PendingEnforcement } from '../policy/enforcement';
import { isPendingEnforcement } from '../policy/enforcement';
import { removeAll } from './removeAll';

/** One record a dialog, keyed by its view id. */
function association(viewId: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `e2ee-enforce-view:${viewId}`);
}

/** The `/e2e enforce` confirmation dialogs the app opened and nobody answered yet (any server instance may get the answer). */
export class PendingEnforcementStore {
    public async save(persis: IPersistence, pending: PendingEnforcement): Promise<void> {
        await persis.createWithAssociation(pending, association(pending.viewId));
    }

    public async find(reader: IPersistenceRead, viewId: string): Promise<PendingEnforcement | undefined> {
        return (await reader.readByAssociation(association(viewId))).find(isPendingEnforcement);
    }

    public async remove(persis: IPersistence, viewId: string): Promise<void> {
        await removeAll(persis, [association(viewId)]);
    }
}
