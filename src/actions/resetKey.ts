import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { randomUUID } from 'crypto';

import type { AuditReason } from '../audit/AuditReason';
import { failureReason } from '../audit/AuditReason';
import { AuditAction, AuditOutcome } from '../audit/AuditRecord';
import type { MessageKey, Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { findUserById, findUserByUsername } from '../lib/lookups';
import { languageOf } from '../lib/notify';
import type { PendingReset } from '../policy/keyReset';
import { checkResetTarget, checkSubmission, ResetRefusal, SubmitRefusal } from '../policy/keyReset';
import { RESET_VIEW_PREFIX } from '../ui/ids';
import { resetKeyModal } from '../ui/resetKeyModal';
import type { ActionContext } from './context';
import { recordAudit } from './context';
import { failureText, outcomeUnknown } from './failures';
import { authorizeKeyAdmin } from './keyAdmin';

const REFUSAL_TEXT: Readonly<Record<ResetRefusal, MessageKey>> = {
    [ResetRefusal.UnknownUser]: 'reset_refused_unknown',
    [ResetRefusal.ServiceAccount]: 'reset_refused_service_account',
    [ResetRefusal.AppOrBot]: 'reset_refused_bot',
    [ResetRefusal.Federated]: 'reset_refused_federated',
};

/**
 * `/e2e reset-key @user`: checks everything, then only opens the confirmation dialog. The
 * reset itself happens on submit (confirmKeyReset).
 */
export async function requestKeyReset(ctx: ActionContext, room: IRoom, username: string, triggerId: string | undefined): Promise<Text | undefined> {
    const refuse = async (reason: AuditReason, reply: Text, target?: IUser) => {
        await recordAudit(ctx, ctx.user, {
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
    await ctx.services.pendingResets.save(ctx.persis, pending);
    const language = await languageOf(ctx.read, ctx.user);
    await ctx.modify.getUiController().openModalView(resetKeyModal(pending.viewId, language, target.username), { triggerId }, ctx.user);
    return undefined;
}

export interface ResetOutcome {
    readonly reply: Text;
    /** Where to tell the admin; undefined when the dialog was unknown. */
    readonly roomId?: string;
}

/** The confirmation dialog was submitted: re-check everything, consume the dialog, reset once. */
export async function confirmKeyReset(ctx: ActionContext, viewId: string): Promise<ResetOutcome> {
    const outcome = await ctx.services.pendingResets.answerOnce(viewId, ctx.user.id, () => confirm(ctx, viewId));
    return outcome ?? { reply: text('reset_already_answered') };
}

async function confirm(ctx: ActionContext, viewId: string): Promise<ResetOutcome> {
    const store = ctx.services.pendingResets;
    const pending = await store.find(ctx.read.getPersistenceReader(), viewId);
    const target = pending ? await findUserById(ctx.read, pending.targetUserId) : undefined;
    const record = (outcome: AuditOutcome, reason?: AuditReason) =>
        recordAudit(ctx, ctx.user, {
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
        await record(AuditOutcome.Refused, refusal);
        return { reply: text('reset_not_yours'), roomId: pending.roomId };
    }
    await store.remove(ctx.persis, viewId);
    const username = pending.targetUsername;
    if (refusal === SubmitRefusal.Expired) {
        await record(AuditOutcome.Refused, refusal);
        return { reply: text('reset_expired', { username }), roomId: pending.roomId };
    }
    if (refusal === SubmitRefusal.TargetChanged) {
        await record(AuditOutcome.Refused, refusal);
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
        await record(AuditOutcome.Failed, failureReason(result.failure));
        return { reply: text(outcomeUnknown(result.failure) ? 'reset_unconfirmed' : 'reset_failed', { username, reason: failureText(result.failure) }), roomId: pending.roomId };
    }
    await record(AuditOutcome.Done);
    return { reply: text('reset_done', { username }), roomId: pending.roomId };
}

/** The dialog was closed: forget it if it was this person's. */
export async function cancelKeyReset(ctx: ActionContext, viewId: string): Promise<void> {
    const store = ctx.services.pendingResets;
    const pending = await store.find(ctx.read.getPersistenceReader(), viewId);
    if (pending && pending.adminId === ctx.user.id) {
        await store.remove(ctx.persis, viewId);
    }
}
