import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Workspace } from '../api/serviceAccount';
import { connectWorkspace } from '../api/serviceAccount';
import type { AuditReason } from '../audit/AuditReason';
import { failureReason, permissionsUnavailable } from '../audit/AuditReason';
import type { AuditAction } from '../audit/AuditRecord';
import { AuditOutcome } from '../audit/AuditRecord';
import type { Text } from '../i18n/translate';
import { isRoomMember, roomLabel, roomRolesOf } from '../lib/lookups';
import type { ChangeFacts, ChangeRefusalReason } from '../policy/change';
import { decideChange } from '../policy/change';
import { classifyRoom, isRoomEncrypted } from '../policy/RoomKind';
import { isWorkspaceE2EEnabled } from '../settings/serverSettings';
import type { AppContext } from './context';
import { actorOf, recordAudit } from './context';
import { failureText, outcomeUnknown } from './failures';
import { decideWithFacts, found } from './gather';

export type ChangeAction = AuditAction.Enable | AuditAction.Disable | AuditAction.AutoEnable | AuditAction.Revert | AuditAction.Enforce;

/** One change of a room's encryption, and for whom. */
export type EncryptionChange = {
    readonly room: IRoom;
    readonly encrypted: boolean;
    readonly action: ChangeAction;
    /**
     * A background job switching many rooms writes one record for all the changes that were made
     * (or found already made); only failures are recorded here, one by one.
     */
    readonly aggregated?: boolean;
} & (
    /** A person asked, and is authorized first. */
    | { readonly requestedBy: 'person'; readonly actor: IUser }
    /** The policy asks; `actor` is whoever the record names (a room's creator, who made the change being undone), if anyone. */
    | { readonly requestedBy: 'policy'; readonly actor?: IUser }
);

export type ChangeResult =
    | { readonly status: 'done' }
    /** Nothing was attempted; `why` says which rule said no. */
    | { readonly status: 'refused'; readonly reason: ChangeRefusalReason; readonly why: Text }
    /** Not done. `unconfirmed`: the answer was lost, so the workspace may have made the change after all. */
    | {
          readonly status: 'failed';
          readonly reason: AuditReason;
          readonly why: Text;
          readonly unconfirmed: boolean;
          /** The workspace is rate-limiting: how long it asks to wait before the next call. */
          readonly retryAfterMs?: number;
      };

const OUTCOME: Readonly<Record<ChangeResult['status'], AuditOutcome>> = {
    done: AuditOutcome.Done,
    refused: AuditOutcome.Refused,
    failed: AuditOutcome.Failed,
};

/**
 * The one way a room's encryption changes: decides with the facts it gathers (refusing before
 * any REST call whatever can be refused without one), makes the service account switch it, and
 * records the attempt. Needs no person and no Modify accessor, so a job can call it too.
 */
export async function changeEncryption(ctx: AppContext, change: EncryptionChange): Promise<ChangeResult> {
    const { result, doneReason } = await attempt(ctx, change);
    if (change.aggregated && result.status !== 'failed') {
        return result;
    }
    await recordAudit(ctx, change.actor, {
        action: change.action,
        outcome: OUTCOME[result.status],
        reason: result.status === 'done' ? doneReason : result.reason,
        roomId: change.room.id,
        roomName: roomLabel(change.room),
    });
    return result;
}

async function attempt(ctx: AppContext, change: EncryptionChange): Promise<{ result: ChangeResult; doneReason?: AuditReason }> {
    const { room } = change;
    const person = change.requestedBy === 'person' ? change.actor : undefined;
    let workspace: Workspace | undefined;
    const connected = (): Workspace => {
        if (!workspace) {
            throw new Error('the service account was not resolved before it was used');
        }
        return workspace;
    };
    const facts: ChangeFacts = {
        wanted: change.encrypted,
        room: { kind: classifyRoom(room), label: roomLabel(room), encrypted: isRoomEncrypted(room) },
        policies: ctx.settings.policies,
        requester: person ? { kind: 'person', actor: actorOf(person) } : { kind: 'policy' },
    };
    const gathered = await decideWithFacts(decideChange, facts, {
        workspaceE2E: async () => found(await isWorkspaceE2EEnabled(ctx.read)),
        serviceConfigured: async () => {
            workspace = await connectWorkspace(ctx.read, ctx.http, ctx.settings);
            return found(workspace !== undefined);
        },
        isMember: async () => found(person !== undefined && (await isRoomMember(ctx.read, room, person.id))),
        permissions: async (known) => {
            const [table, roomRoles] = await Promise.all([
                ctx.services.permissions.get(connected()),
                person && known.isMember ? roomRolesOf(ctx.read, room.id, person.id) : [],
            ]);
            return table.ok ? found({ table: table.value, roomRoles }) : table;
        },
    });
    if (!gathered.ok) {
        // Only the role-permission table is fetched with a call that can fail.
        return { result: { status: 'failed', reason: permissionsUnavailable(gathered.failure), why: failureText(gathered.failure), unconfirmed: false } };
    }
    const decision = gathered.decision;
    if (decision.decision === 'refuse') {
        return { result: { status: 'refused', reason: decision.reason, why: decision.why } };
    }
    if (decision.decision === 'fail') {
        return { result: { status: 'failed', reason: decision.reason, why: decision.why, unconfirmed: false } };
    }
    const saved = await connected().client.saveRoomEncrypted(room.id, change.encrypted);
    if (!saved.ok) {
        const { retryAfterMs } = saved.failure;
        return {
            result: {
                status: 'failed',
                reason: failureReason(saved.failure),
                why: failureText(saved.failure),
                unconfirmed: outcomeUnknown(saved.failure),
                ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
            },
        };
    }
    return { result: { status: 'done' }, doneReason: decision.reason };
}
