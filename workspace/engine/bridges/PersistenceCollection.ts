// The apps_persistence collection (packages/models/src/models/AppsPersistence.ts) with its index on
// `{ appId: 1, associations: 1 }`: a query on associations reads the records indexed under one of them, not the whole
// collection, so the bridge costs what it costs in Rocket.Chat. Associations never change once a record is stored
// (only its data is updated); set/delete/clear keep the index.
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { PersistenceRecord } from './BridgeContext';

const keyOf = (association: RocketChatAssociationRecord) => JSON.stringify(association);

export class PersistenceCollection extends Map<string, PersistenceRecord> {
    private readonly byAssociation = new Map<string, Set<string>>();

    override set(id: string, record: PersistenceRecord): this {
        const previous = super.get(id);
        if (previous) {
            this.unindex(id, previous);
        }
        super.set(id, record);
        for (const association of record.associations ?? []) {
            const key = keyOf(association);
            let ids = this.byAssociation.get(key);
            if (!ids) {
                ids = new Set();
                this.byAssociation.set(key, ids);
            }
            ids.add(id);
        }
        return this;
    }

    override delete(id: string): boolean {
        const previous = super.get(id);
        if (previous) {
            this.unindex(id, previous);
        }
        return super.delete(id);
    }

    override clear(): void {
        super.clear();
        this.byAssociation.clear();
    }

    /** `{ appId, associations: { $all: wanted } }`, in the order the records were stored, through the index. */
    matching(appId: string, wanted: RocketChatAssociationRecord[]): PersistenceRecord[] {
        if (wanted.length === 0) {
            return [...this.values()].filter((r) => r.appId === appId);
        }
        const keys = wanted.map(keyOf);
        const sets = keys.map((key) => this.byAssociation.get(key));
        if (sets.some((set) => !set)) {
            return [];
        }
        const smallest = (sets as Array<Set<string>>).reduce((a, b) => (b.size < a.size ? b : a));
        const found: PersistenceRecord[] = [];
        for (const id of smallest) {
            const record = super.get(id);
            if (record && record.appId === appId && keys.every((key) => this.byAssociation.get(key)?.has(id))) {
                found.push(record);
            }
        }
        return found;
    }

    private unindex(id: string, record: PersistenceRecord): void {
        for (const association of record.associations ?? []) {
            const key = keyOf(association);
            const ids = this.byAssociation.get(key);
            ids?.delete(id);
            if (ids?.size === 0) {
                this.byAssociation.delete(key);
            }
        }
    }
}
