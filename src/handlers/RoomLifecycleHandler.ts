import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { AppsEngineException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom, IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { failureText, outcomeUnknown } from '../actions/failures';
import { kindText, policyText } from '../actions/labels';
import { connectWorkspace } from '../api/serviceAccount';
import type { Accessors } from '../app/Accessors';
import type { AppServices } from '../app/AppServices';
import type { AuditEntry } from '../audit/AuditRecord';
import { AuditAction, AuditOutcome } from '../audit/AuditRecord';
import type { Text } from '../i18n/translate';
import { text, translate } from '../i18n/translate';
import { roomLabel } from '../lib/lookups';
import { languageOf, tell } from '../lib/notify';
import { enforcedState, Policy, policyEncryptsNewRooms } from '../policy/Policy';
import { classifyRoom, isRoomEncrypted, isSupportedKind } from '../policy/RoomKind';
import { ROOM_E2E_DISABLED, ROOM_E2E_ENABLED } from '../policy/systemMessages';
import { policyFor } from '../settings/AppSettings';
import { isWorkspaceE2EEnabled } from '../settings/serverSettings';

/** Room creation, encryption changes made elsewhere, and joins. */
export class RoomLifecycleHandler {
    constructor(private readonly services: AppServices) {}

    /** Refuses creating an encrypted room the policy does not allow; the creator sees why. */
    public async preCreate(room: IRoom, read: IRead, persis: IPersistence): Promise<boolean> {
        if (!isRoomEncrypted(room)) {
            return false;
        }
        const kind = classifyRoom(room);
        let reason: Text | undefined;
        if (!isSupportedKind(kind)) {
            reason = text('create_refused_unsupported', { kind: kindText(kind) });
        } else if (policyFor(this.services.settings.get(), kind) === Policy.Disabled) {
            reason = text('create_refused_disabled', { kind: kindText(kind) });
        }
        if (!reason) {
            return false;
        }
        await this.record({ read, persis }, {
            action: AuditAction.RoomCreateRefused,
            outcome: AuditOutcome.Refused,
            reason: isSupportedKind(kind) ? 'policy-disabled' : 'unsupported-kind',
            actorId: room.creator?.id,
            actorUsername: room.creator?.username,
            roomName: roomLabel(room),
        });
        throw new AppsEngineException(translate(await languageOf(read, room.creator), reason));
    }

    /** Under `default` and `required`, turns encryption on right after a room of that kind is created. */
    public async postCreate(room: IRoom, accessors: Accessors): Promise<void> {
        const kind = classifyRoom(room);
        if (!isSupportedKind(kind) || isRoomEncrypted(room)) {
            return;
        }
        const policy = policyFor(this.services.settings.get(), kind);
        if (!policyEncryptsNewRooms(policy)) {
            return;
        }
        const result = await this.enforce(room, true, { action: AuditAction.AutoEnable, policy, actor: room.creator }, accessors);
        if (!result.ok && room.creator) {
            await this.tellSafely(accessors, room.creator, room, [
                text(result.unconfirmed ? 'auto_enable_unconfirmed' : 'auto_enable_failed', { room: roomLabel(room), reason: result.reply }),
            ]);
        }
    }

    /**
     * Reverts an encryption change made elsewhere (room menu, another client, the API) that the
     * policy forbids, and tells whoever made it why.
     */
    public async systemMessage(message: IMessage, accessors: Accessors): Promise<void> {
        const type = message.type as string | undefined;
        if ((type !== ROOM_E2E_ENABLED && type !== ROOM_E2E_DISABLED) || !message.room) {
            return;
        }
        const room = message.room;
        const kind = classifyRoom(room);
        if (!isSupportedKind(kind)) {
            return;
        }
        const policy = policyFor(this.services.settings.get(), kind);
        const wanted = enforcedState(policy);
        // Only a change away from the enforced state is undone (our own revert posts the opposite message).
        if (wanted === undefined || (type === ROOM_E2E_ENABLED) === wanted || isRoomEncrypted(room) === wanted) {
            return;
        }
        const result = await this.enforce(room, wanted, { action: AuditAction.Revert, policy, actor: message.sender }, accessors);
        if (message.sender) {
            const params = { room: roomLabel(room), kind: kindText(kind), policy: policyText(policy) };
            const reply = result.ok
                ? text(wanted ? 'revert_enabled' : 'revert_disabled', params)
                : text(result.unconfirmed ? 'revert_unconfirmed' : 'revert_failed', { ...params, reason: result.reply });
            await this.tellSafely(accessors, message.sender, room, [reply]);
        }
    }

    /** Tells someone joining an encrypted room what that means for them. */
    public async postJoin(context: IRoomUserJoinedContext, accessors: Accessors): Promise<void> {
        const { room, joiningUser } = context;
        if (!this.services.settings.get().notifyOnJoin || !isRoomEncrypted(room) || !(await isWorkspaceE2EEnabled(accessors.read))) {
            return;
        }
        await this.tellSafely(accessors, joiningUser, room, [text('join_notice', { room: roomLabel(room) })]);
    }

    /** Makes the service account set the room's encryption as the policy wants, and records the attempt. */
    private async enforce(
        room: IRoom,
        encrypted: boolean,
        why: { action: AuditAction; policy: Policy; actor?: IUser },
        accessors: Accessors,
    ): ReturnType<RoomLifecycleHandler['setEncrypted']> {
        const result = await this.setEncrypted(room, encrypted, accessors);
        await this.record(accessors, {
            action: why.action,
            outcome: result.ok ? AuditOutcome.Done : result.outcome,
            reason: result.ok ? `policy-${why.policy}` : result.reason,
            actorId: why.actor?.id,
            actorUsername: why.actor?.username,
            roomId: room.id,
            roomName: roomLabel(room),
        });
        return result;
    }

    private async setEncrypted(
        room: IRoom,
        encrypted: boolean,
        { read, http }: Accessors,
    ): Promise<{ ok: true } | { ok: false; outcome: AuditOutcome; reason: string; reply: Text; unconfirmed: boolean }> {
        if (!(await isWorkspaceE2EEnabled(read))) {
            return { ok: false, outcome: AuditOutcome.Refused, reason: 'workspace-e2e-off', reply: text('toggle_workspace_off'), unconfirmed: false };
        }
        const workspace = await connectWorkspace(read, http, this.services.settings.get());
        if (!workspace) {
            return { ok: false, outcome: AuditOutcome.Failed, reason: 'not-configured', reply: text('service_not_configured'), unconfirmed: false };
        }
        const result = await workspace.client.saveRoomEncrypted(room.id, encrypted);
        if (result.ok) {
            return { ok: true };
        }
        return {
            ok: false,
            outcome: AuditOutcome.Failed,
            reason: result.failure.errorType ?? result.failure.kind,
            reply: failureText(result.failure),
            // A lost or garbled answer: the change may have been made.
            unconfirmed: outcomeUnknown(result.failure),
        };
    }

    private record({ read, persis }: Pick<Accessors, 'read' | 'persis'>, entry: AuditEntry): Promise<boolean> {
        return this.services.audit.record(persis, read.getPersistenceReader(), entry);
    }

    private async tellSafely(accessors: Accessors, user: IUser, room: IRoom, lines: Array<Text>): Promise<void> {
        await tell(accessors.read, accessors.modify, user, room, lines).catch(() => this.services.logger.error('could not notify a user'));
    }
}
