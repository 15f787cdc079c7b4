// apps/meteor/app/apps/server/bridges/persistence.ts, over an in-memory apps_persistence collection of
// { _id, appId, associations, data }.
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { PersistenceBridge } from '@rocket.chat/apps-engine/server/bridges';

import { randomId } from '../../rocketchat/ids';
import type { BridgeContext } from './BridgeContext';

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function assertObject(data: object): void {
    if (typeof data !== 'object') {
        throw new Error('Attempted to store an invalid data type, it must be an object.');
    }
}

/** What Rocket.Chat's `result.upsertedId.toString()` throws when no document was inserted. */
const noUpsertedId = () => new TypeError("Cannot read properties of null (reading 'toString')");

export class StandInPersistenceBridge extends PersistenceBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    private get col() {
        return this.ctx.persistence;
    }

    private insert(appId: string, data: object, associations?: RocketChatAssociationRecord[]): string {
        assertObject(data);
        const _id = randomId(24).toLowerCase();
        this.col.set(_id, { _id, appId, ...(associations && { associations: copy(associations) }), data: copy(data) });
        return _id;
    }

    private matching(associations: RocketChatAssociationRecord[], appId: string) {
        return this.col.matching(appId, associations);
    }

    protected async purge(appId: string): Promise<void> {
        for (const [id, r] of this.col) {
            if (r.appId === appId) {
                this.col.delete(id);
            }
        }
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.insert(appId, data);
    }

    protected async createWithAssociations(data: object, associations: Array<RocketChatAssociationRecord>, appId: string): Promise<string> {
        return this.insert(appId, data, associations);
    }

    protected async readById(id: string): Promise<object> {
        const r = this.col.get(id);
        return r ? copy(r.data) : {};
    }

    protected async readByAssociations(associations: Array<RocketChatAssociationRecord>, appId: string): Promise<Array<object>> {
        return this.matching(associations, appId).map((r) => copy(r.data));
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        const r = this.col.get(id);
        if (!r || r.appId !== appId) {
            return undefined;
        }
        this.col.delete(id);
        return r.data;
    }

    /** Rocket.Chat finds every match but deletes only the first (deleteOne), and returns all their data. */
    protected async removeByAssociations(associations: Array<RocketChatAssociationRecord>, appId: string): Promise<Array<object> | undefined> {
        const records = this.matching(associations, appId);
        if (records.length) {
            this.col.delete(records[0]._id);
        }
        return records.map((r) => r.data);
    }

    protected async update(_id: string, data: object): Promise<string> {
        assertObject(data);
        throw new Error('Not implemented.');
    }

    /**
     * updateOne({ appId, associations }, { $set: { data } }, { upsert }): the association array must match exactly
     * (same records, same order). Rocket.Chat then returns `result.upsertedId.toString()`, which throws when the
     * record already existed (no upsert happened) although the update was written: emulated as is.
     */
    protected async updateByAssociations(associations: Array<RocketChatAssociationRecord>, data: object, upsert: boolean, appId: string): Promise<string> {
        assertObject(data);
        const key = JSON.stringify(associations);
        const existing = [...this.col.values()].find((r) => r.appId === appId && JSON.stringify(r.associations ?? []) === key);
        if (existing) {
            existing.data = copy(data);
            throw noUpsertedId();
        }
        if (!upsert) {
            throw noUpsertedId();
        }
        return this.insert(appId, data, associations);
    }
}
