import type { PermissionTable } from '../policy/permissions';
import type { ApiResult } from './responses';
import type { WorkspaceClient } from './WorkspaceClient';

/** How long the role-permission table is trusted: a grant or revoke takes effect within this. */
export const PERMISSION_TABLE_TTL_MS = 10_000;

/**
 * The workspace's role-permission table, fetched with `permissions.listAll` and kept briefly
 * so a burst of commands costs one call. Failures are not cached. Cleared whenever a setting
 * changes (the service account may have).
 */
export class PermissionCache {
    private entry?: { key: string; table: PermissionTable; expiresAt: number };

    public async get(client: WorkspaceClient, key: string, now: number = Date.now()): Promise<ApiResult<PermissionTable>> {
        if (this.entry && this.entry.key === key && this.entry.expiresAt > now) {
            return { ok: true, value: this.entry.table };
        }
        const result = await client.listPermissions();
        if (result.ok) {
            this.entry = { key, table: result.value, expiresAt: now + PERMISSION_TABLE_TTL_MS };
        }
        return result;
    }

    public clear(): void {
        this.entry = undefined;
    }
}
