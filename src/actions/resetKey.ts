import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { randomUUID } from 'crypto';

import { AuditAction, AuditOutcome } from '../audit/AuditRecord';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { findUserById, findUserByUsername } from '../lib/lookups';
import { languageOf } from '../lib/notify';
import { authorizeKeyAdministration } from '../policy/authorization';
import type { PendingReset } from '../policy/keyReset';
import { checkResetTarget, checkSubmission, isPendingReset, ResetRefusal, SubmitRefusal } from '../policy/keyReset';
import { RESET_VIEW_PREFIX } from '../ui/ids';
import { resetKeyModal } from '../ui/resetKeyModal';
import type { ActionContext, Workspace } from './context';
import { actorOf, audit, permissionTable, workspaceOf } from './context';
import { failureText, outcomeUnknown } from './failures';

function pendingAssociation(viewId: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `e2ee-reset-view:${viewId}`);
}

const REFUSAL_TEXT: Readonly<Record<ResetRefusal, Parameters<typeof text>[0]>> = {
    [ResetRefusal.UnknownUser]: 'reset_refused_unknown',
    [ResetRefusal.ServiceAccount]: 'reset_refused_service_account',
    [ResetRefusal.AppOrBot]: 'reset_refused_bot',
    [ResetRefusal.Federated]: 'reset_refused_federated',
};

type Gate = { ok: true; workspace: Workspace } | { ok: false; reason: string; reply: Text };

/** The service account is configured and the person holds `edit-other-user-e2ee` by the live table. */
export async function authorizeKeyAdmin(ctx: ActionContext): Promise<Gate> {
    const workspace = await workspaceOf(ctx);
    if (!workspace) {
        return { ok: false, reason: 'not-configured', reply: text('service_not_configured') };
    }
    const table = await permissionTable(ctx, workspace);
    if (!table.ok) {
        return { ok: false, reason: `permissions-${table.failure.kind}`, reply: text('permissions_unavailable', { reason: failureText(table.failure) }) };
    }
    const authorization = authorizeKeyAdministration(actorOf(ctx.user), table.value);
    if (!authorization.allowed) {
        return { ok: false, reason: 'not-allowed', reply: text('not_allowed', { permissions: authorization.missing.join(', ') }) };
    }
    return { ok: true, workspace };
}

/**
 * `/e2e reset-key @user`: checks everything, then only opens the confirmation dialog. The
 * reset itself happens on submit (confirmKeyReset).
 */
export async function requestKeyReset(ctx: ActionContext, room: IRoom, username: string, triggerId: string | undefined): Promise<Text | undefined> {
    const refuse = async (reason: string, reply: Text, target?: IUser) => {
        await audit(ctx, {
            action: AuditAction.ResetKey,
            outcome: AuditOutcome.Refused,
            reason,
            targetUserId: target?.id,
            targetUsername: target?.username ?? username,
        });
        return reply;
    };
    const gate = await authorizeKeyAdmin(ctx);
    if (!gate.ok) {
        return refuse(gate.reason, gate.reply);
    }
    const target = await findUserByUsername(ctx.read, username);
    const refusal = checkResetTarget(target, ctx.settings.serviceUserId);
    if (refusal !== undefined) {
        return refuse(refusal, text(REFUSAL_TEXT[refusal], { username }), target);
    }
    if (!triggerId || !target) {
        return text('reset_no_dialog');
    }
    const pending: PendingReset = {
        viewId: `${RESET_VIEW_PREFIX}${randomUUID()}`,
        adminId: ctx.user.id,
        targetUserId: target.id,
        targetUsername: target.username,
        roomId: room.id,
        openedAt: Date.now(),
    };
    await ctx.persis.createWithAssociation(pending, pendingAssociation(pending.viewId));
    const language = await languageOf(ctx.read, ctx.user);
    await ctx.modify.getUiController().openModalView(resetKeyModal(pending.viewId, language, target.username), { triggerId }, ctx.user);
    return undefined;
}

/** Submissions being handled in this process, claimed before the first await so a double submit runs once. */
const inFlight = new Set<string>();

export interface ResetOutcome {
    readonly reply: Text;
    /** Where to tell the admin; undefined when the dialog was unknown. */
    readonly roomId?: string;
}

/** The confirmation dialog was submitted: re-check everything, consume the dialog, reset once. */
export async function confirmKeyReset(ctx: ActionContext, viewId: string): Promise<ResetOutcome> {
    const claim = `${viewId}|${ctx.user.id}`;
    if (inFlight.has(claim)) {
        return { reply: text('reset_already_answered') };
    }
    inFlight.add(claim);
    try {
        return await confirm(ctx, viewId);
    } finally {
        inFlight.delete(claim);
    }
}

async function confirm(ctx: ActionContext, viewId: string): Promise<ResetOutcome> {
    const association = pendingAssociation(viewId);
    const pending = (await ctx.read.getPersistenceReader().readByAssociation(association)).find(isPendingReset);
    const target = pending ? await findUserById(ctx.read, pending.targetUserId) : undefined;
    const record = (outcome: AuditOutcome, reason?: string) =>
        audit(ctx, {
            action: AuditAction.ResetKey,
            outcome,
            reason,
            targetUserId: pending?.targetUserId,
            targetUsername: pending?.targetUsername,
        });

    const refusal = checkSubmission({ pending, submitterId: ctx.user.id, now: Date.now(), target });
    if (refusal === SubmitRefusal.Unknown || !pending) {
        return { reply: text('reset_already_answered') };
    }
    if (refusal === SubmitRefusal.NotOwner) {
        // Someone else's dialog: refused, and left for its owner.
        await record(AuditOutcome.Refused, 'not-dialog-owner');
        return { reply: text('reset_not_yours'), roomId: pending.roomId };
    }
    await ctx.persis.removeByAssociation(association);
    const username = pending.targetUsername;
    if (refusal === SubmitRefusal.Expired) {
        await record(AuditOutcome.Refused, 'dialog-expired');
        return { reply: text('reset_expired', { username }), roomId: pending.roomId };
    }
    if (refusal === SubmitRefusal.TargetChanged) {
        await record(AuditOutcome.Refused, 'target-changed');
        return { reply: text('reset_target_changed', { username }), roomId: pending.roomId };
    }

    const gate = await authorizeKeyAdmin(ctx);
    if (!gate.ok) {
        await record(AuditOutcome.Refused, gate.reason);
        return { reply: gate.reply, roomId: pending.roomId };
    }
    const targetRefusal = checkResetTarget(target, gate.workspace.account.userId);
    if (targetRefusal !== undefined || !target) {
        await record(AuditOutcome.Refused, targetRefusal ?? ResetRefusal.UnknownUser);
        return { reply: text(REFUSAL_TEXT[targetRefusal ?? ResetRefusal.UnknownUser], { username }), roomId: pending.roomId };
    }
    const result = await gate.workspace.client.resetE2EKey(target.id);
    if (!result.ok) {
        await record(AuditOutcome.Failed, result.failure.errorType ?? result.failure.kind);
        return { reply: text(outcomeUnknown(result.failure) ? 'reset_unconfirmed' : 'reset_failed', { username, reason: failureText(result.failure) }), roomId: pending.roomId };
    }
    await record(AuditOutcome.Done);
    return { reply: text('reset_done', { username }), roomId: pending.roomId };
}

/** The dialog was closed: forget it if it was this person's. */
export async function cancelKeyReset(ctx: ActionContext, viewId: string): Promise<void> {
    const association = pendingAssociation(viewId);
    const pending = (await ctx.read.getPersistenceReader().readByAssociation(association)).find(isPendingReset);
    if (pending && pending.adminId === ctx.user.id) {
        await ctx.persis.removeByAssociation(association);
    }
}
