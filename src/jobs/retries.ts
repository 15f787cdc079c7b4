import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { ChangeResult } from '../actions/changeEncryption';
import { changeEncryption } from '../actions/changeEncryption';
import type { AppContext } from '../actions/context';
import { AuditAction } from '../audit/AuditRecord';
import { errorName } from '../lib/errors';
import { findAppUser } from '../lib/deliverFile';
import { findRoomById, findUserById } from '../lib/lookups';
import { isAppDirect } from '../policy/compliance';
import { nextCallAt } from '../policy/pacing';
import { RefusalReason } from '../policy/reasons';
import type { RetryAction, RetryEntry } from '../policy/retry';
import { failedAgain, retryDecision } from '../policy/retry';
import { classifyRoom, isRoomEncrypted } from '../policy/RoomKind';
import { sleep } from './runner';

/** Failures in a row after which a retry run stops until the next interval: the workspace is probably still down. */
const MAX_FAILURES_PER_RUN = 3;

/**
 * Keeps an automatic enable or a revert that failed, to be tried again by the maintenance job.
 * Never throws: the failure itself was already recorded and told.
 */
export async function keepForRetry(ctx: AppContext, o: { room: IRoom; wanted: boolean; action: RetryAction; actor?: Pick<IUser, 'id'>; result: ChangeResult }): Promise<void> {
    if (o.result.status !== 'failed') {
        return;
    }
    try {
        const now = Date.now();
        const known = await ctx.services.retries.find(ctx.read.getPersistenceReader(), o.room.id);
        const entry: RetryEntry = {
            v: 1,
            roomId: o.room.id,
            wanted: o.wanted,
            action: o.action,
            firstFailedAt: known?.firstFailedAt ?? now,
            attempts: (known?.attempts ?? 0) + 1,
            lastAttemptAt: now,
            ...(o.actor ? { actorId: o.actor.id } : {}),
        };
        await ctx.services.retries.put(ctx.persis, entry);
    } catch (error) {
        ctx.services.logger.error(`could not keep a failed change for a retry: ${errorName(error)}`);
    }
}

const ACTION: Readonly<Record<RetryAction, AuditAction.AutoEnable | AuditAction.Revert>> = {
    'auto-enable': AuditAction.AutoEnable,
    revert: AuditAction.Revert,
};

/**
 * Tries the kept changes again, oldest attempt first, at the enforcement rate and until
 * `deadline`: drops those whose room is gone, already in the wanted state or no longer asked
 * for by the policy; stops at a rate limit or when the workspace keeps failing (the next
 * interval picks up the rest).
 */
export async function retryFailedChanges(ctx: AppContext, deadline: number): Promise<void> {
    const { retries } = ctx.services;
    const entries = await retries.all(ctx.read.getPersistenceReader());
    if (entries.length === 0) {
        return;
    }
    const appUserId = (await findAppUser(ctx.read))?.id;
    let lastCallAt: number | undefined;
    let failures = 0;
    for (const entry of entries) {
        if (Date.now() >= deadline) {
            return;
        }
        const room = await findRoomById(ctx.read, entry.roomId);
        const decision = retryDecision(
            entry,
            room && { kind: classifyRoom(room), encrypted: isRoomEncrypted(room), exempt: isAppDirect(room, appUserId) },
            ctx.settings.policies,
        );
        if (decision !== 'retry' || !room) {
            await retries.remove(ctx.persis, entry.roomId);
            continue;
        }
        await sleep(nextCallAt(lastCallAt, ctx.settings.enforcementRate, Date.now()) - Date.now());
        lastCallAt = Date.now();
        const actor = entry.actorId ? await findUserById(ctx.read, entry.actorId) : undefined;
        const result = await changeEncryption(ctx, { room, encrypted: entry.wanted, action: ACTION[entry.action], requestedBy: 'policy', actor });
        if (result.status === 'done' || (result.status === 'refused' && result.reason !== RefusalReason.WorkspaceE2EOff)) {
            await retries.remove(ctx.persis, entry.roomId);
            continue;
        }
        if (result.status === 'refused' || result.reason === 'rate-limited' || result.reason === RefusalReason.NotConfigured) {
            // Nothing can succeed now (E2E_Enable off, rate-limited, no service account): keep it for the next interval.
            return;
        }
        await retries.put(ctx.persis, failedAgain(entry, Date.now()));
        failures += 1;
        if (failures >= MAX_FAILURES_PER_RUN) {
            return;
        }
    }
}
