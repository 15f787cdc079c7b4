import type { Workspace } from '../api/serviceAccount';
import { connectWorkspace } from '../api/serviceAccount';
import type { PermissionsUnavailable } from '../audit/AuditReason';
import { permissionsUnavailable } from '../audit/AuditReason';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import type { Actor, Authorization } from '../policy/authorization';
import type { PermissionTable } from '../policy/permissions';
import { RefusalReason } from '../policy/reasons';
import type { ActionContext } from './context';
import { actorOf } from './context';
import { failureText } from './failures';

export type WorkspaceAdminGate =
    | { readonly ok: true; readonly workspace: Workspace }
    | { readonly ok: false; readonly reason: RefusalReason.NotConfigured | RefusalReason.NotAllowed | PermissionsUnavailable; readonly reply: Text };

/**
 * Whether the person may do something workspace-wide (key administration, the report, enforcement):
 * the service account is configured and `authorize` says yes by the live role-permission table.
 */
export async function authorizeWorkspaceAdmin(ctx: ActionContext, authorize: (actor: Actor, table: PermissionTable) => Authorization): Promise<WorkspaceAdminGate> {
    const workspace = await connectWorkspace(ctx.read, ctx.http, ctx.settings);
    if (!workspace) {
        return { ok: false, reason: RefusalReason.NotConfigured, reply: text('service_not_configured') };
    }
    const table = await ctx.services.permissions.get(workspace);
    if (!table.ok) {
        return { ok: false, reason: permissionsUnavailable(table.failure), reply: text('permissions_unavailable', { reason: failureText(table.failure) }) };
    }
    const authorization = authorize(actorOf(ctx.user), table.value);
    if (!authorization.allowed) {
        return { ok: false, reason: RefusalReason.NotAllowed, reply: text('not_allowed', { permissions: authorization.missing.join(', ') }) };
    }
    return { ok: true, workspace };
}
