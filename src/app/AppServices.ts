import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';

import { PermissionCache } from '../api/PermissionCache';
import { SliceGate } from '../jobs/SliceGate';
import { SettingsCache } from '../settings/SettingsCache';
import { AuditStore } from '../storage/AuditStore';
import { PendingEnforcementStore } from '../storage/PendingEnforcementStore';
import { PendingResetStore } from '../storage/PendingResetStore';
import { RetryStore } from '../storage/RetryStore';
import { RunStore } from '../storage/RunStore';

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
    /** Background runs (`/e2e report`, `/e2e enforce`), their dialogs, and what this process is doing with them. */
    readonly runs: RunStore;
    readonly pendingEnforcements: PendingEnforcementStore;
    readonly slices: SliceGate;
    /** Failed automatic enables and reverts, retried by the maintenance job. */
    readonly retries: RetryStore;
}

export function createServices(logger: ILogger): AppServices {
    return {
        settings: new SettingsCache(),
        permissions: new PermissionCache(),
        audit: new AuditStore(logger),
        pendingResets: new PendingResetStore(),
        logger,
        runs: new RunStore(),
        pendingEnforcements: new PendingEnforcementStore(),
        slices: new SliceGate(),
        retries: new RetryStore(),
    };
}
