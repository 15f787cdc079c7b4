// In-memory storages for the AppManager (metadata, logs, package source), as Rocket.Chat's
// apps/meteor/ee/server/apps/storage/* do over MongoDB/GridFS.
import type { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import type { IMarketplaceInfo } from '@rocket.chat/apps-engine/server/marketplace';
import { AppLogStorage, AppMetadataStorage } from '@rocket.chat/apps-engine/server/storage';
import type { IAppLogStorageFindOptions, IAppStorageItem } from '@rocket.chat/apps-engine/server/storage';
import { AppSourceStorage } from '@rocket.chat/apps-engine/server/storage/AppSourceStorage';

import { randomId } from '../rocketchat/ids';

export class MemoryMetadataStorage extends AppMetadataStorage {
    readonly items = new Map<string, IAppStorageItem>();

    constructor() {
        super('memory');
    }

    async create(item: IAppStorageItem): Promise<IAppStorageItem> {
        const stored = { ...item, _id: item._id ?? randomId(), createdAt: new Date(), updatedAt: new Date() };
        this.items.set(stored.id, stored);
        return stored;
    }

    async retrieveOne(id: string): Promise<IAppStorageItem | null> {
        return this.items.get(id) ?? null;
    }

    async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
        return new Map(this.items);
    }

    async retrieveAllPrivate(): Promise<Map<string, IAppStorageItem>> {
        return new Map([...this.items].filter(([, i]) => i.installationSource === 'private'));
    }

    async remove(id: string): Promise<{ success: boolean }> {
        return { success: this.items.delete(id) };
    }

    async updatePartialAndReturnDocument(item: Partial<IAppStorageItem>, options?: { unsetPermissionsGranted?: boolean }): Promise<IAppStorageItem> {
        const existing = this.items.get(item.id as string);
        if (!existing) {
            throw new Error('No App found by the id: ' + item.id);
        }
        const updated = { ...existing, ...item, updatedAt: new Date() } as IAppStorageItem;
        if (options?.unsetPermissionsGranted) {
            delete updated.permissionsGranted;
        }
        this.items.set(updated.id, updated);
        return updated;
    }

    async updateStatus(id: string, status: AppStatus): Promise<boolean> {
        const item = [...this.items.values()].find((i) => i._id === id || i.id === id);
        if (item) {
            item.status = status;
        }
        return Boolean(item);
    }

    async updateSetting(id: string, setting: ISetting): Promise<boolean> {
        const item = [...this.items.values()].find((i) => i._id === id || i.id === id);
        if (item) {
            item.settings[setting.id] = setting;
        }
        return Boolean(item);
    }

    async updateAppInfo(id: string, info: IAppInfo): Promise<boolean> {
        const item = [...this.items.values()].find((i) => i._id === id || i.id === id);
        if (item) {
            item.info = info;
        }
        return Boolean(item);
    }

    async updateMarketplaceInfo(id: string, marketplaceInfo: IMarketplaceInfo[]): Promise<boolean> {
        const item = [...this.items.values()].find((i) => i._id === id || i.id === id);
        if (item) {
            item.marketplaceInfo = marketplaceInfo;
        }
        return Boolean(item);
    }
}

export class MemoryLogStorage extends AppLogStorage {
    readonly entries: ILoggerStorageEntry[] = [];
    maxEntries = 5000;

    constructor() {
        super('memory');
    }

    async findPaginated(query: { [field: string]: unknown }, options?: IAppLogStorageFindOptions): Promise<{ logs: ILoggerStorageEntry[]; total: number }> {
        const matching = this.entries.filter((e) => Object.entries(query).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v));
        const skip = options?.skip ?? 0;
        const limit = options?.limit ?? matching.length;
        return { logs: matching.slice(skip, skip + limit), total: matching.length };
    }

    async storeEntries(logEntry: ILoggerStorageEntry): Promise<ILoggerStorageEntry> {
        this.entries.push(logEntry);
        if (this.entries.length > this.maxEntries) {
            this.entries.splice(0, this.entries.length - this.maxEntries);
        }
        return logEntry;
    }

    async getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
        return this.entries.filter((e) => e.appId === appId);
    }

    async removeEntriesFor(appId: string): Promise<void> {
        for (let i = this.entries.length - 1; i >= 0; i--) {
            if (this.entries[i].appId === appId) {
                this.entries.splice(i, 1);
            }
        }
    }
}

export class MemorySourceStorage extends AppSourceStorage {
    readonly zips = new Map<string, Buffer>();

    async store(item: IAppStorageItem, zip: Buffer): Promise<string> {
        this.zips.set(item.id, zip);
        return item.id;
    }

    async fetch(item: IAppStorageItem): Promise<Buffer> {
        const zip = this.zips.get(item.id);
        if (!zip) {
            throw new Error(`No package stored for app ${item.id}`);
        }
        return zip;
    }

    async update(item: IAppStorageItem, zip: Buffer): Promise<string> {
        return this.store(item, zip);
    }

    async remove(item: IAppStorageItem): Promise<void> {
        this.zips.delete(item.id);
    }
}
