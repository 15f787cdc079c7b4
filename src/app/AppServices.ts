import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';

import { PermissionCache } from '../api/PermissionCache';
import { SettingsCache } from '../settings/SettingsCache';
import { AuditStore } from '../storage/AuditStore';
import { PendingResetStore } from '../storage/PendingResetStore';

/**
 * What lives as long as the app: caches, the stores and the logger. The stored records live in
 * app persistence; in memory there are only caches and the claims of answers this process is
 * handling.
 */
export interface AppServices {
    readonly settings: SettingsCache;
    readonly permissions: PermissionCache;
    readonly audit: AuditStore;
    readonly pendingResets: PendingResetStore;
    readonly logger: ILogger;
}

export function createServices(logger: ILogger): AppServices {
    return {
        settings: new SettingsCache(),
        permissions: new PermissionCache(),
        audit: new AuditStore(logger),
        pendingResets: new PendingResetStore(),
        logger,
    };
}
