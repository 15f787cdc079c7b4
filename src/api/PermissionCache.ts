import type { PermissionTable } from '../policy/permissions';
import type { ApiResult } from './responses';
import type { Workspace } from './serviceAccount';

/** How long the role-permission table is trusted: a grant or revoke takes effect within this. */
export const PERMISSION_TABLE_TTL_MS = 10_000;

/**
 * The workspace's role-permission table, fetched with `permissions.listAll` and kept briefly
 * so a burst of commands costs one call. Failures are not cached. Kept per workspace and
 * service account, and cleared whenever a setting changes (the service account may have).
 */
export class PermissionCache {
    private entry?: { key: string; table: PermissionTable; expiresAt: number };

    public async get(workspace: Workspace, now: number = Date.now()): Promise<ApiResult<PermissionTable>> {
        const key = `${workspace.account.baseUrl}|${workspace.account.userId}`;
        if (this.entry && this.entry.key === key && this.entry.expiresAt > now) {
            return { ok: true, value: this.entry.table };
        }
        const result = await workspace.client.listPermissions();
        if (result.ok) {
            this.entry = { key, table: result.value, expiresAt: now + PERMISSION_TABLE_TTL_MS };
        }
        return result;
    }

    public clear(): void {
        this.entry = undefined;
    }
}
