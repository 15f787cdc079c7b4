import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/**
 * Removes every record with these associations, whether the bridge deletes one or all per
 * call: Rocket.Chat's removeByAssociations deletes one record per call on current versions
 * (all of them on older ones) and returns every record that matched.
 */
export async function removeAll(persis: IPersistence, associations: Array<RocketChatAssociationRecord>): Promise<void> {
    for (;;) {
        const removed = await persis.removeByAssociations(associations);
        if (!Array.isArray(removed) || removed.length <= 1) {
            return;
        }
    }
}
