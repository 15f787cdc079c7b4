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
import { ExpiringMap } from '../lib/ExpiringMap';
import { findUserById, roomLabel } from '../lib/lookups';
import { languageOf, tell } from '../lib/notify';
import { isAppDirect } from '../policy/compliance';
import { kindText, policyText } from '../policy/labels';
import { encryptedByDefault, encryptionForced } from '../policy/conflicts';
import { isNeed } from '../policy/facts';
import type { CreateDecision, CreateFacts } from '../policy/lifecycle';
import { decideCreate, decideRevert } from '../policy/lifecycle';
import { Policy } from '../policy/Policy';
import type { RoomKind } from '../policy/RoomKind';
import { classifyRoom, isRoomEncrypted, isSupportedKind } from '../policy/RoomKind';
import { announcedEncryption } from '../policy/systemMessages';
import { isWorkspaceE2EEnabled, readServerE2E } from '../settings/serverSettings';

/** What IPreRoomCreateModify returns to create a room unencrypted (see clearEncryption). */
const CLEARED = { _unmappedProperties_: { encrypted: false } } as unknown as IRoom;

/** How long facts about a room being created are kept for the next event of the same creation. */
const CREATION_TTL_MS = 60 * 1000;
const MAX_CREATIONS = 1000;

/**
 * What identifies a room being created in both its pre-create and post-create events (the pre-create room has no
 * id yet): its type, creator, and name, or for a direct message its members.
 */
function creationKey(room: IRoom): string {
    const who = room.type === 'd' ? [...(Array.isArray(room.userIds) ? room.userIds : [])].sort().join(',') : room.slugifiedName ?? '';
    return `${room.type}|${room.creator?.id ?? ''}|${who}`;
}

/** Room creation, encryption changes made elsewhere, and joins. */
export class RoomLifecycleHandler {
    /**
     * The kind of each room being created, as its pre-create Prevent event shows it. Rocket.Chat hands the Modify
     * event the room after the Extend event's round trip through convertAppRoom (apps/meteor/app/apps/server/
     * converters/rooms.ts), which does not map `teamMain` back: there a private team looks like a private channel.
     */
    private readonly creating = new ExpiringMap<string, RoomKind>(CREATION_TTL_MS, MAX_CREATIONS);
    /**
     * Rooms this instance created unencrypted, so the post-create event, which Rocket.Chat fires on the same server
     * right after, can tell the creator why. Lost on a restart: the creator is then told only when Rocket.Chat's
     * defaults explain it.
     */
    private readonly cleared = new ExpiringMap<string, true>(CREATION_TTL_MS, MAX_CREATIONS);

    constructor(private readonly services: AppServices) {}

    /** Refuses creating an encrypted room of a kind Rocket.Chat cannot encrypt; the creator sees why. */
    public async preCreate(room: IRoom, read: IRead, persis: IPersistence): Promise<boolean> {
        const facts = this.createFacts(room);
        const decision = decideCreate(facts);
        if (isNeed(decision) || decision.decision !== 'refuse') {
            this.creating.set(creationKey(room), facts.kind);
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

    /**
     * Whether a room being created may have to lose the encryption Rocket.Chat's defaults gave it (pure, cached
     * settings): under a `disabled` policy, or a direct message created encrypted (it may be the app's own).
     */
    public mayClearEncryption(room: IRoom): boolean {
        const decision = decideCreate(this.createFacts(room));
        return isNeed(decision) || decision.decision === 'clear' || ((room.type as string) === 'd' && isRoomEncrypted(room));
    }

    /**
     * Creates the room unencrypted when its kind's policy is `disabled` and Rocket.Chat does not require encryption
     * there. Rocket.Chat merges what this returns into the room it inserts (createRoom.ts and createDirectRoom.ts:
     * `Object.assign(roomProps, eventResult)`, after converters/rooms.ts convertAppRoom has merged the result's
     * `_unmappedProperties_`), so the smallest result that clears the flag is returned: it converts to exactly
     * `{ encrypted: false }` and cannot change anything else (returning the room itself would send back its
     * `_USERNAMES`, which createDirectRoom keeps).
     */
    public async clearEncryption(room: IRoom, read: IRead, persis: IPersistence): Promise<IRoom> {
        const decision = await this.decideCreateWithServer(room, read);
        if (decision.decision !== 'clear') {
            // The app's own direct message (where it sends the report's file) is created unencrypted whatever the
            // policy: its user holds no E2EE keys, so nobody could read what it posts there, and a file is refused.
            const appDirect = isRoomEncrypted(room) && isAppDirect(room, (await findAppUser(read))?.id);
            return appDirect ? CLEARED : room;
        }
        this.remember(room);
        await recordAudit({ read, persis, services: this.services }, room.creator, {
            action: AuditAction.RoomCreateUnencrypted,
            outcome: AuditOutcome.Done,
            reason: decision.reason,
            roomName: roomLabel(room),
        });
        return CLEARED;
    }

    /**
     * After creation: under `default` and `required`, turns encryption on; under `disabled`, tells the creator why
     * the room is not encrypted when Rocket.Chat's defaults would have encrypted it, and turns encryption off when
     * the room was created encrypted all the same (a server that did not apply the cleared flag).
     */
    public async postCreate(room: IRoom, accessors: Accessors): Promise<void> {
        const facts = this.createFacts(room);
        const decision = decideCreate(facts);
        if (isNeed(decision) || decision.decision === 'clear') {
            await this.clearAfterCreation(room, accessors);
            return;
        }
        if (decision.decision !== 'encrypt') {
            await this.explainUnencrypted(room, accessors);
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

    /** A room created encrypted under `disabled` (the clearing was not applied): encryption off, and the creator told why. */
    private async clearAfterCreation(room: IRoom, accessors: Accessors): Promise<void> {
        const decision = await this.decideCreateWithServer(room, accessors.read);
        if (decision.decision !== 'clear') {
            return;
        }
        const ctx = eventContext(accessors, this.services);
        const result = await changeEncryption(ctx, {
            room,
            encrypted: false,
            action: AuditAction.Revert,
            requestedBy: 'policy',
            actor: room.creator,
        });
        await keepForRetry(ctx, { room, wanted: false, action: 'revert', actor: room.creator, result });
        const params = { room: roomLabel(room), kind: kindText(classifyRoom(room)), policy: policyText(Policy.Disabled) };
        const unconfirmed = result.status === 'failed' && result.unconfirmed;
        const reply = result.status === 'done' ? decision.why : text(unconfirmed ? 'revert_unconfirmed' : 'revert_failed', { ...params, reason: result.why });
        await this.tellCreators(accessors, room, [reply]);
    }

    /**
     * A room created unencrypted under `disabled` that would have been encrypted (the app cleared it, or Rocket.Chat's
     * defaults would have encrypted it): its creator is told why.
     */
    private async explainUnencrypted(room: IRoom, accessors: Accessors): Promise<void> {
        const kind = classifyRoom(room);
        const clearedHere = this.forget(room);
        if (isRoomEncrypted(room) || !isSupportedKind(kind) || this.services.settings.get().policies[kind] !== Policy.Disabled) {
            return;
        }
        if (!clearedHere) {
            const server = await readServerE2E(accessors.read);
            if (!encryptedByDefault(kind, server) || encryptionForced(kind, server)) {
                return;
            }
        }
        await this.tellCreators(accessors, room, [text('create_unencrypted_disabled', { kind: kindText(kind), room: roomLabel(room) })]);
    }

    /** decideCreate with what Rocket.Chat requires of the room read from its settings. */
    private async decideCreateWithServer(room: IRoom, read: IRead): Promise<CreateDecision> {
        const facts = this.createFacts(room);
        const decided = decideCreate(facts);
        if (!isNeed(decided)) {
            return decided;
        }
        const kind = facts.kind;
        const forced = isSupportedKind(kind) && encryptionForced(kind, await readServerE2E(read));
        return decideCreate({ ...facts, forced }) as CreateDecision;
    }

    /**
     * Who to tell about a new room: its creator. Rocket.Chat's direct messages record no creator, so there each
     * member is told.
     */
    private async tellCreators(accessors: Accessors, room: IRoom, lines: Array<Text>): Promise<void> {
        if (room.creator) {
            await this.tellSafely(accessors, room.creator, room, lines);
            return;
        }
        const members = await Promise.all((Array.isArray(room.userIds) ? room.userIds : []).map((id) => findUserById(accessors.read, id)));
        for (const member of members) {
            if (member) {
                await this.tellSafely(accessors, member, room, lines);
            }
        }
    }

    private remember(room: IRoom): void {
        this.cleared.set(creationKey(room), true);
    }

    /** Whether this instance cleared the room at creation (and no longer remembers it). */
    private forget(room: IRoom): boolean {
        return this.cleared.take(creationKey(room)) === true;
    }

    /** The facts of a room being created or just created; its kind as the Prevent event saw it, when known. */
    private createFacts(room: IRoom): CreateFacts {
        const kind = this.creating.get(creationKey(room)) ?? classifyRoom(room);
        return { kind, label: roomLabel(room), encrypted: isRoomEncrypted(room), policies: this.services.settings.get().policies };
    }

    private async tellSafely(accessors: Accessors, user: IUser, room: IRoom, lines: Array<Text>): Promise<void> {
        await tell(accessors.read, accessors.modify, user, room, lines).catch((error) => this.services.logger.error(`could not notify a user: ${errorName(error)}`));
    }
}
