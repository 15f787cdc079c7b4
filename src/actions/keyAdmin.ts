import { authorizeKeyAdministration } from '../policy/authorization';
import type { ActionContext } from './context';
import type { WorkspaceAdminGate } from './workspaceAdmin';
import { authorizeWorkspaceAdmin } from './workspaceAdmin';

/**
 * Whether the person administers E2EE keys (reset-key, the audit trail): the service account is
 * configured and they hold `edit-other-user-e2ee` by the live role-permission table.
 */
export function authorizeKeyAdmin(ctx: ActionContext): Promise<WorkspaceAdminGate> {
    return authorizeWorkspaceAdmin(ctx, authorizeKeyAdministration);
}
