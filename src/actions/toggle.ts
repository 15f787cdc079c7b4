import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import { connectWorkspace } from '../api/serviceAccount';
import { AuditAction, AuditOutcome } from '../audit/AuditRecord';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { isRoomMember, roomLabel, roomRolesOf } from '../lib/lookups';
import { authorizeToggle, toggleNeedsPermissionTable } from '../policy/authorization';
import type { PermissionTable } from '../policy/permissions';
import { policyAllows } from '../policy/Policy';
import { classifyRoom, isRoomEncrypted, isSupportedKind, RoomKind } from '../policy/RoomKind';
import { policyFor } from '../settings/AppSettings';
import { isWorkspaceE2EEnabled } from '../settings/serverSettings';
import type { ActionContext } from './context';
import { actorOf, recordAudit } from './context';
import { failureText, outcomeUnknown } from './failures';
import { kindText, policyText } from './labels';

/**
 * `/e2e enable|disable` and the matching buttons. Everything that can be refused without the
 * workspace API is refused first; then the person is authorized exactly as saveRoomSettings
 * would authorize them, and only then does the service account make the change.
 */
export async function toggleEncryption(ctx: ActionContext, room: IRoom, encrypted: boolean): Promise<Text> {
    const label = roomLabel(room);
    const action = encrypted ? AuditAction.Enable : AuditAction.Disable;
    const record = (outcome: AuditOutcome, reason?: string) =>
        recordAudit(ctx, ctx.user, { action, outcome, reason, roomId: room.id, roomName: label });
    const refuse = async (reason: string, reply: Text) => {
        await record(AuditOutcome.Refused, reason);
        return reply;
    };

    const kind = classifyRoom(room);
    if (!isSupportedKind(kind)) {
        return refuse('unsupported-kind', text('toggle_unsupported', { kind: kindText(kind) }));
    }
    const policy = policyFor(ctx.settings, kind);
    if (!policyAllows(policy, encrypted)) {
        return refuse(
            `policy-${policy}`,
            text(encrypted ? 'toggle_policy_forbids_enable' : 'toggle_policy_forbids_disable', { kind: kindText(kind), policy: policyText(policy) }),
        );
    }
    if (!(await isWorkspaceE2EEnabled(ctx.read))) {
        return refuse('workspace-e2e-off', text('toggle_workspace_off'));
    }
    if (isRoomEncrypted(room) === encrypted) {
        return refuse('already', text(encrypted ? 'toggle_already_enabled' : 'toggle_already_disabled', { room: label }));
    }
    const workspace = await connectWorkspace(ctx.read, ctx.http, ctx.settings);
    if (!workspace) {
        return refuse('not-configured', text('service_not_configured'));
    }

    const isDirect = kind === RoomKind.Direct;
    const isMember = await isRoomMember(ctx.read, room, ctx.user.id);
    let table: PermissionTable = new Map();
    let roomRoles: Array<string> = [];
    if (toggleNeedsPermissionTable(isDirect, isMember)) {
        const [fetched, roles] = await Promise.all([ctx.services.permissions.get(workspace), isMember ? roomRolesOf(ctx.read, room.id, ctx.user.id) : []]);
        if (!fetched.ok) {
            await record(AuditOutcome.Failed, `permissions-${fetched.failure.kind}`);
            return text('toggle_failed', { room: label, reason: failureText(fetched.failure) });
        }
        table = fetched.value;
        roomRoles = roles;
    }
    const authorization = authorizeToggle({ actor: actorOf(ctx.user), roomRoles, isDirect, isMember, table });
    if (!authorization.allowed) {
        return refuse('not-allowed', text('toggle_not_allowed', { room: label, permissions: authorization.missing.join(', ') }));
    }

    const result = await workspace.client.saveRoomEncrypted(room.id, encrypted);
    if (!result.ok) {
        await record(AuditOutcome.Failed, result.failure.errorType ?? result.failure.kind);
        return text(outcomeUnknown(result.failure) ? 'toggle_unconfirmed' : 'toggle_failed', { room: label, reason: failureText(result.failure) });
    }
    await record(AuditOutcome.Done);
    return text(encrypted ? 'toggle_enabled' : 'toggle_disabled', { room: label });
}
