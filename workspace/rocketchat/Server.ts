// Rocket.Chat's server-side functions over the in-memory model, with the Apps-Engine events at the places
// Rocket.Chat fires them. Each function cites the Rocket.Chat file it follows.
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import { hashLoginToken, nowIso, passwordDigest, randomId, randomSecret } from './ids';
import { Model } from './Model';
import { allowsE2ESettingChange, defaultEncryptedAtCreation, discussionReplyRefused, discussionTypeFor, isSystemMessageType, MeteorError, refusesUnencrypted } from './rules';
import type { LoginToken, RcMessage, RcRoom, RcSubscription, RcUser, RoomType, UserType } from './types';

/** How the server reaches the Apps-Engine (the orchestrator's triggerEvent, ee/server/apps/orchestrator.js). */
export interface AppsHooks {
    isLoaded(): boolean;
    triggerEvent(event: AppInterface, ...payload: unknown[]): Promise<unknown>;
}

export interface CreateUserOptions {
    username: string;
    name?: string;
    roles?: string[];
    type?: UserType;
    active?: boolean;
    language?: string;
    federated?: boolean;
    password?: string;
    emails?: Array<{ address: string; verified: boolean }>;
    e2e?: { public_key: string; private_key: string };
    totp?: boolean;
    email2fa?: boolean;
    appId?: string;
    _id?: string;
}

/**
 * 'sendMessage': DDP method / REST chat.sendMessage (method checks + executeSendMessage);
 * 'executeSendMessage': messages from apps (message bridge create) and services (executeSendMessage only);
 * 'postMessage' / 'webhook': chat.postMessage and incoming integrations (processWebhookMessage).
 */
export type SendPath = 'sendMessage' | 'executeSendMessage' | 'postMessage' | 'webhook';

export interface OutgoingMessage {
    msg?: string;
    t?: string;
    e2e?: 'pending' | 'done';
    content?: RcMessage['content'];
    e2eMentions?: RcMessage['e2eMentions'];
    tmid?: string;
    _id?: string;
    alias?: string;
    emoji?: string;
    customFields?: Record<string, unknown>;
    /** webhook path: the incoming integration's id (stored as `bot.i`) */
    integrationId?: string;
}

export class RocketChatServer {
    readonly model = new Model();
    apps?: AppsHooks;
    private readonly pending = new Set<Promise<unknown>>();

    /** Fire-and-forget events (`void Apps.self?.triggerEvent(...)` in Rocket.Chat); `settle()` waits for them. */
    private fireAndForget(p: Promise<unknown>): void {
        const tracked = p.catch(() => undefined).finally(() => this.pending.delete(tracked));
        this.pending.add(tracked);
    }

    async settle(): Promise<void> {
        while (this.pending.size) {
            await Promise.all([...this.pending]);
        }
    }

    private async trigger(event: AppInterface, ...payload: unknown[]): Promise<unknown> {
        if (!this.apps?.isLoaded()) {
            return undefined;
        }
        return this.apps.triggerEvent(event, ...payload);
    }

    // ------------------------------------------------------------------ users
    createUser(o: CreateUserOptions): RcUser {
        if (this.model.userByUsername(o.username)) {
            throw new MeteorError('error-field-unavailable', `${o.username} is already in use :(`);
        }
        const now = nowIso();
        const user: RcUser = {
            _id: o._id ?? randomId(),
            username: o.username,
            name: o.name ?? o.username,
            type: o.type ?? 'user',
            roles: o.roles ?? (o.type === 'bot' ? ['bot'] : o.type === 'app' ? ['app'] : ['user']),
            active: o.active ?? true,
            status: 'offline',
            createdAt: now,
            _updatedAt: now,
            services: {
                resume: { loginTokens: [] },
                ...(o.password && { password: { sha256: passwordDigest(o.password) } }),
                ...(o.totp && { totp: { enabled: true } }),
                ...(o.email2fa && { email2fa: { enabled: true } }),
            },
            ...(o.language && { language: o.language, settings: { preferences: { language: o.language } } }),
            ...(o.federated && { federated: true }),
            ...(o.emails && { emails: o.emails }),
            ...(o.e2e && { e2e: o.e2e }),
            ...(o.appId && { appId: o.appId }),
        };
        this.model.users.set(user._id, user);
        return user;
    }

    /** A session login token (Accounts._insertLoginToken): returns the plain token, stores its hash. */
    createLoginToken(userId: string): string {
        const user = this.requireUser(userId);
        const token = randomSecret();
        this.tokensOf(user).push({ hashedToken: hashLoginToken(token), when: nowIso() });
        return token;
    }

    /** personalAccessTokens:generateToken (imports/personal-access-tokens/server/api/methods/generateToken.ts). */
    createPersonalAccessToken(userId: string, tokenName: string, bypassTwoFactor = false): string {
        const user = this.requireUser(userId);
        if (!this.model.hasPermission(userId, 'create-personal-access-tokens')) {
            throw new MeteorError('not-authorized', 'Not Authorized', { method: 'personalAccessTokens:generateToken' });
        }
        if (this.tokensOf(user).some((t) => t.type === 'personalAccessToken' && t.name === tokenName)) {
            throw new MeteorError('error-token-already-exists', 'A token with this name already exists', { method: 'personalAccessTokens:generateToken' });
        }
        const token = randomSecret();
        const record: LoginToken = {
            hashedToken: hashLoginToken(token),
            type: 'personalAccessToken',
            createdAt: nowIso(),
            lastTokenPart: token.slice(-6),
            name: tokenName,
            bypassTwoFactor,
        };
        this.tokensOf(user).push(record);
        return token;
    }

    private tokensOf(user: RcUser): LoginToken[] {
        user.services = user.services ?? {};
        user.services.resume = user.services.resume ?? { loginTokens: [] };
        return user.services.resume.loginTokens;
    }

    requireUser(userId: string): RcUser {
        const user = this.model.userById(userId);
        if (!user) {
            throw new MeteorError('error-invalid-user', 'Invalid user');
        }
        return user;
    }

    /** setUserActiveStatus (app/lib/server/functions/setUserActiveStatus.ts): deactivation wipes every login token. */
    setUserActive(userId: string, active: boolean): void {
        const user = this.requireUser(userId);
        user.active = active;
        if (!active) {
            this.tokensOf(user).splice(0);
        }
    }

    // ------------------------------------------------------------------ rooms
    private newSubscription(room: RcRoom, user: RcUser, extra: Partial<RcSubscription> = {}): RcSubscription {
        const sub: RcSubscription = {
            _id: randomId(),
            rid: room._id,
            u: { _id: user._id, username: user.username, name: user.name },
            t: room.t,
            name: room.t === 'd' ? undefined : room.name,
            fname: room.fname,
            open: true,
            ts: nowIso(),
            ...(room.prid && { prid: room.prid }),
            ...extra,
        };
        this.model.subscriptions.set(sub._id, sub);
        return sub;
    }

    private e2eDefaults() {
        const s = this.model.settings;
        return {
            e2eEnable: Boolean(s.get('E2E_Enable')),
            defaultDirect: Boolean(s.get('E2E_Enabled_Default_DirectRooms')),
            defaultPrivate: Boolean(s.get('E2E_Enabled_Default_PrivateRooms')),
        };
    }

    /** The app's pre-create events; throws error-app-prevented as createRoom.ts does. Returns the Modify result. */
    private async preRoomCreate(tmp: Record<string, unknown>): Promise<Partial<RcRoom> | undefined> {
        const prevent = await this.trigger(AppInterface.IPreRoomCreatePrevent, tmp).catch((error: Error) => {
            if (error?.name === 'AppsEngineException') {
                throw new MeteorError('error-app-prevented', error.message);
            }
            throw error;
        });
        if (prevent) {
            throw new MeteorError('error-app-prevented', 'A Rocket.Chat App prevented the room creation.');
        }
        const extended = await this.trigger(AppInterface.IPreRoomCreateExtend, tmp);
        const result = (await this.trigger(AppInterface.IPreRoomCreateModify, extended)) as Record<string, unknown> | undefined;
        if (result && typeof result === 'object' && delete result._USERNAMES) {
            return result as Partial<RcRoom>;
        }
        return undefined;
    }

    /**
     * createRoom (app/lib/server/functions/createRoom.ts) for c/p rooms, teams and discussions: prepareCreateRoom
     * callbacks (E2E default), app pre-create events, insert, subscriptions (owner gets ['owner']), post-create.
     */
    async createRoom(
        type: Exclude<RoomType, 'd'>,
        name: string,
        ownerId: string,
        memberUsernames: string[] = [],
        extraData: Partial<RcRoom> = {},
        options: { excludeSelf?: boolean; readOnly?: boolean } = {},
    ): Promise<RcRoom> {
        const owner = this.requireUser(ownerId);
        if (typeof name !== 'string' || !name.trim()) {
            throw new MeteorError('error-invalid-name', 'Invalid name', { function: 'RocketChat.createRoom' });
        }
        const members = [...memberUsernames];
        if (!options.excludeSelf && !members.includes(owner.username)) {
            members.push(owner.username);
        }
        const data: Partial<RcRoom> = { ...extraData };
        const encrypted = defaultEncryptedAtCreation(type, data.encrypted, this.e2eDefaults());
        if (encrypted !== undefined) {
            data.encrypted = encrypted;
        }
        const isDiscussion = 'prid' in data && data.prid !== '';
        const now = nowIso();
        if (!isDiscussion && this.model.roomByName(name.trim())) {
            throw new MeteorError('error-duplicate-channel-name', `A channel with name '${name}' exists`, { function: 'RocketChat.createRoom', channel_name: name });
        }
        let roomProps: RcRoom = {
            fname: name,
            _updatedAt: now,
            ...data,
            _id: randomId(),
            name: isDiscussion ? name : name.trim(),
            t: type,
            msgs: 0,
            usersCount: 0,
            u: { _id: owner._id, username: owner.username, name: owner.name },
            ts: now,
            ro: options.readOnly === true,
        } as RcRoom;
        const modified = await this.preRoomCreate({ ...roomProps, _USERNAMES: members });
        if (modified) {
            roomProps = { ...roomProps, ...modified, _id: roomProps._id } as RcRoom;
        }
        this.model.rooms.set(roomProps._id, roomProps);
        for (const username of members) {
            const member = this.model.userByUsername(username);
            if (!member) {
                continue;
            }
            this.newSubscription(roomProps, member, member.username === owner.username ? { roles: ['owner'] } : {});
            roomProps.usersCount += 1;
        }
        this.fireAndForget(this.trigger(AppInterface.IPostRoomCreate, roomProps));
        return roomProps;
    }

    /** createDirectRoom (app/lib/server/functions/createDirectRoom.ts): 'd' rooms, reused when they exist. */
    async createDirectRoom(memberIds: string[], creatorId?: string): Promise<RcRoom> {
        const members = [...new Set(memberIds)].map((id) => this.requireUser(id));
        const usernames = members.map((m) => m.username);
        const existing = this.model.directRoomByUsernames(usernames);
        if (existing) {
            return existing;
        }
        const now = nowIso();
        const data: Partial<RcRoom> = {};
        const encrypted = defaultEncryptedAtCreation('d', undefined, this.e2eDefaults());
        if (encrypted !== undefined) {
            data.encrypted = encrypted;
        }
        let room: RcRoom = {
            // createDirectRoom: the _id of a two-person DM is the two user ids joined
            _id: members.length === 2 ? members.map((m) => m._id).sort().join('') : randomId(),
            t: 'd',
            usernames,
            uids: members.map((m) => m._id),
            usersCount: members.length,
            msgs: 0,
            ts: now,
            _updatedAt: now,
            ...data,
        };
        const modified = await this.preRoomCreate({ ...room, _USERNAMES: usernames });
        if (modified) {
            room = { ...room, ...modified, _id: room._id, t: 'd' } as RcRoom;
        }
        this.model.rooms.set(room._id, room);
        for (const m of members) {
            const others = members.filter((o) => o._id !== m._id);
            const other = others[0] ?? m;
            this.newSubscription(room, m, { name: other.username, fname: other.name });
        }
        void creatorId;
        this.fireAndForget(this.trigger(AppInterface.IPostRoomCreate, room));
        return room;
    }

    /** Team.create (server/services/team/service.ts): main room 'p' (private team) or 'c' (public), teamMain + teamId. */
    async createTeam(name: string, ownerId: string, privateTeam: boolean, memberUsernames: string[] = []): Promise<RcRoom> {
        const teamId = randomId();
        return this.createRoom(privateTeam ? 'p' : 'c', name, ownerId, memberUsernames, { teamId, teamMain: true });
    }

    /** A room inside a team (Team.addRooms / createRoom with teamId). */
    async createRoomInTeam(teamMainRoomId: string, type: 'c' | 'p', name: string, ownerId: string, members: string[] = []): Promise<RcRoom> {
        const main = this.requireRoom(teamMainRoomId);
        if (!main.teamId) {
            throw new MeteorError('error-team-not-found', 'Team not found');
        }
        return this.createRoom(type, name, ownerId, members, { teamId: main.teamId });
    }

    /** createDiscussion (app/discussion/server/methods/createDiscussion.ts). */
    async createDiscussion(
        userId: string,
        o: { prid: string; t_name: string; users?: string[]; encrypted?: boolean; reply?: string },
    ): Promise<RcRoom> {
        if (!this.model.settings.get('Discussion_enabled')) {
            throw new MeteorError('error-action-not-allowed', 'You are not allowed to create a discussion', { method: 'createDiscussion' });
        }
        const user = this.requireUser(userId);
        if (!this.model.hasPermission(userId, 'start-discussion', o.prid) && !this.model.hasPermission(userId, 'start-discussion-other-user', o.prid)) {
            throw new MeteorError('error-action-not-allowed', 'You are not allowed to create a discussion', { method: 'createDiscussion' });
        }
        const parent = this.model.roomById(o.prid);
        if (!parent) {
            throw new MeteorError('error-invalid-arguments', 'Missing parent room ID');
        }
        if (parent.prid) {
            throw new MeteorError('error-nested-discussion', 'Cannot create nested discussions', { method: 'createDiscussion' });
        }
        const encrypted = typeof o.encrypted === 'boolean' ? o.encrypted : Boolean(parent.encrypted);
        if (discussionReplyRefused(encrypted, o.reply)) {
            throw new MeteorError('error-invalid-arguments', 'Encrypted discussions must not receive an initial reply.', { method: 'createDiscussion' });
        }
        const type = discussionTypeFor(parent.t);
        const discussion = await this.createRoom(type as Exclude<RoomType, 'd'>, randomId(), userId, [...new Set(o.users ?? [])], {
            fname: o.t_name,
            description: '',
            topic: parent.name,
            prid: parent._id,
            encrypted,
        });
        // createRoom sets fname to the random name first; createDiscussion passes fname in extraData, which wins.
        discussion.fname = o.t_name;
        await this.saveSystemMessage('discussion-created', parent._id, o.t_name, user, { drid: discussion._id });
        if (o.reply) {
            await this.sendMessage(userId, discussion._id, { msg: o.reply }, 'sendMessage');
        }
        return discussion;
    }

    /** A livechat room ('l') with a visitor; only what the E2EE policy needs (type and membership). */
    createLivechatRoom(agentId: string, visitorName = 'visitor'): RcRoom {
        const agent = this.requireUser(agentId);
        const now = nowIso();
        const room: RcRoom = {
            _id: randomId(),
            t: 'l',
            fname: visitorName,
            name: visitorName,
            msgs: 0,
            usersCount: 1,
            ts: now,
            _updatedAt: now,
            open: true,
            v: { _id: randomId(), username: visitorName, token: randomSecret() },
            servedBy: { _id: agent._id, username: agent.username },
        };
        this.model.rooms.set(room._id, room);
        this.newSubscription(room, agent);
        return room;
    }

    requireRoom(rid: string): RcRoom {
        const room = this.model.roomById(rid);
        if (!room) {
            throw new MeteorError('error-invalid-room', 'Invalid room');
        }
        return room;
    }

    /** addUserToRoom (app/lib/server/functions/addUserToRoom.ts): pre/post join events, subscription, 'uj'/'au'. */
    async addUserToRoom(rid: string, userId: string, inviterId?: string): Promise<RcSubscription> {
        const room = this.requireRoom(rid);
        const user = this.requireUser(userId);
        const inviter = inviterId ? this.requireUser(inviterId) : undefined;
        const existing = this.model.subscription(rid, userId);
        if (existing) {
            return existing;
        }
        try {
            await this.trigger(AppInterface.IPreRoomUserJoined, room, user, inviter);
        } catch (error) {
            if ((error as Error)?.name === 'AppsEngineException') {
                throw new MeteorError('error-app-prevented', (error as Error).message);
            }
            throw error;
        }
        const sub = this.newSubscription(room, user);
        room.usersCount += 1;
        if (room.t === 'd') {
            room.usernames = [...(room.usernames ?? []), user.username];
            room.uids = [...(room.uids ?? []), user._id];
        }
        if (inviter && inviter._id !== user._id) {
            await this.saveSystemMessage('au', rid, user.username, inviter);
        } else {
            await this.saveSystemMessage('uj', rid, user.username, user);
        }
        if (room.encrypted && this.model.settings.get('E2E_Enable') && user.e2e?.public_key) {
            const queue = room.usersWaitingForE2EKeys ?? [];
            if (!queue.some((q) => q.userId === user._id)) {
                room.usersWaitingForE2EKeys = [...queue, { userId: user._id, ts: nowIso() }].slice(-50);
            }
        }
        // IPostRoomUserJoined runs (on next tick) only for 'c' and 'p' rooms
        if (room.t === 'c' || room.t === 'p') {
            this.fireAndForget(this.trigger(AppInterface.IPostRoomUserJoined, room, user, inviter));
        }
        return sub;
    }

    /** Room roles (addRoomOwner / addRoomModerator / addRoomLeader): sets or clears a role on the subscription. */
    setRoomRole(rid: string, userId: string, role: string, on = true): void {
        const sub = this.model.subscription(rid, userId);
        if (!sub) {
            throw new MeteorError('error-user-not-in-room', 'User is not in this room');
        }
        const roles = new Set(sub.roles ?? []);
        if (on) {
            roles.add(role);
        } else {
            roles.delete(role);
        }
        sub.roles = [...roles];
    }

    // ------------------------------------------------------------------ messages
    /** Message.saveSystemMessage (server/services/messages/service.ts): insert, count, IPostSystemMessageSent. */
    async saveSystemMessage(type: string, rid: string, text: string, owner: RcUser, extra: Partial<RcMessage> = {}): Promise<RcMessage> {
        if (!owner.username) {
            throw new Error('The username cannot be empty.');
        }
        const now = nowIso();
        const message: RcMessage = {
            _id: randomId(),
            t: type,
            rid,
            ts: now,
            msg: text,
            u: { _id: owner._id, username: owner.username, name: owner.name },
            groupable: false,
            _updatedAt: now,
            ...extra,
        };
        this.model.messages.set(message._id, message);
        const room = this.model.roomById(rid);
        if (room) {
            room.msgs += 1;
        }
        this.fireAndForget(this.trigger(AppInterface.IPostSystemMessageSent, message));
        return message;
    }

    /**
     * Sending a message. 'sendMessage' = DDP sendMessage / REST chat.sendMessage (method checks + executeSendMessage,
     * with its plaintext guard); 'postMessage' / 'webhook' = chat.postMessage / integrations
     * (processWebhookMessage: only text-like fields pass, no `t`, no plaintext guard). Both end in sendMessage().
     * Returns the stored message, or undefined when an app prevented it.
     */
    async sendMessage(userId: string, rid: string, input: OutgoingMessage, path: SendPath = 'sendMessage'): Promise<RcMessage | undefined> {
        const user = this.model.userById(userId);
        if (!user?.username) {
            throw new MeteorError('error-invalid-user', 'Invalid user');
        }
        if (path === 'sendMessage' || path === 'executeSendMessage') {
            if (path === 'sendMessage' && isSystemMessageType(input.t)) {
                throw new Error("Cannot send system messages using 'sendMessage'");
            }
            const message: Partial<RcMessage> = { ...input, rid } as Partial<RcMessage>;
            if (message.msg && message.msg.length > (this.model.settings.get<number>('Message_MaxAllowedSize') ?? 0)) {
                throw new MeteorError('error-message-size-exceeded', 'Message size exceeds Message_MaxAllowedSize', { method: 'sendMessage' });
            }
            try {
                const room = this.canSendMessage(rid, user);
                const s = this.model.settings;
                if (refusesUnencrypted(room, message, Boolean(s.get('E2E_Enable')), Boolean(s.get('E2E_Allow_Unencrypted_Messages')))) {
                    throw new MeteorError('error-not-allowed', 'Not allowed to send un-encrypted messages in an encrypted room', { method: 'sendMessage' });
                }
                return await this.sendMessageFunction(user, message, room);
            } catch (err) {
                // executeSendMessage's catch: notify.ephemeralMessage to the sender with i18n.t(err.error || err.message)
                // (an app's AppsEngineException text as is; Rocket.Chat's own error keys untranslated here), then rethrow
                const e = err as { error?: unknown; message?: unknown };
                const text = typeof err === 'string' ? err : String(e?.error || e?.message || '');
                this.model.notifications.push({ kind: 'user', userId: user._id, roomId: rid, text, message: { rid, msg: text, ephemeral: true }, at: nowIso() });
                throw err;
            }
        }
        // processWebhookMessage (app/lib/server/functions/processWebhookMessage.ts)
        const room = this.canSendMessage(rid, user);
        const message: Partial<RcMessage> = {
            alias: input.alias,
            msg: typeof input.msg === 'string' ? input.msg.trim() : '',
            emoji: input.emoji,
            groupable: false,
            ...(input.tmid && { tmid: input.tmid }),
            ...(input.customFields && { customFields: input.customFields }),
            // executeIntegrationRest sets bodyParams.bot = { i: integration._id } before processWebhookMessage
            ...(path === 'webhook' ? { bot: { i: input.integrationId ?? 'integration' } } : {}),
        };
        for (const k of Object.keys(message)) {
            if ((message as Record<string, unknown>)[k] === undefined) {
                delete (message as Record<string, unknown>)[k];
            }
        }
        return this.sendMessageFunction(user, message, room);
    }

    /**
     * canAccessRoom (app/authorization/server/functions/canAccessRoom.ts validators): public rooms outside teams with
     * view-c-room, public rooms of a team (public team: view-c-room; private team: team members), a subscription,
     * a discussion whose parent is accessible, a livechat room served by the user.
     */
    canAccessRoom(room: RcRoom, userId: string): boolean {
        if (room.t === 'c' && room.teamId) {
            const main = [...this.model.rooms.values()].find((r) => r.teamId === room.teamId && r.teamMain);
            if (!main || main.t === 'c') {
                if (this.model.hasPermission(userId, 'view-c-room')) {
                    return true;
                }
            } else if (this.model.subscription(main._id, userId)) {
                return true;
            }
        }
        if (room.t === 'c' && !room.teamId && this.model.hasPermission(userId, 'view-c-room')) {
            return true;
        }
        if (this.model.subscription(room._id, userId)) {
            return true;
        }
        if (room.prid) {
            const parent = this.model.roomById(room.prid);
            return Boolean(parent && this.canAccessRoom(parent, userId));
        }
        if (room.t === 'l') {
            return (room.servedBy as { _id?: string } | undefined)?._id === userId;
        }
        return false;
    }

    /** canSendMessageAsync / validateRoomMessagePermissionsAsync (app/authorization/server/functions/canSendMessage.ts). */
    private canSendMessage(rid: string, user: RcUser): RcRoom {
        const room = this.model.roomById(rid);
        if (!room) {
            throw new MeteorError('error-invalid-room', 'Invalid room');
        }
        if (!this.canAccessRoom(room, user._id)) {
            throw new Error('error-not-allowed');
        }
        if (room.ro && !this.model.hasPermission(user._id, 'post-readonly', rid)) {
            throw new MeteorError('error-not-allowed', 'room is read only');
        }
        return room;
    }

    /** sendMessage() (app/lib/server/functions/sendMessage.ts): Prevent, Extend → Modify, insert, post-send. */
    private async sendMessageFunction(user: RcUser, input: Partial<RcMessage>, room: RcRoom): Promise<RcMessage | undefined> {
        const now = nowIso();
        let message: RcMessage = {
            ...input,
            _id: input._id ?? randomId(),
            ts: input.ts ?? now,
            u: { _id: user._id, username: user.username, name: user.name },
            rid: room._id,
            msg: typeof input.msg === 'string' ? input.msg : '',
            _updatedAt: now,
        } as RcMessage;
        if (this.apps?.isLoaded()) {
            const prevent = await this.trigger(AppInterface.IPreMessageSentPrevent, message);
            if (prevent) {
                return undefined;
            }
            const extended = await this.trigger(AppInterface.IPreMessageSentExtend, message);
            const result = await this.trigger(AppInterface.IPreMessageSentModify, extended);
            if (typeof result === 'object' && result) {
                message = Object.assign(message, result);
            }
        }
        if (this.model.messageById(message._id)) {
            return undefined;
        }
        this.model.messages.set(message._id, message);
        room.msgs += 1;
        room.lastMessage = { _id: message._id };
        // "If the message has a type (system message), we should notify the listener about it"
        const event = message.t ? AppInterface.IPostSystemMessageSent : AppInterface.IPostMessageSent;
        this.fireAndForget(this.trigger(event, message));
        return message;
    }

    /**
     * updateMessage (app/lib/server/functions/updateMessage.ts): the listeners see the stored message merged with the
     * change. The chat.update / DDP updateMessage checks (sender or edit-message) come first.
     */
    async updateMessage(editorId: string, messageId: string, change: Partial<RcMessage>): Promise<RcMessage> {
        const editor = this.requireUser(editorId);
        const original = this.model.messageById(messageId);
        if (!original) {
            throw new Error('Invalid message ID.');
        }
        const own = original.u._id === editorId;
        if (!own && !this.model.hasPermission(editorId, 'edit-message', original.rid)) {
            throw new MeteorError('error-action-not-allowed', 'Message editing not allowed', { method: 'updateMessage', action: 'Message_editing' });
        }
        const messageData: RcMessage = Object.assign({}, original, change, { _id: original._id, rid: original.rid });
        if (this.apps?.isLoaded()) {
            const prevent = await this.trigger(AppInterface.IPreMessageUpdatedPrevent, messageData);
            if (prevent) {
                throw new MeteorError('error-app-prevented-updating', 'A Rocket.Chat App prevented the message updating.');
            }
            let result = await this.trigger(AppInterface.IPreMessageUpdatedExtend, messageData);
            result = await this.trigger(AppInterface.IPreMessageUpdatedModify, result);
            if (typeof result === 'object' && result) {
                Object.assign(messageData, result);
            }
        }
        Object.assign(messageData, { editedAt: nowIso(), editedBy: { _id: editor._id, username: editor.username }, _updatedAt: nowIso() });
        this.model.messages.set(messageData._id, messageData);
        this.fireAndForget(this.trigger(AppInterface.IPostMessageUpdated, messageData));
        return messageData;
    }

    /**
     * REST chat.update / DDP updateMessage (api/server/v1/chat.ts + lib/server/methods/updateMessage.ts): a text edit
     * or, for `t: 'e2e'` messages only, a content edit. No E2E check on edits. No-op when nothing changes.
     */
    async editMessage(
        userId: string,
        messageId: string,
        edit: { text?: string; content?: RcMessage['content']; e2eMentions?: RcMessage['e2eMentions'] },
    ): Promise<RcMessage | undefined> {
        const original = this.model.messageById(messageId);
        if (!original) {
            throw new MeteorError('error-invalid-message', 'Invalid message');
        }
        const hasContent = 'content' in edit && edit.content !== undefined;
        if (hasContent && original.t !== 'e2e') {
            throw new MeteorError('error-invalid-params', 'Only encrypted messages can have content updated.');
        }
        if (original.u._id !== userId && !this.model.hasPermission(userId, 'edit-message', original.rid)) {
            throw new MeteorError('error-action-not-allowed', 'Message editing not allowed', { method: 'updateMessage', action: 'Message_editing' });
        }
        const change: Partial<RcMessage> = hasContent
            ? { content: edit.content, ...(edit.e2eMentions && { e2eMentions: edit.e2eMentions }) }
            : { msg: edit.text ?? '' };
        if (!hasContent && change.msg === original.msg) {
            return original;
        }
        return this.updateMessage(userId, messageId, change);
    }

    // ------------------------------------------------------------------ room settings
    /**
     * saveRoomSettings (app/channel-settings/server/methods/saveRoomSettings.ts): validators for every key first,
     * then savers. Implements the keys that matter here: encrypted, roomName, roomTopic, roomDescription, readOnly,
     * default, featured, roomType, systemMessages; other known keys are accepted and stored as given.
     */
    async saveRoomSettings(userId: string, rid: unknown, input: Record<string, unknown>): Promise<{ result: true; rid: string }> {
        const FIELDS = [
            'roomAvatar', 'featured', 'roomName', 'roomTopic', 'roomAnnouncement', 'roomCustomFields', 'roomDescription', 'roomType',
            'readOnly', 'reactWhenReadOnly', 'systemMessages', 'default', 'joinCode', 'streamingOptions', 'retentionEnabled',
            'retentionMaxAge', 'retentionExcludePinned', 'retentionFilesOnly', 'retentionIgnoreThreads', 'retentionOverrideGlobal',
            'encrypted', 'favorite',
        ];
        if (!userId) {
            throw new MeteorError('error-invalid-user', 'Invalid user', { function: 'RocketChat.saveRoomName' });
        }
        if (typeof rid !== 'string') {
            throw new MeteorError('error-invalid-room', 'Invalid room', { method: 'saveRoomSettings' });
        }
        let settings: Record<string, unknown> = { ...input };
        if (!Object.keys(settings).every((k) => FIELDS.includes(k))) {
            throw new MeteorError('error-invalid-settings', 'Invalid settings provided', { method: 'saveRoomSettings' });
        }
        const room = this.model.roomById(rid);
        if (!room) {
            throw new MeteorError('error-invalid-room', 'Invalid room', { method: 'saveRoomSettings' });
        }
        if (!this.model.hasPermission(userId, 'edit-room', rid)) {
            if (!(Object.keys(settings).includes('encrypted') && room.t === 'd')) {
                throw new MeteorError('error-action-not-allowed', 'Editing room is not allowed', { method: 'saveRoomSettings', action: 'Editing_room' });
            }
            settings = { encrypted: settings.encrypted };
        }
        if (room.broadcast && (settings.readOnly || settings.reactWhenReadOnly)) {
            throw new MeteorError('error-action-not-allowed', 'Editing readOnly/reactWhenReadOnly are not allowed for broadcast rooms', {
                method: 'saveRoomSettings',
                action: 'Editing_room',
            });
        }
        const user = this.model.userById(userId);
        if (!user) {
            throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'saveRoomSettings' });
        }
        // validations
        for (const key of Object.keys(settings)) {
            const value = settings[key];
            if (key === 'default' || key === 'featured') {
                if (!this.model.hasPermission(userId, 'view-room-administration')) {
                    throw new MeteorError('error-action-not-allowed', 'Viewing room administration is not allowed', {
                        method: 'saveRoomSettings',
                        action: 'Viewing_room_administration',
                    });
                }
            }
            if (key === 'roomType' && value !== room.t) {
                if (value === 'c' && !this.model.hasPermission(userId, 'create-c')) {
                    throw new MeteorError('error-action-not-allowed', 'Changing a private group to a public channel is not allowed', {
                        method: 'saveRoomSettings',
                        action: 'Change_Room_Type',
                    });
                }
                if (value === 'p' && !this.model.hasPermission(userId, 'create-p')) {
                    throw new MeteorError('error-action-not-allowed', 'Changing a public channel to a private room is not allowed', {
                        method: 'saveRoomSettings',
                        action: 'Change_Room_Type',
                    });
                }
            }
            if (key === 'encrypted' && value !== room.encrypted) {
                if (!allowsE2ESettingChange(room.t, Boolean(this.model.settings.get('E2E_Enable')))) {
                    throw new MeteorError('error-action-not-allowed', 'Only groups or direct channels can enable encryption', {
                        method: 'saveRoomSettings',
                        action: 'Change_Room_Encrypted',
                    });
                }
                if (room.t !== 'd' && !this.model.hasPermission(userId, 'toggle-room-e2e-encryption', rid)) {
                    throw new MeteorError('error-action-not-allowed', 'You do not have permission to toggle E2E encryption', {
                        method: 'saveRoomSettings',
                        action: 'Change_Room_Encrypted',
                    });
                }
            }
            if (key === 'roomAvatar' && !this.model.hasPermission(userId, 'edit-room-avatar', rid)) {
                throw new MeteorError('error-action-not-allowed', 'Editing a room avatar is not allowed', { method: 'saveRoomSettings', action: 'Editing_room' });
            }
        }
        // saving
        for (const key of Object.keys(settings)) {
            const value = settings[key];
            switch (key) {
                case 'encrypted':
                    await this.saveRoomEncrypted(rid, Boolean(value), user, Boolean(room.encrypted) !== Boolean(value));
                    break;
                case 'roomName':
                    if (typeof value === 'string' && value && value !== room.name) {
                        room.name = value;
                        room.fname = value;
                        await this.saveSystemMessage('r', rid, value, user);
                    }
                    break;
                case 'roomTopic':
                    if (value !== room.topic && (value || room.topic)) {
                        room.topic = value as string;
                        await this.saveSystemMessage('room_changed_topic', rid, String(value ?? ''), user);
                    }
                    break;
                case 'roomDescription':
                    if (value !== room.description && (value || room.description)) {
                        room.description = value as string;
                        await this.saveSystemMessage('room_changed_description', rid, String(value ?? ''), user);
                    }
                    break;
                case 'readOnly':
                    if (value !== room.ro) {
                        room.ro = Boolean(value);
                    }
                    break;
                case 'roomType':
                    if (value !== room.t && (value === 'c' || value === 'p')) {
                        room.t = value;
                        for (const s of this.model.subscriptionsByRoom(rid)) {
                            s.t = value;
                        }
                    }
                    break;
                case 'systemMessages':
                    room.sysMes = value as boolean;
                    break;
                default:
                    room[key] = value;
            }
        }
        room._updatedAt = nowIso();
        return { result: true, rid: room._id };
    }

    /** saveRoomEncrypted (app/channel-settings/server/functions/saveRoomEncrypted.ts). */
    async saveRoomEncrypted(rid: string, encrypted: boolean, user: RcUser, sendMessage = true): Promise<void> {
        const room = this.requireRoom(rid);
        room.encrypted = encrypted;
        room._updatedAt = nowIso();
        if (sendMessage) {
            await this.saveSystemMessage(encrypted ? 'room_e2e_enabled' : 'room_e2e_disabled', rid, user.username, user);
        }
        if (encrypted) {
            for (const s of this.model.subscriptionsByRoom(rid)) {
                if (s.autoTranslate) {
                    s.autoTranslate = false;
                }
            }
        }
    }

    // ------------------------------------------------------------------ E2E keys
    /** resetUserE2EEncriptionKey (server/lib/resetUserE2EKey.ts). */
    resetUserE2EKey(uid: string, notifyUser: boolean): boolean {
        const user = this.requireUser(uid);
        if (notifyUser) {
            this.model.notifications.push({
                kind: 'user',
                userId: uid,
                text: 'Your_e2e_key_has_been_reset',
                message: { email: true, subject: 'E2E_key_reset_email' },
                at: nowIso(),
            });
        }
        if (user.federated) {
            throw new MeteorError('error-not-allowed', 'Federated Users cant have TOTP', { function: 'resetTOTP' });
        }
        delete user.e2e;
        const subs = this.model.subscriptionsByUser(uid);
        for (const s of subs) {
            delete s.E2EKey;
            delete s.E2ESuggestedKey;
            delete s.oldRoomKeys;
        }
        // Rooms.addUserIdToE2EEQueueByRoomIds: encrypted rooms only, not already queued, last 50 kept
        for (const s of subs) {
            const room = this.model.roomById(s.rid);
            if (!room?.encrypted) {
                continue;
            }
            const queue = room.usersWaitingForE2EKeys ?? [];
            if (queue.some((q) => q.userId === uid)) {
                continue;
            }
            room.usersWaitingForE2EKeys = [...queue, { userId: uid, ts: nowIso() }].slice(-50);
        }
        // Users.unsetLoginTokens: every token, personal access tokens included
        this.tokensOf(user).splice(0);
        return true;
    }
}
