import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { AppsEngineException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom, IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { changeEncryption } from '../actions/changeEncryption';
import type { AppContext } from '../actions/context';
import { eventContext, recordAudit } from '../actions/context';
import type { Accessors } from '../app/Accessors';
import type { AppServices } from '../app/AppServices';
import { AuditAction, AuditOutcome } from '../audit/AuditRecord';
import type { Text } from '../i18n/translate';
import { text, translate } from '../i18n/translate';
import { keepForRetry } from '../jobs/retries';
import { findAppUser } from '../lib/deliverFile';
import { errorName } from '../lib/errors';
import { roomLabel } from '../lib/lookups';
import { languageOf, tell } from '../lib/notify';
import { isAppDirect } from '../policy/compliance';
import { kindText, policyText } from '../policy/labels';
import type { CreateFacts } from '../policy/lifecycle';
import { decideCreate, decideRevert } from '../policy/lifecycle';
import { classifyRoom, isRoomEncrypted } from '../policy/RoomKind';
import { announcedEncryption } from '../policy/systemMessages';
import { isWorkspaceE2EEnabled } from '../settings/serverSettings';

/** Room creation, encryption changes made elsewhere, and joins. */
export class RoomLifecycleHandler {
    constructor(private readonly services: AppServices) {}

    /** Refuses creating an encrypted room the policy does not allow; the creator sees why. */
    public async preCreate(room: IRoom, read: IRead, persis: IPersistence): Promise<boolean> {
        const decision = decideCreate(this.createFacts(room));
        if (decision.decision !== 'refuse') {
            return false;
        }
        await recordAudit({ read, persis, services: this.services }, room.creator, {
            action: AuditAction.RoomCreateRefused,
            outcome: AuditOutcome.Refused,
            reason: decision.reason,
            roomName: roomLabel(room),
        });
        throw new AppsEngineException(translate(await languageOf(read, room.creator), decision.why));
    }

    /** Under `default` and `required`, turns encryption on right after a room of that kind is created. */
    public async postCreate(room: IRoom, accessors: Accessors): Promise<void> {
        if (decideCreate(this.createFacts(room)).decision !== 'encrypt') {
            return;
        }
        const ctx = eventContext(accessors, this.services);
        if (await this.isAppDirect(ctx, room)) {
            return;
        }
        const result = await changeEncryption(ctx, {
            room,
            encrypted: true,
            action: AuditAction.AutoEnable,
            requestedBy: 'policy',
            actor: room.creator,
        });
        await keepForRetry(ctx, { room, wanted: true, action: 'auto-enable', actor: room.creator, result });
        if (result.status !== 'done' && room.creator) {
            const unconfirmed = result.status === 'failed' && result.unconfirmed;
            await this.tellSafely(accessors, room.creator, room, [
                text(unconfirmed ? 'auto_enable_unconfirmed' : 'auto_enable_failed', { room: roomLabel(room), reason: result.why }),
            ]);
        }
    }

    /**
     * Reverts an encryption change made elsewhere (room menu, another client, the API) that the
     * policy forbids, and tells whoever made it why.
     */
    public async systemMessage(message: IMessage, accessors: Accessors): Promise<void> {
        const switchedTo = announcedEncryption(message.type);
        const room = message.room;
        if (switchedTo === undefined || !room) {
            return;
        }
        const kind = classifyRoom(room);
        const decision = decideRevert({ kind, policies: this.services.settings.get().policies, switchedTo, encrypted: isRoomEncrypted(room) });
        if (decision.decision !== 'revert') {
            return;
        }
        const ctx = eventContext(accessors, this.services);
        if (await this.isAppDirect(ctx, room)) {
            return;
        }
        const result = await changeEncryption(ctx, {
            room,
            encrypted: decision.wanted,
            action: AuditAction.Revert,
            requestedBy: 'policy',
            actor: message.sender,
        });
        await keepForRetry(ctx, { room, wanted: decision.wanted, action: 'revert', actor: message.sender, result });
        if (message.sender) {
            const params = { room: roomLabel(room), kind: kindText(kind), policy: policyText(decision.policy) };
            const unconfirmed = result.status === 'failed' && result.unconfirmed;
            const reply =
                result.status === 'done'
                    ? text(decision.wanted ? 'revert_enabled' : 'revert_disabled', params)
                    : text(unconfirmed ? 'revert_unconfirmed' : 'revert_failed', { ...params, reason: result.why });
            await this.tellSafely(accessors, message.sender, room, [reply]);
        }
    }

    /** Tells someone joining an encrypted room what that means for them (the engine may call this without a Modify accessor: then nobody can be told). */
    public async postJoin(context: IRoomUserJoinedContext, { modify, ...accessors }: Omit<Accessors, 'modify'> & { readonly modify?: IModify }): Promise<void> {
        const { room, joiningUser } = context;
        if (!modify || !this.services.settings.get().notifyOnJoin || !isRoomEncrypted(room) || !(await isWorkspaceE2EEnabled(accessors.read))) {
            return;
        }
        await this.tellSafely({ ...accessors, modify }, joiningUser, room, [text('join_notice', { room: roomLabel(room) })]);
    }

    /** The direct message between the app's user and someone (where it sends files) is left alone by the policy. */
    private async isAppDirect(ctx: AppContext, room: IRoom): Promise<boolean> {
        return (room.type as string) === 'd' && isAppDirect(room, (await findAppUser(ctx.read))?.id);
    }

    private createFacts(room: IRoom): CreateFacts {
        return { kind: classifyRoom(room), encrypted: isRoomEncrypted(room), policies: this.services.settings.get().policies };
    }

    private async tellSafely(accessors: Accessors, user: IUser, room: IRoom, lines: Array<Text>): Promise<void> {
        await tell(accessors.read, accessors.modify, user, room, lines).catch((error) => this.services.logger.error(`could not notify a user: ${errorName(error)}`));
    }
}
