// The Apps-Engine bridges over the in-memory Rocket.Chat, following apps/meteor/app/apps/server/bridges/*.ts.
// Bridges an E2EE policy app does not use are minimal stubs that answer as Rocket.Chat would when the feature
// is unavailable (they throw "not available in the workspace stand-in").
import http from 'http';
import https from 'https';

import type { IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IProcessor, IOnetimeSchedule, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import {
    ApiBridge,
    AppActivationBridge,
    AppBridges,
    AppDetailChangesBridge,
    CloudWorkspaceBridge,
    CommandBridge,
    EmailBridge,
    EnvironmentalVariableBridge,
    HttpBridge,
    LivechatBridge,
    MessageBridge,
    ModerationBridge,
    PersistenceBridge,
    RoleBridge,
    RoomBridge,
    SchedulerBridge,
    ServerSettingBridge,
    UiInteractionBridge,
    UploadBridge,
    UserBridge,
    VideoConferenceBridge,
} from '@rocket.chat/apps-engine/server/bridges';
import type { IHttpBridgeRequestInfo, IInternalFederationBridge, IListenerBridge } from '@rocket.chat/apps-engine/server/bridges';
import { ContactBridge } from '@rocket.chat/apps-engine/server/bridges/ContactBridge';
import { InternalBridge } from '@rocket.chat/apps-engine/server/bridges/InternalBridge';
import { OAuthAppsBridge } from '@rocket.chat/apps-engine/server/bridges/OAuthAppsBridge';
import { ThreadBridge } from '@rocket.chat/apps-engine/server/bridges/ThreadBridge';
import { ExperimentalBridge } from '@rocket.chat/apps-engine/server/bridges/ExperimentalBridge';
import { OutboundMessageBridge } from '@rocket.chat/apps-engine/server/bridges/OutboundMessagesBridge';

import { AppConverters } from '../rocketchat/converters';
import { nowIso, randomId } from '../rocketchat/ids';
import type { RocketChatServer } from '../rocketchat/Server';
import type { RcMessage, RcRoom, RcUser } from '../rocketchat/types';
import type { Counters } from './counters';

type Data = Record<string, unknown>;

const unavailable = (what: string) => new Error(`${what} is not available in the workspace stand-in`);

/** Everything the bridges share: the server, converters, the engine (set after construction), counters. */
export class BridgeContext {
    manager?: AppManager;
    readonly converters: AppConverters;
    /** UI interactions sent to users (uiInteraction bridge), per user id, oldest first. */
    readonly uiInteractions = new Map<string, Array<IUIKitInteraction & { at: string }>>();
    readonly registeredCommands = new Map<string, { appId: string; enabled: boolean; command: ISlashCommand }>();
    readonly persistence = new Map<string, { _id: string; appId: string; associations?: RocketChatAssociationRecord[]; data: object }>();
    readonly scheduledJobs: Array<{ id: string; appId: string; kind: 'once' | 'recurring'; job: IOnetimeSchedule | IRecurringSchedule }> = [];
    readonly emails: Array<{ appId: string; email: unknown }> = [];
    /** Outbound HTTP calls still running: stop() lets them end before the Deno child goes. */
    readonly httpInFlight = new Set<Promise<unknown>>();
    readonly federationKeys: { publicKey: string; privateKey: string };

    constructor(
        readonly server: RocketChatServer,
        readonly counters: Counters,
        keys: { publicKey: string; privateKey: string },
    ) {
        this.converters = new AppConverters({ userById: (id) => server.model.userById(id), roomById: (id) => server.model.roomById(id) });
        this.federationKeys = keys;
    }

    get model() {
        return this.server.model;
    }

    requireManager(): AppManager {
        if (!this.manager) {
            throw new Error('Apps-Engine not started');
        }
        return this.manager;
    }

    recordUiInteraction(userId: string, interaction: IUIKitInteraction): void {
        const list = this.uiInteractions.get(userId) ?? [];
        list.push({ ...interaction, at: nowIso() });
        this.uiInteractions.set(userId, list);
    }
}

// ---------------------------------------------------------------------------------------------- listeners
/** AppListenerBridge.handleEvent (bridges/listeners.ts): converts, runs the engine's listeners, converts back. */
export class StandInListenerBridge implements IListenerBridge {
    constructor(private readonly ctx: BridgeContext) {}

    /** executeListener typed loosely: the host passes every AppInterface through, as Rocket.Chat does. */
    private lm(): { executeListener(int: AppInterface, data: unknown): Promise<unknown> } {
        return this.ctx.requireManager().getListenerManager() as unknown as { executeListener(int: AppInterface, data: unknown): Promise<unknown> };
    }

    async handleEvent(event: AppInterface, ...payload: unknown[]): Promise<unknown> {
        switch (event) {
            case AppInterface.IPostSystemMessageSent:
            case AppInterface.IPreMessageSentPrevent:
            case AppInterface.IPreMessageSentExtend:
            case AppInterface.IPreMessageSentModify:
            case AppInterface.IPostMessageSent:
            case AppInterface.IPreMessageDeletePrevent:
            case AppInterface.IPreMessageUpdatedPrevent:
            case AppInterface.IPreMessageUpdatedExtend:
            case AppInterface.IPreMessageUpdatedModify:
            case AppInterface.IPostMessageUpdated:
                return this.messageEvent(event, payload[0] as IMessage);
            case AppInterface.IPreRoomCreatePrevent:
            case AppInterface.IPreRoomCreateExtend:
            case AppInterface.IPreRoomCreateModify:
            case AppInterface.IPostRoomCreate:
            case AppInterface.IPreRoomDeletePrevent:
            case AppInterface.IPostRoomDeleted:
                return this.roomEvent(event, payload[0] as IRoom);
            case AppInterface.IPreRoomUserJoined:
            case AppInterface.IPostRoomUserJoined: {
                const [room, joining, inviter] = payload as [RcRoom, RcUser, RcUser | undefined];
                return this.lm().executeListener(event, {
                    room: await this.ctx.converters.roomToApp(room),
                    joiningUser: this.ctx.converters.userToApp(joining),
                    inviter: this.ctx.converters.userToApp(inviter),
                } as never);
            }
            case AppInterface.IPreRoomUserLeave:
            case AppInterface.IPostRoomUserLeave: {
                const [room, leaving, removedBy] = payload as [RcRoom, RcUser, RcUser | undefined];
                return this.lm().executeListener(event, {
                    room: await this.ctx.converters.roomToApp(room),
                    leavingUser: this.ctx.converters.userToApp(leaving),
                    removedBy: this.ctx.converters.userToApp(removedBy),
                } as never);
            }
            default:
                return this.lm().executeListener(event, payload[0] as never);
        }
    }

    /** messageEvent: RC message → app message → listeners → (object results) back to an RC message. */
    async messageEvent(int: AppInterface, message: IMessage | RcMessage): Promise<void | boolean | IMessage> {
        const msg = await this.ctx.converters.messageToApp(message as unknown as RcMessage);
        const result = await this.lm().executeListener(int, msg as never);
        if (typeof result === 'boolean' || result === undefined) {
            return result ?? undefined;
        }
        return this.ctx.converters.messageFromApp(result as unknown as Data) as unknown as IMessage;
    }

    async roomEvent(int: AppInterface, room: IRoom | RcRoom): Promise<void | boolean | IRoom> {
        const rm = await this.ctx.converters.roomToApp(room as unknown as RcRoom);
        const result = await this.lm().executeListener(int, rm as never);
        if (typeof result === 'boolean' || result === undefined) {
            return result ?? undefined;
        }
        return this.ctx.converters.roomFromApp(result as unknown as Data) as unknown as IRoom;
    }

    async uiKitInteractionEvent(int: AppInterface, action: unknown): Promise<void | boolean> {
        return this.lm().executeListener(int, action as never) as Promise<void | boolean>;
    }
}

// ---------------------------------------------------------------------------------------------- commands
/** bridges/commands.ts: keeps the registry; only registered, enabled commands are dispatched. */
class StandInCommandBridge extends CommandBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async doesCommandExist(command: string): Promise<boolean> {
        return this.ctx.registeredCommands.has(command.toLowerCase());
    }

    protected async enableCommand(command: string, appId: string): Promise<void> {
        const c = this.ctx.registeredCommands.get(command.toLowerCase().trim());
        if (!c) {
            throw new Error(`Command does not exist in the system currently: "${command}"`);
        }
        c.enabled = true;
        void appId;
    }

    protected async disableCommand(command: string): Promise<void> {
        const c = this.ctx.registeredCommands.get(command.toLowerCase().trim());
        if (!c) {
            throw new Error(`Command does not exist in the system currently: "${command}"`);
        }
        c.enabled = false;
    }

    protected async modifyCommand(command: ISlashCommand, appId: string): Promise<void> {
        const key = command.command.toLowerCase().trim();
        if (!this.ctx.registeredCommands.has(key)) {
            throw new Error(`Command does not exist in the system currently (or it is disabled): "${command.command}"`);
        }
        this.ctx.registeredCommands.set(key, { appId, enabled: true, command });
    }

    protected async registerCommand(command: ISlashCommand, appId: string): Promise<void> {
        this.ctx.registeredCommands.set(command.command.toLowerCase().trim(), { appId, enabled: true, command });
    }

    protected async unregisterCommand(command: string): Promise<void> {
        this.ctx.registeredCommands.delete(command.toLowerCase().trim());
    }
}

// ---------------------------------------------------------------------------------------------- rooms
/** bridges/rooms.ts */
class StandInRoomBridge extends RoomBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async create(room: IRoom, members: Array<string>, appId: string): Promise<string> {
        const rc = this.ctx.converters.roomFromApp(room as unknown as Data) as RcRoom;
        const creatorId = rc.u?._id ?? this.ctx.model.userByAppId(appId)?._id;
        if (!creatorId) {
            throw new Error('Invalid creator assigned to the room.');
        }
        if (rc.t === 'd') {
            const ids = members.map((u) => this.ctx.model.userByUsername(u)?._id).filter((x): x is string => Boolean(x));
            const created = await this.ctx.server.createDirectRoom([creatorId, ...ids], creatorId);
            return created._id;
        }
        const { _id: _ignored, t, name, ...extra } = rc;
        void _ignored;
        const created = await this.ctx.server.createRoom(t as 'c' | 'p', (name ?? rc.fname) as string, creatorId, members, extra as Partial<RcRoom>);
        return created._id;
    }

    protected async getById(roomId: string): Promise<IRoom> {
        return (await this.ctx.converters.roomById(roomId)) as unknown as IRoom;
    }

    protected async getByName(roomName: string): Promise<IRoom> {
        return (await this.ctx.converters.roomToApp(this.ctx.model.roomByName(roomName))) as unknown as IRoom;
    }

    protected async getCreatorById(roomId: string): Promise<IUser | undefined> {
        const room = this.ctx.model.roomById(roomId);
        return room?.u ? (this.ctx.converters.userById(room.u._id) as unknown as IUser) : undefined;
    }

    protected async getCreatorByName(roomName: string): Promise<IUser | undefined> {
        const room = this.ctx.model.roomByName(roomName);
        return room?.u ? (this.ctx.converters.userById(room.u._id) as unknown as IUser) : undefined;
    }

    protected async getDirectByUsernames(usernames: Array<string>): Promise<IRoom | undefined> {
        const room = this.ctx.model.directRoomByUsernames(usernames);
        return room ? ((await this.ctx.converters.roomToApp(room)) as unknown as IRoom) : undefined;
    }

    protected async getMembers(roomId: string): Promise<Array<IUser>> {
        return this.ctx.model
            .subscriptionsByRoom(roomId)
            .map((s) => this.ctx.converters.userById(s.u._id))
            .filter(Boolean) as unknown as IUser[];
    }

    protected async getAllRooms(): Promise<Array<never>> {
        return Promise.all([...this.ctx.model.rooms.values()].map((r) => this.ctx.converters.roomToApp(r))) as unknown as never[];
    }

    protected async update(room: IRoom, members: Array<string> = []): Promise<void> {
        if (!room.id || !this.ctx.model.roomById(room.id)) {
            throw new Error('A room must exist to update.');
        }
        // convertAppRoom(room, true): partial, `_unmappedProperties_` (encrypted, e2eKeyId) are dropped
        const partial = this.ctx.converters.roomFromApp(room as unknown as Data, true) as Data;
        const stored = this.ctx.model.roomById(room.id) as RcRoom;
        delete partial._id;
        Object.assign(stored, partial, { _updatedAt: nowIso() });
        for (const username of members) {
            const user = this.ctx.model.userByUsername(username);
            if (user) {
                await this.ctx.server.addUserToRoom(stored._id, user._id);
            }
        }
    }

    protected async createDiscussion(room: IRoom, _parentMessage: IMessage | undefined, reply: string | undefined, members: Array<string>): Promise<string> {
        const parent = (room as unknown as { parentRoom?: { id: string } }).parentRoom;
        const creator = (room as unknown as { creator?: { id: string } }).creator;
        if (!parent?.id || !creator?.id) {
            throw new Error('Invalid discussion parameters');
        }
        const d = await this.ctx.server.createDiscussion(creator.id, { prid: parent.id, t_name: room.displayName ?? 'discussion', users: members, reply });
        return d._id;
    }

    protected async delete(roomId: string): Promise<void> {
        this.ctx.model.rooms.delete(roomId);
        for (const s of this.ctx.model.subscriptionsByRoom(roomId)) {
            this.ctx.model.subscriptions.delete(s._id);
        }
    }

    protected async getModerators(roomId: string): Promise<Array<IUser>> {
        return this.ctx.model.usersByRoomRole(roomId, 'moderator').map((u) => this.ctx.converters.userToApp(u)) as unknown as IUser[];
    }

    protected async getOwners(roomId: string): Promise<Array<IUser>> {
        return this.ctx.model.usersByRoomRole(roomId, 'owner').map((u) => this.ctx.converters.userToApp(u)) as unknown as IUser[];
    }

    protected async getLeaders(roomId: string): Promise<Array<IUser>> {
        return this.ctx.model.usersByRoomRole(roomId, 'leader').map((u) => this.ctx.converters.userToApp(u)) as unknown as IUser[];
    }

    /** getMessages skips messages that have a `t` (so encrypted 't: e2e' messages are invisible here). */
    protected async getMessages(roomId: string, options: { limit?: number; skip?: number; sort?: Record<string, 'asc' | 'desc'> }): Promise<never[]> {
        let list = this.ctx.model.messagesByRoom(roomId).filter((m) => !m.t);
        if (options?.sort?.createdAt === 'desc') {
            list = list.reverse();
        }
        list = list.slice(options?.skip ?? 0, (options?.skip ?? 0) + (options?.limit ?? 100));
        return list.map((m) => {
            const { _id, msg, ts, u, rid, ...rest } = m;
            return { id: _id, text: msg, createdAt: new Date(ts), sender: { _id: u._id, username: u.username, name: u.name }, roomId: rid, ...rest };
        }) as never[];
    }

    protected async removeUsers(roomId: string, usernames: Array<string>): Promise<void> {
        for (const username of usernames) {
            const user = this.ctx.model.userByUsername(username);
            const sub = user && this.ctx.model.subscription(roomId, user._id);
            if (sub) {
                this.ctx.model.subscriptions.delete(sub._id);
            }
        }
    }

    protected async getUnreadByUser(): Promise<never[]> {
        return [];
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        return 0;
    }
}

// ---------------------------------------------------------------------------------------------- users
/** bridges/users.ts */
class StandInUserBridge extends UserBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async getById(id: string): Promise<IUser> {
        return this.ctx.converters.userById(id) as unknown as IUser;
    }

    protected async getByUsername(username: string): Promise<IUser> {
        return this.ctx.converters.userToApp(this.ctx.model.userByUsername(username)) as unknown as IUser;
    }

    protected async getAppUser(appId?: string): Promise<IUser | undefined> {
        if (!appId) {
            return undefined;
        }
        return this.ctx.converters.userToApp(this.ctx.model.userByAppId(appId)) as unknown as IUser | undefined;
    }

    protected async getActiveUserCount(): Promise<number> {
        return [...this.ctx.model.users.values()].filter((u) => u.active && u.type !== 'app' && u.type !== 'bot').length;
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        return 0;
    }

    protected async getUserRoomIds(userId: string): Promise<string[]> {
        return this.ctx.model.subscriptionsByUser(userId).map((s) => s.rid);
    }

    protected async create(data: Partial<IUser>, appId: string): Promise<string> {
        const user = this.ctx.converters.userFromApp(data as unknown as Data);
        switch (user.type) {
            case 'bot':
            case 'app': {
                if (!user.username) {
                    throw new Error('Invalid username');
                }
                const created = this.ctx.server.createUser({
                    username: user.username,
                    name: user.name,
                    type: user.type,
                    roles: user.roles,
                    active: user.active ?? true,
                    appId,
                });
                created.status = 'online';
                return created._id;
            }
            default:
                throw new Error('Creating normal users is currently not supported');
        }
    }

    protected async remove(user: IUser): Promise<boolean> {
        return this.ctx.model.users.delete(user.id);
    }

    protected async update(user: IUser, updates: Partial<IUser>): Promise<boolean> {
        const stored = this.ctx.model.userById(user.id);
        if (!stored) {
            return false;
        }
        Object.assign(stored, this.ctx.converters.userFromApp(updates as unknown as Data), { _updatedAt: nowIso() });
        return true;
    }

    protected async deleteUsersCreatedByApp(appId: string): Promise<boolean> {
        for (const [id, u] of this.ctx.model.users) {
            if (u.appId === appId) {
                this.ctx.model.users.delete(id);
            }
        }
        return true;
    }

    protected async deactivate(userId: string): Promise<boolean> {
        this.ctx.server.setUserActive(userId, false);
        return true;
    }
}

// ---------------------------------------------------------------------------------------------- messages
/** bridges/messages.ts */
class StandInMessageBridge extends MessageBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    /** create → executeSendMessage(msg.u._id, msg): the plaintext guard applies to apps too. */
    protected async create(message: IMessage): Promise<string> {
        const msg = this.ctx.converters.messageFromApp(message as unknown as Data) as RcMessage;
        const { u, rid, ...rest } = msg;
        const sent = await this.ctx.server.sendMessage(u._id, rid, rest as never, 'executeSendMessage');
        return sent?._id as string;
    }

    protected async update(message: IMessage): Promise<void> {
        if (!message.editor) {
            throw new Error('Invalid editor assigned to the message for the update.');
        }
        if (!message.id || !this.ctx.model.messageById(message.id)) {
            throw new Error('A message must exist to update.');
        }
        const msg = this.ctx.converters.messageFromApp(message as unknown as Data) as RcMessage;
        await this.ctx.server.updateMessage(message.editor.id, message.id, msg);
    }

    /** notifyUser → notify.ephemeralMessage to that user (captured as a notification). */
    protected async notifyUser(user: IUser, message: IMessage): Promise<void> {
        const msg = this.ctx.converters.messageFromApp(message as unknown as Data) as RcMessage;
        this.ctx.model.notifications.push({ kind: 'user', userId: user.id, roomId: msg.rid, text: msg.msg ?? '', message: msg as unknown as Data, at: nowIso() });
    }

    /** notifyRoom → an ephemeral message to every member of the room. */
    protected async notifyRoom(room: IRoom, message: IMessage): Promise<void> {
        const msg = this.ctx.converters.messageFromApp(message as unknown as Data) as RcMessage;
        for (const s of this.ctx.model.subscriptionsByRoom(room.id)) {
            this.ctx.model.notifications.push({ kind: 'room', userId: s.u._id, roomId: room.id, text: msg.msg ?? '', message: msg as unknown as Data, at: nowIso() });
        }
    }

    protected async typing(): Promise<void> {
        // typing indicators are not kept
    }

    protected async getById(messageId: string): Promise<IMessage> {
        return (await this.ctx.converters.messageToApp(this.ctx.model.messageById(messageId))) as unknown as IMessage;
    }

    protected async delete(message: IMessage): Promise<void> {
        if (message.id) {
            this.ctx.model.messages.delete(message.id);
        }
    }

    protected async addReaction(): Promise<void> {
        throw unavailable('Reactions');
    }

    protected async removeReaction(): Promise<void> {
        throw unavailable('Reactions');
    }
}

// ---------------------------------------------------------------------------------------------- settings
/** bridges/settings.ts (server settings: read, hide and update through the settings model). */
class StandInServerSettingBridge extends ServerSettingBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    private convert(id: string): ISetting | undefined {
        const s = this.ctx.model.settings.getOne(id);
        if (!s) {
            return undefined;
        }
        return {
            id: s._id,
            type: s.type as never,
            packageValue: s.packageValue,
            value: s.value,
            public: s.public,
            i18nLabel: s.i18nLabel,
            required: false,
            createdAt: undefined,
            updatedAt: undefined,
        } as unknown as ISetting;
    }

    protected async getAll(): Promise<ISetting[]> {
        return this.ctx.model.settings.all().map((s) => this.convert(s._id) as ISetting);
    }

    protected async getOneById(id: string): Promise<ISetting> {
        return this.convert(id) as ISetting;
    }

    protected async hideGroup(): Promise<void> {
        throw new Error('Method not implemented.');
    }

    protected async hideSetting(): Promise<void> {
        throw new Error('Method not implemented.');
    }

    protected async isReadableById(id: string): Promise<boolean> {
        return Boolean(this.ctx.model.settings.getOne(id));
    }

    protected async updateOne(setting: ISetting): Promise<void> {
        this.ctx.model.settings.set(setting.id, setting.value as never);
    }

    protected async incrementValue(id: string, value: number): Promise<void> {
        const cur = Number(this.ctx.model.settings.get(id) ?? 0);
        this.ctx.model.settings.set(id, cur + value);
    }
}

// ---------------------------------------------------------------------------------------------- persistence
/** bridges/persistence.ts, over an in-memory collection of { _id, appId, associations, data }. */
class StandInPersistenceBridge extends PersistenceBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    private get col() {
        return this.ctx.persistence;
    }

    private static copy<T>(v: T): T {
        return JSON.parse(JSON.stringify(v)) as T;
    }

    /** associations: { $all: want } — every wanted record is present (records compared as plain objects). */
    private static hasAll(have: RocketChatAssociationRecord[] | undefined, want: RocketChatAssociationRecord[]): boolean {
        const keys = new Set((have ?? []).map((h) => JSON.stringify(h)));
        return want.every((w) => keys.has(JSON.stringify(w)));
    }

    protected async purge(appId: string): Promise<void> {
        for (const [id, r] of this.col) {
            if (r.appId === appId) {
                this.col.delete(id);
            }
        }
    }

    protected async create(data: object, appId: string): Promise<string> {
        if (typeof data !== 'object') {
            throw new Error('Attempted to store an invalid data type, it must be an object.');
        }
        const _id = randomId(24).toLowerCase();
        this.col.set(_id, { _id, appId, data: StandInPersistenceBridge.copy(data) });
        return _id;
    }

    protected async createWithAssociations(data: object, associations: Array<RocketChatAssociationRecord>, appId: string): Promise<string> {
        if (typeof data !== 'object') {
            throw new Error('Attempted to store an invalid data type, it must be an object.');
        }
        const _id = randomId(24).toLowerCase();
        this.col.set(_id, { _id, appId, associations: StandInPersistenceBridge.copy(associations), data: StandInPersistenceBridge.copy(data) });
        return _id;
    }

    protected async readById(id: string): Promise<object> {
        const r = this.col.get(id);
        return r ? StandInPersistenceBridge.copy(r.data) : {};
    }

    protected async readByAssociations(associations: Array<RocketChatAssociationRecord>, appId: string): Promise<Array<object>> {
        return [...this.col.values()]
            .filter((r) => r.appId === appId && StandInPersistenceBridge.hasAll(r.associations, associations))
            .map((r) => StandInPersistenceBridge.copy(r.data));
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        const r = this.col.get(id);
        if (!r || r.appId !== appId) {
            return undefined;
        }
        this.col.delete(id);
        return r.data;
    }

    /** Rocket.Chat finds every match but deletes only the first (deleteOne), and returns all their data. */
    protected async removeByAssociations(associations: Array<RocketChatAssociationRecord>, appId: string): Promise<Array<object> | undefined> {
        const records = [...this.col.values()].filter((r) => r.appId === appId && StandInPersistenceBridge.hasAll(r.associations, associations));
        if (records.length) {
            this.col.delete(records[0]._id);
        }
        return records.map((r) => r.data);
    }

    protected async update(_id: string, data: object): Promise<string> {
        if (typeof data !== 'object') {
            throw new Error('Attempted to store an invalid data type, it must be an object.');
        }
        throw new Error('Not implemented.');
    }

    /**
     * updateOne({ appId, associations }, { $set: { data } }, { upsert }): the association array must match exactly
     * (same records, same order). Rocket.Chat then returns `result.upsertedId.toString()`, which throws when the
     * record already existed (no upsert happened) although the update was written: emulated as is.
     */
    protected async updateByAssociations(associations: Array<RocketChatAssociationRecord>, data: object, upsert: boolean, appId: string): Promise<string> {
        if (typeof data !== 'object') {
            throw new Error('Attempted to store an invalid data type, it must be an object.');
        }
        const key = JSON.stringify(associations);
        const existing = [...this.col.values()].find((r) => r.appId === appId && JSON.stringify(r.associations ?? []) === key);
        if (existing) {
            existing.data = StandInPersistenceBridge.copy(data);
            throw new TypeError("Cannot read properties of null (reading 'toString')");
        }
        if (!upsert) {
            throw new TypeError("Cannot read properties of null (reading 'toString')");
        }
        const _id = randomId(24).toLowerCase();
        this.col.set(_id, { _id, appId, associations: StandInPersistenceBridge.copy(associations), data: StandInPersistenceBridge.copy(data) });
        return _id;
    }
}

// ---------------------------------------------------------------------------------------------- http
/**
 * bridges/http.ts: a real outbound request from the host. Timeout = request.timeout or 3 minutes; errors are thrown
 * (the app receives them as a rejected call) with node-fetch's wording, as Rocket.Chat's serverFetch gives.
 */
class StandInHttpBridge extends HttpBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async call(info: IHttpBridgeRequestInfo): Promise<IHttpResponse> {
        const running = this.fetch(info);
        this.ctx.httpInFlight.add(running);
        try {
            return await running;
        } finally {
            this.ctx.httpInFlight.delete(running);
        }
    }

    private async fetch(info: IHttpBridgeRequestInfo): Promise<IHttpResponse> {
        this.ctx.counters.http(info.appId, info.url);
        const url = new URL(info.url);
        const { request, method } = info;
        const headers: Record<string, string> = { ...(request.headers ?? {}) };
        let content: unknown = request.content;
        if (!content && typeof request.data === 'object') {
            content = request.data;
        }
        if (request.auth) {
            if (request.auth.indexOf(':') < 0) {
                throw new Error('auth option should be of the form "username:password"');
            }
            headers.Authorization = `Basic ${Buffer.from(request.auth, 'ascii').toString('base64')}`;
        }
        const getOrHead = ['GET', 'HEAD'].includes(method.toUpperCase());
        let paramsForBody: Record<string, string> | undefined;
        if (content || getOrHead) {
            for (const [k, v] of Object.entries(request.params ?? {})) {
                if (v) {
                    url.searchParams.append(k, v);
                }
            }
        } else {
            paramsForBody = request.params;
        }
        if (paramsForBody) {
            content = new URLSearchParams(paramsForBody).toString();
            headers['Content-Type'] = 'application/x-www-form-urlencoded';
        }
        if (getOrHead) {
            content = undefined;
        }
        let body: Buffer | undefined;
        if (content !== undefined && content !== null) {
            if (typeof content === 'string' || Buffer.isBuffer(content)) {
                body = Buffer.from(content as string);
            } else {
                body = Buffer.from(JSON.stringify(content));
                if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
                    headers['Content-Type'] = 'application/json';
                }
            }
        }
        const timeout = request.timeout || 3 * 60 * 1000;
        const href = url.href;
        const response = await new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
            const lib = url.protocol === 'https:' ? https : http;
            const req = lib.request(href, { method: method.toUpperCase(), headers }, (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (c: Buffer) => chunks.push(c));
                res.on('end', () => {
                    clearTimeout(timer);
                    const h: Record<string, string> = {};
                    for (const [k, v] of Object.entries(res.headers)) {
                        h[k] = Array.isArray(v) ? v.join(', ') : String(v);
                    }
                    resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
                });
                res.on('error', (e) => {
                    clearTimeout(timer);
                    reject(new Error(`Invalid response body while trying to fetch ${href}: ${e.message}`));
                });
            });
            const timer = setTimeout(() => {
                req.destroy();
                reject(new Error(`network timeout at: ${href}`));
            }, timeout);
            req.on('error', (e) => {
                clearTimeout(timer);
                reject(new Error(`request to ${href} failed, reason: ${e.message}`));
            });
            if (body) {
                req.write(body);
            }
            req.end();
        });
        const result: IHttpResponse = { url: info.url, method: info.method, statusCode: response.status, headers: response.headers };
        if (request.encoding === null) {
            result.content = response.body as unknown as string;
        } else {
            result.content = response.body.toString((request.encoding as BufferEncoding) || 'utf8');
            const contentType = (response.headers['content-type'] || '').split(';')[0];
            result.data = ['application/json', 'text/javascript', 'application/javascript', 'application/x-javascript'].includes(contentType)
                ? (() => {
                      try {
                          return JSON.parse(result.content as string);
                      } catch {
                          return null;
                      }
                  })()
                : null;
        }
        return result;
    }
}

// ---------------------------------------------------------------------------------------------- ui interaction
/** bridges/uiInteraction.ts: notify.uiInteraction to the user; captured per user. */
class StandInUiInteractionBridge extends UiInteractionBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async notifyUser(user: IUser, interaction: IUIKitInteraction): Promise<void> {
        this.ctx.recordUiInteraction(user.id, interaction);
    }
}

// ---------------------------------------------------------------------------------------------- scheduler
/** Jobs are recorded (and cancellable); the stand-in does not run a job clock. */
class StandInSchedulerBridge extends SchedulerBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async registerProcessors(processors: Array<IProcessor>): Promise<void | Array<string>> {
        return processors.map((p) => p.id);
    }

    protected async scheduleOnce(job: IOnetimeSchedule, appId: string): Promise<void | string> {
        const id = randomId();
        this.ctx.scheduledJobs.push({ id, appId, kind: 'once', job });
        return id;
    }

    protected async scheduleRecurring(job: IRecurringSchedule, appId: string): Promise<void | string> {
        const id = randomId();
        this.ctx.scheduledJobs.push({ id, appId, kind: 'recurring', job });
        return id;
    }

    protected async cancelJob(jobId: string): Promise<void> {
        const i = this.ctx.scheduledJobs.findIndex((j) => j.id === jobId || j.job.id === jobId);
        if (i >= 0) {
            this.ctx.scheduledJobs.splice(i, 1);
        }
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        for (let i = this.ctx.scheduledJobs.length - 1; i >= 0; i--) {
            if (this.ctx.scheduledJobs[i].appId === appId) {
                this.ctx.scheduledJobs.splice(i, 1);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------- the rest
class StandInInternalBridge extends InternalBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async getUsernamesOfRoomById(roomId: string): Promise<Array<string>> {
        return this.getUsernamesOfRoomByIdSync(roomId);
    }

    protected getUsernamesOfRoomByIdSync(roomId: string): Array<string> {
        return this.ctx.model.subscriptionsByRoom(roomId).map((s) => s.u.username);
    }

    protected async getWorkspacePublicKey(): Promise<ISetting> {
        return { id: 'Cloud_Workspace_PublicKey', value: '', packageValue: '' } as unknown as ISetting;
    }
}

class StandInFederationBridge implements IInternalFederationBridge {
    constructor(private readonly ctx: BridgeContext) {}

    async getPrivateKey(): Promise<string | null> {
        return this.ctx.federationKeys.privateKey;
    }

    async getPublicKey(): Promise<string | null> {
        return this.ctx.federationKeys.publicKey;
    }
}

class StandInActivationBridge extends AppActivationBridge {
    protected async appAdded(): Promise<void> {}
    protected async appUpdated(): Promise<void> {}
    protected async appRemoved(): Promise<void> {}
    protected async appStatusChanged(): Promise<void> {}
    protected async actionsChanged(): Promise<void> {}
}

class StandInDetailChangesBridge extends AppDetailChangesBridge {
    protected onAppSettingsChange(): void {}
}

class StandInApiBridge extends ApiBridge {
    protected async registerApi(): Promise<void> {}
    protected async unregisterApis(): Promise<void> {}
}

/** bridges/environmental.ts: only whitelisted variables are readable (none here). */
class StandInEnvBridge extends EnvironmentalVariableBridge {
    protected async getValueByName(): Promise<string | undefined> {
        return undefined;
    }

    protected async isReadable(): Promise<boolean> {
        return false;
    }

    protected async isSet(): Promise<boolean> {
        return false;
    }
}

class StandInEmailBridge extends EmailBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async sendEmail(email: unknown, appId: string): Promise<void> {
        this.ctx.emails.push({ appId, email });
    }
}

class StandInRoleBridge extends RoleBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async getOneByIdOrName(idOrName: string): Promise<never> {
        const r = [...this.ctx.model.roles.values()].find((x) => x._id === idOrName || x.name === idOrName);
        return (r ? { id: r._id, name: r.name, description: r.description, mandatory2fa: Boolean(r.mandatory2fa), protected: r.protected, scope: r.scope } : null) as never;
    }

    protected async getCustomRoles(): Promise<never[]> {
        return [...this.ctx.model.roles.values()]
            .filter((r) => !r.protected)
            .map((r) => ({ id: r._id, name: r.name, description: r.description, mandatory2fa: Boolean(r.mandatory2fa), protected: false, scope: r.scope })) as never[];
    }
}

class StandInThreadBridge extends ThreadBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async getById(messageId: string): Promise<Array<IMessage>> {
        const msgs = [...this.ctx.model.messages.values()].filter((m) => m.tmid === messageId);
        return Promise.all(msgs.map((m) => this.ctx.converters.messageToApp(m))) as unknown as Promise<IMessage[]>;
    }
}

/** Livechat, uploads, video conferences, OAuth apps, cloud, contacts, moderation, outbound: not emulated. */
function notAvailableBridge<T extends object>(Base: abstract new () => T, what: string): T {
    const Impl = class extends (Base as unknown as new () => object) {};
    return new Proxy(new Impl() as T, {
        get(target, prop, receiver) {
            const v = Reflect.get(target, prop, receiver);
            if (v !== undefined || typeof prop !== 'string') {
                return v;
            }
            return async () => {
                throw unavailable(what);
            };
        },
    });
}

/** Wraps a bridge so every do* call is counted for the app it serves. */
function counted<T extends object>(bridge: T, name: string, ctx: BridgeContext): T {
    return new Proxy(bridge, {
        get(target, prop, receiver) {
            const v = Reflect.get(target, prop, receiver);
            if (typeof v !== 'function' || typeof prop !== 'string' || !prop.startsWith('do')) {
                return v;
            }
            return function (this: unknown, ...args: unknown[]) {
                const appId = args.find((a): a is string => typeof a === 'string' && Boolean(ctx.manager?.getOneById(a)));
                if (appId) {
                    ctx.counters.bridgeCall(appId, `${name}.${prop}`);
                }
                return (v as (...a: unknown[]) => unknown).apply(target, args);
            };
        },
    });
}

export class StandInBridges extends AppBridges {
    private readonly b: Record<string, unknown>;
    readonly listener: StandInListenerBridge;

    constructor(readonly ctx: BridgeContext) {
        super();
        this.listener = new StandInListenerBridge(ctx);
        const raw: Record<string, object> = {
            command: new StandInCommandBridge(ctx),
            room: new StandInRoomBridge(ctx),
            user: new StandInUserBridge(ctx),
            message: new StandInMessageBridge(ctx),
            serverSetting: new StandInServerSettingBridge(ctx),
            persistence: new StandInPersistenceBridge(ctx),
            http: new StandInHttpBridge(ctx),
            uiInteraction: new StandInUiInteractionBridge(ctx),
            scheduler: new StandInSchedulerBridge(ctx),
            internal: new StandInInternalBridge(ctx),
            activation: new StandInActivationBridge(),
            detailChanges: new StandInDetailChangesBridge(),
            api: new StandInApiBridge(),
            env: new StandInEnvBridge(),
            email: new StandInEmailBridge(ctx),
            role: new StandInRoleBridge(ctx),
            thread: new StandInThreadBridge(ctx),
            livechat: notAvailableBridge(LivechatBridge as never, 'Livechat'),
            upload: notAvailableBridge(UploadBridge as never, 'Uploads'),
            video: notAvailableBridge(VideoConferenceBridge as never, 'Video conferences'),
            oauth: notAvailableBridge(OAuthAppsBridge as never, 'OAuth apps'),
            cloud: notAvailableBridge(CloudWorkspaceBridge as never, 'Cloud workspace'),
            contact: notAvailableBridge(ContactBridge as never, 'Omnichannel contacts'),
            moderation: notAvailableBridge(ModerationBridge as never, 'Moderation'),
            outbound: notAvailableBridge(OutboundMessageBridge as never, 'Outbound messages'),
            experimental: notAvailableBridge(ExperimentalBridge as never, 'Experimental features'),
        };
        this.b = {};
        for (const [k, v] of Object.entries(raw)) {
            this.b[k] = counted(v, k, ctx);
        }
    }

    getCommandBridge = () => this.b.command as CommandBridge;
    getContactBridge = () => this.b.contact as ContactBridge;
    getApiBridge = () => this.b.api as ApiBridge;
    getAppDetailChangesBridge = () => this.b.detailChanges as AppDetailChangesBridge;
    getEnvironmentalVariableBridge = () => this.b.env as EnvironmentalVariableBridge;
    getHttpBridge = () => this.b.http as HttpBridge;
    getListenerBridge = () => this.listener as unknown as IListenerBridge;
    getLivechatBridge = () => this.b.livechat as LivechatBridge;
    getMessageBridge = () => this.b.message as MessageBridge;
    getPersistenceBridge = () => this.b.persistence as PersistenceBridge;
    getAppActivationBridge = () => this.b.activation as AppActivationBridge;
    getRoomBridge = () => this.b.room as RoomBridge;
    getInternalBridge = () => this.b.internal as InternalBridge;
    getInternalFederationBridge = () => new StandInFederationBridge(this.ctx);
    getServerSettingBridge = () => this.b.serverSetting as ServerSettingBridge;
    getUploadBridge = () => this.b.upload as UploadBridge;
    getEmailBridge = () => this.b.email as EmailBridge;
    getUserBridge = () => this.b.user as UserBridge;
    getUiInteractionBridge = () => this.b.uiInteraction as UiInteractionBridge;
    getSchedulerBridge = () => this.b.scheduler as SchedulerBridge;
    getCloudWorkspaceBridge = () => this.b.cloud as CloudWorkspaceBridge;
    getVideoConferenceBridge = () => this.b.video as VideoConferenceBridge;
    getOAuthAppsBridge = () => this.b.oauth as OAuthAppsBridge;
    getModerationBridge = () => this.b.moderation as ModerationBridge;
    getThreadBridge = () => this.b.thread as ThreadBridge;
    getRoleBridge = () => this.b.role as RoleBridge;
    getOutboundMessageBridge = () => this.b.outbound as OutboundMessageBridge;
    getExperimentalBridge = () => this.b.experimental as ExperimentalBridge;
}
