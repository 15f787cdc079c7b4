// The local workspace stand-in: an in-memory Rocket.Chat (users, rooms, permissions, settings, messages), its
// REST API on a loopback port, and the real Apps-Engine 1.59.0 running the packaged app in its Deno child.
// One Workspace per process (the AppManager is a singleton). See README.md beside this file.
import fs from 'fs';
import path from 'path';

import type { IPermission } from '@rocket.chat/apps-engine/definition/permissions/IPermission';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';

import type { AppCounters } from './engine/counters';
import { Engine, PROJECT_ROOT } from './engine/Engine';
import type { InstalledApp } from './engine/Engine';
import { nowIso, randomId } from './rocketchat/ids';
import type { ModelSnapshot } from './rocketchat/Model';
import { MeteorError } from './rocketchat/rules';
import { RocketChatServer } from './rocketchat/Server';
import type { CreateUserOptions, OutgoingMessage, SendPath } from './rocketchat/Server';
import type { SettingValue } from './rocketchat/settings';
import type { Notification, RcMessage, RcRole, RcRoom, RcSubscription, RcUser } from './rocketchat/types';
import { RestServer } from './rest/RestServer';
import type { Fault } from './rest/RestServer';

export const DEFAULT_ZIP = path.join(PROJECT_ROOT, 'dist', 'encryption-policy_1.0.0.zip');

export type RoomKind =
    | 'dm' // 'd' between two users
    | 'group-dm' // 'd' with three or more users
    | 'private' // 'p'
    | 'public' // 'c'
    | 'private-team' // 'p' + teamMain
    | 'public-team' // 'c' + teamMain
    | 'team-room' // a 'c' or 'p' room inside a team (parent = the team's main room)
    | 'discussion' // prid = parent; type derived from the parent
    | 'livechat'; // 'l'

export interface CreateRoomOptions {
    name?: string;
    owner: RcUser;
    members?: RcUser[];
    /** discussion: the parent room; team-room: the team's main room */
    parent?: RcRoom;
    /** team-room: 'c' or 'p' (default 'p') */
    type?: 'c' | 'p';
    /** explicit `encrypted` at creation (discussions default to the parent's) */
    encrypted?: boolean;
    reply?: string;
}

export interface WorkspaceOptions {
    /** the app package; default dist/encryption-policy_1.0.0.zip */
    zipPath?: string;
    /** install the app at start (default true) */
    install?: boolean;
    /** permissions granted at install; default: the manifest's */
    permissionsGranted?: IPermission[];
    /** server settings applied before the app is installed */
    settings?: Record<string, SettingValue>;
    /** load a state saved with saveState() */
    dataPath?: string;
    /** REST port (default: a free one) */
    restPort?: number;
}

export interface ModalView {
    id: string;
    appId: string;
    triggerId: string;
    view: Record<string, unknown>;
    errors?: Record<string, string>;
}

export interface WorkspaceState {
    version: 1;
    model: ModelSnapshot;
    persistence: Array<{ _id: string; appId: string; associations?: unknown[]; data: object }>;
    appSettings: Record<string, unknown>;
}

export class Workspace {
    readonly server: RocketChatServer;
    readonly rest: RestServer;
    engine!: Engine;
    app?: InstalledApp;
    /** the first administrator (username 'admin', password 'admin') */
    admin!: RcUser;
    private readonly modals = new Map<string, Map<string, ModalView>>();
    private readonly seenInteractions = new Map<string, number>();

    private constructor() {
        this.server = new RocketChatServer();
        this.rest = new RestServer(this.server);
    }

    static async start(options: WorkspaceOptions = {}): Promise<Workspace> {
        const ws = new Workspace();
        let state: WorkspaceState | undefined;
        if (options.dataPath && fs.existsSync(options.dataPath)) {
            state = JSON.parse(fs.readFileSync(options.dataPath, 'utf8')) as WorkspaceState;
            ws.server.model.restore(state.model);
        }
        const url = await ws.rest.start(options.restPort ?? 0);
        ws.server.model.settings.set('Site_Url', url);
        for (const [id, value] of Object.entries(options.settings ?? {})) {
            ws.server.model.settings.set(id, value);
        }
        ws.admin = ws.server.model.userByUsername('admin') ?? ws.server.createUser({ username: 'admin', name: 'Administrator', roles: ['admin', 'user'], password: 'admin' });
        try {
            ws.engine = await Engine.start(ws.server);
            if (state) {
                for (const r of state.persistence) {
                    ws.engine.ctx.persistence.set(r._id, r as never);
                }
            }
            if (options.install !== false) {
                await ws.installApp(options.zipPath ?? DEFAULT_ZIP, options.permissionsGranted);
                for (const [id, value] of Object.entries(state?.appSettings ?? {})) {
                    await ws.setAppSetting(id, value).catch(() => undefined);
                }
            }
        } catch (e) {
            await ws.stop();
            throw e;
        }
        return ws;
    }

    get restUrl(): string {
        return this.rest.url;
    }

    get appId(): string {
        if (!this.app) {
            throw new Error('No app installed');
        }
        return this.app.appId;
    }

    /** Installs a package as an administrator does (enable, grant the manifest's permissions unless given). */
    async installApp(zipPath: string, permissionsGranted?: IPermission[]): Promise<InstalledApp> {
        const zip = fs.readFileSync(zipPath);
        this.app = await this.engine.install(zip, this.engine.ctx.converters.userToApp(this.admin) as never, permissionsGranted);
        return this.app;
    }

    async isAppEnabled(): Promise<boolean> {
        return this.engine.isEnabled(this.appId);
    }

    /** The app's user ('<nameSlug>.bot', type 'app'). */
    appUser(): RcUser | undefined {
        return this.server.model.userByAppId(this.appId);
    }

    // ------------------------------------------------------------------ people and rooms
    createUser(o: CreateUserOptions): RcUser {
        return this.server.createUser(o);
    }

    async createRoom(kind: RoomKind, o: CreateRoomOptions): Promise<RcRoom> {
        const name = o.name ?? `${kind}-${randomId(6).toLowerCase()}`;
        const members = (o.members ?? []).map((m) => m.username);
        const s = this.server;
        switch (kind) {
            case 'dm':
            case 'group-dm':
                return s.createDirectRoom([o.owner._id, ...(o.members ?? []).map((m) => m._id)], o.owner._id);
            case 'private':
                return s.createRoom('p', name, o.owner._id, members, o.encrypted === undefined ? {} : { encrypted: o.encrypted });
            case 'public':
                return s.createRoom('c', name, o.owner._id, members, o.encrypted === undefined ? {} : { encrypted: o.encrypted });
            case 'private-team':
                return s.createTeam(name, o.owner._id, true, members);
            case 'public-team':
                return s.createTeam(name, o.owner._id, false, members);
            case 'team-room':
                if (!o.parent) {
                    throw new Error('team-room needs parent: the team main room');
                }
                return s.createRoomInTeam(o.parent._id, o.type ?? 'p', name, o.owner._id, members);
            case 'discussion':
                if (!o.parent) {
                    throw new Error('discussion needs parent');
                }
                return s.createDiscussion(o.owner._id, { prid: o.parent._id, t_name: name, users: members, encrypted: o.encrypted, reply: o.reply });
            case 'livechat':
                return s.createLivechatRoom(o.owner._id, name);
        }
    }

    room(rid: string): RcRoom | undefined {
        return this.server.model.roomById(rid);
    }

    /**
     * Fills the workspace fast, as if the data were already in the database when the app was installed (like a
     * loaded state): `users` people, `rooms` rooms alternating private and public (every fourth one encrypted),
     * each with its owner and `membersPerRoom - 1` more members. No app events run and no names are checked, so
     * 100 000 rooms take a second or so. Names are `<prefix>-user-<i>` and `<prefix>-room-<i>`.
     */
    seedRooms(o: { rooms: number; users?: number; membersPerRoom?: number; prefix?: string }): { users: RcUser[]; rooms: number; subscriptions: number } {
        const model = this.server.model;
        const prefix = o.prefix ?? 'seed';
        const userCount = Math.max(1, o.users ?? Math.ceil(o.rooms / 10));
        const members = Math.max(1, Math.min(o.membersPerRoom ?? 2, userCount));
        const now = nowIso();
        const users: RcUser[] = [];
        for (let i = 0; i < userCount; i++) {
            const username = `${prefix}-user-${i}`;
            const user: RcUser = { _id: randomId(), username, name: username, type: 'user', roles: ['user'], active: true, status: 'offline', createdAt: now, _updatedAt: now, services: { resume: { loginTokens: [] } } };
            model.users.set(user._id, user);
            users.push(user);
        }
        let subscriptions = 0;
        for (let i = 0; i < o.rooms; i++) {
            const owner = users[i % userCount];
            const name = `${prefix}-room-${i}`;
            const t = i % 2 === 0 ? 'p' : 'c';
            const room: RcRoom = {
                _id: randomId(),
                t,
                name,
                fname: name,
                u: { _id: owner._id, username: owner.username, name: owner.name },
                usersCount: members,
                msgs: 0,
                ts: now,
                _updatedAt: now,
                ro: false,
                ...(t === 'p' && i % 4 === 0 && { encrypted: true }),
            };
            model.rooms.set(room._id, room);
            for (let m = 0; m < members; m++) {
                const member = users[(i + m) % userCount];
                const id = randomId();
                model.subscriptions.set(id, {
                    _id: id,
                    rid: room._id,
                    u: { _id: member._id, username: member.username, name: member.name },
                    t,
                    name,
                    fname: name,
                    open: true,
                    ts: now,
                    ...(m === 0 && { roles: ['owner'] }),
                });
                subscriptions += 1;
            }
        }
        return { users, rooms: o.rooms, subscriptions };
    }

    user(userId: string): RcUser | undefined {
        return this.server.model.userById(userId);
    }

    subscription(room: RcRoom, user: RcUser): RcSubscription | undefined {
        return this.server.model.subscription(room._id, user._id);
    }

    /** Someone adds `user` (or the user joins when no inviter): pre/post join listeners run. */
    async addMember(room: RcRoom, user: RcUser, inviter?: RcUser): Promise<RcSubscription> {
        return this.server.addUserToRoom(room._id, user._id, inviter?._id);
    }

    async join(room: RcRoom, user: RcUser): Promise<RcSubscription> {
        return this.addMember(room, user);
    }

    setRoomRole(room: RcRoom, user: RcUser, role: 'owner' | 'moderator' | 'leader' | string, on = true): void {
        this.server.setRoomRole(room._id, user._id, role, on);
    }

    /** E2E key material as clients set it (users.e2e, the subscription's E2EKey, the room's e2eKeyId). */
    setUserE2EKeys(user: RcUser, keys = { public_key: `pub-${user.username}`, private_key: `priv-${user.username}` }): void {
        const u = this.server.requireUser(user._id);
        u.e2e = keys;
    }

    setSubscriptionE2EKey(room: RcRoom, user: RcUser, key = `key-${user.username}`): void {
        const sub = this.server.model.subscription(room._id, user._id);
        if (!sub) {
            throw new Error('not a member');
        }
        sub.E2EKey = key;
    }

    setRoomKeyId(room: RcRoom, keyId = randomId(12)): void {
        this.server.requireRoom(room._id).e2eKeyId = keyId;
    }

    /** A session token for REST (what a login returns). */
    loginToken(user: RcUser): string {
        return this.server.createLoginToken(user._id);
    }

    createPersonalAccessToken(user: RcUser, name: string, opts: { bypassTwoFactor?: boolean } = {}): { userId: string; token: string } {
        return { userId: user._id, token: this.server.createPersonalAccessToken(user._id, name, opts.bypassTwoFactor ?? false) };
    }

    deactivateUser(user: RcUser): void {
        this.server.setUserActive(user._id, false);
    }

    // ------------------------------------------------------------------ messages
    /** Sends as `user`. path: 'sendMessage' (DDP/chat.sendMessage, with the plaintext guard), 'postMessage', 'webhook'. */
    async sendMessage(user: RcUser, room: RcRoom, message: string | OutgoingMessage, opts: { path?: SendPath } = {}): Promise<RcMessage | undefined> {
        const m = typeof message === 'string' ? { msg: message } : message;
        try {
            return await this.server.sendMessage(user._id, room._id, m, opts.path ?? 'sendMessage');
        } finally {
            await this.settle();
        }
    }

    /** An encrypted message as the web client sends it (t 'e2e', e2e 'pending', rc.v2 content, msg ''). */
    async sendEncrypted(user: RcUser, room: RcRoom, ciphertext = Buffer.from(randomId(24)).toString('base64'), opts: { path?: SendPath } = {}): Promise<RcMessage | undefined> {
        const kid = room.e2eKeyId ?? randomId(12);
        return this.sendMessage(
            user,
            room,
            { msg: '', t: 'e2e', e2e: 'pending', content: { algorithm: 'rc.v2.aes-sha2', kid, iv: Buffer.from(randomId(12)).toString('base64'), ciphertext } },
            opts,
        );
    }

    async editMessage(user: RcUser, messageId: string, edit: { text?: string; content?: RcMessage['content']; e2eMentions?: RcMessage['e2eMentions'] }): Promise<RcMessage | undefined> {
        try {
            return await this.server.editMessage(user._id, messageId, edit);
        } finally {
            await this.settle();
        }
    }

    messages(room: RcRoom): RcMessage[] {
        return this.server.model.messagesByRoom(room._id);
    }

    /** Room settings as the DDP method / REST rooms.saveRoomSettings does them (system messages, permissions). */
    async saveRoomSettings(user: RcUser, room: RcRoom, settings: Record<string, unknown>): Promise<void> {
        try {
            await this.server.saveRoomSettings(user._id, room._id, settings);
        } finally {
            await this.settle();
        }
    }

    // ------------------------------------------------------------------ slash commands and UIKit
    /** Runs "/command args" (the leading slash is optional) as `user` in `room`. Only registered commands run. */
    async runSlashCommand(user: RcUser, room: RcRoom, text: string, opts: { threadId?: string } = {}): Promise<void> {
        const trimmed = text.trim().replace(/^\//, '');
        const space = trimmed.indexOf(' ');
        const command = space < 0 ? trimmed : trimmed.slice(0, space);
        const parameters = space < 0 ? '' : trimmed.slice(space + 1);
        // commands bridge: parameters.length === 0 || parameters === ' ' ? [] : parameters.split(' ')
        const params = parameters.length === 0 || parameters === ' ' ? [] : parameters.split(' ');
        const triggerId = randomId();
        const sender = this.engine.ctx.converters.userToApp(this.server.requireUser(user._id));
        const appRoom = await this.engine.ctx.converters.roomById(room._id);
        try {
            await this.engine.executeCommand(command, sender as never, appRoom, params, opts.threadId, triggerId);
        } finally {
            await this.settle();
            this.absorbInteractions(user);
        }
    }

    registeredCommands(): string[] {
        return [...this.engine.ctx.registeredCommands.entries()].filter(([, c]) => c.enabled).map(([k]) => k);
    }

    async actionButtons(): Promise<Array<{ appId: string; actionId: string; context: string; labelI18n: string }>> {
        return (await this.engine.manager.getUIActionButtonManager().getAllActionButtons()) as never;
    }

    /** Clicks a room action button the app registered (uikit 'actionButton' interaction with a triggerId). */
    async clickRoomAction(user: RcUser, room: RcRoom, actionId: string): Promise<unknown> {
        const buttons = await this.actionButtons();
        const button = buttons.find((b) => b.actionId === actionId);
        if (!button) {
            throw new Error(`No action button registered with id ${actionId}`);
        }
        const triggerId = randomId();
        const action = {
            type: 'actionButton',
            appId: button.appId,
            actionId,
            triggerId,
            user: this.engine.ctx.converters.userToApp(this.server.requireUser(user._id)),
            room: await this.engine.ctx.converters.roomById(room._id),
            payload: { context: button.context },
        };
        return this.interact(user, action);
    }

    /**
     * A block action (button, select...) inside an open modal (viewId) or a message in a room: a 'blockAction'
     * interaction as the client sends it through the uikit endpoint.
     */
    async clickBlockAction(
        user: RcUser,
        where: { viewId: string } | { room: RcRoom; messageId?: string },
        blockId: string,
        actionId: string,
        value?: unknown,
        appId = this.appId,
    ): Promise<unknown> {
        const base = {
            type: 'blockAction',
            appId,
            actionId,
            triggerId: randomId(),
            user: this.engine.ctx.converters.userToApp(this.server.requireUser(user._id)),
            payload: { blockId, value },
        };
        if ('viewId' in where) {
            const modal = this.modals.get(user._id)?.get(where.viewId);
            if (!modal) {
                throw new Error(`No open modal ${where.viewId} for ${user.username}`);
            }
            return this.interact(user, { ...base, appId: modal.appId, container: { type: 'view', id: where.viewId } });
        }
        const message = where.messageId ? await this.engine.ctx.converters.messageToApp(this.server.model.messageById(where.messageId)) : undefined;
        return this.interact(user, {
            ...base,
            room: await this.engine.ctx.converters.roomById(where.room._id),
            ...(message && { message }),
            container: { type: 'message', id: where.messageId ?? '' },
        });
    }

    /**
     * A UIKit interaction exactly as a client could send it, sent by `user`, without the checks the facade's helpers
     * make (a view opened for someone else, a replayed submit, an action on any room): the uikit endpoint only
     * authenticates the sender. `action` is the body minus `user`.
     */
    async sendInteraction(user: RcUser, action: Record<string, unknown>): Promise<unknown> {
        return this.interact(user, { ...action, user: this.engine.ctx.converters.userToApp(this.server.requireUser(user._id)) });
    }

    private async interact(user: RcUser, action: Record<string, unknown>): Promise<unknown> {
        let result: unknown;
        try {
            result = await this.engine.bridges.listener.uiKitInteractionEvent(AppInterface.IUIKitInteractionHandler, action);
        } finally {
            await this.settle();
        }
        this.absorbInteractions(user);
        const r = result as (IUIKitInteraction & { success?: boolean; view?: Record<string, unknown>; errors?: Record<string, string>; viewId?: string }) | undefined;
        if (r && typeof r === 'object' && r.type) {
            this.applyInteraction(user._id, r);
        }
        return result;
    }

    /** Interactions the app pushed through the UI interaction bridge (openModalView etc.). */
    private absorbInteractions(user: RcUser): void {
        for (const [userId, list] of this.engine.ctx.uiInteractions) {
            const seen = this.seenInteractions.get(userId) ?? 0;
            for (const i of list.slice(seen)) {
                this.applyInteraction(userId, i as never);
            }
            this.seenInteractions.set(userId, list.length);
        }
        void user;
    }

    private applyInteraction(userId: string, i: IUIKitInteraction & { view?: Record<string, unknown>; errors?: Record<string, string>; viewId?: string }): void {
        const views = this.modals.get(userId) ?? new Map<string, ModalView>();
        this.modals.set(userId, views);
        const viewId = (i.view?.id as string | undefined) ?? i.viewId;
        switch (i.type as string) {
            case 'modal.open':
            case 'modal.update':
                if (viewId && i.view) {
                    views.set(viewId, { id: viewId, appId: i.appId, triggerId: i.triggerId, view: i.view });
                }
                break;
            case 'modal.close':
                if (viewId) {
                    views.delete(viewId);
                } else {
                    views.clear();
                }
                break;
            case 'errors':
                if (viewId && views.has(viewId)) {
                    (views.get(viewId) as ModalView).errors = i.errors;
                }
                break;
            default:
                break;
        }
    }

    /** The modals currently open for `user`, oldest first. */
    openModals(user: RcUser): ModalView[] {
        this.absorbInteractions(user);
        return [...(this.modals.get(user._id)?.values() ?? [])];
    }

    /** Every UI interaction the app sent to `user` through the bridge. */
    uiInteractionsFor(user: RcUser): IUIKitInteraction[] {
        return [...(this.engine.ctx.uiInteractions.get(user._id) ?? [])];
    }

    /**
     * Submits a modal with `state` ({ blockId: { actionId: value } }): a 'viewSubmit' interaction. A success without
     * another view closes the modal (as the client does); 'errors' keep it open with the errors.
     */
    async submitModal(user: RcUser, viewId: string, state: Record<string, Record<string, unknown>>, room?: RcRoom): Promise<unknown> {
        const modal = this.modals.get(user._id)?.get(viewId);
        if (!modal) {
            throw new Error(`No open modal ${viewId} for ${user.username}`);
        }
        const action = {
            type: 'viewSubmit',
            appId: modal.appId,
            actionId: (modal.view.submit as { actionId?: string } | undefined)?.actionId ?? '',
            triggerId: randomId(),
            payload: { view: { ...modal.view, state } },
            user: this.engine.ctx.converters.userToApp(this.server.requireUser(user._id)),
            ...(room && { room: await this.engine.ctx.converters.roomById(room._id) }),
        };
        const result = (await this.interact(user, action)) as { success?: boolean; type?: string } | undefined;
        if (result && result.success !== false && !result.type) {
            this.modals.get(user._id)?.delete(viewId);
        }
        return result;
    }

    async closeModal(user: RcUser, viewId: string): Promise<unknown> {
        const modal = this.modals.get(user._id)?.get(viewId);
        if (!modal) {
            throw new Error(`No open modal ${viewId} for ${user.username}`);
        }
        this.modals.get(user._id)?.delete(viewId);
        return this.interact(user, {
            type: 'viewClosed',
            appId: modal.appId,
            actionId: '',
            payload: { view: modal.view, isCleared: false },
            user: this.engine.ctx.converters.userToApp(this.server.requireUser(user._id)),
        });
    }

    /** What the app told this person (notifier.notifyUser / notifyRoom) and server notices (e.g. key reset e-mail). */
    notificationsFor(user: RcUser): Notification[] {
        return this.server.model.notifications.filter((n) => n.userId === user._id);
    }

    clearNotifications(): void {
        this.server.model.notifications.splice(0);
    }

    // ------------------------------------------------------------------ settings, permissions
    /** Changes an app setting through the engine's settings manager: the app's onSettingUpdated runs. */
    async setAppSetting(id: string, value: unknown): Promise<void> {
        const sm = this.engine.manager.getSettingsManager();
        const current = sm.getAppSetting(this.appId, id) as ISetting;
        await sm.updateAppSetting(this.appId, { ...current, value } as ISetting);
        await this.settle();
    }

    getAppSetting(id: string): unknown {
        const s = this.engine.manager.getSettingsManager().getAppSetting(this.appId, id) as ISetting;
        return s.value ?? s.packageValue;
    }

    setServerSetting(id: string, value: SettingValue): void {
        this.server.model.settings.set(id, value);
    }

    getServerSetting(id: string): SettingValue | undefined {
        return this.server.model.settings.get(id);
    }

    grantPermission(permission: string, role: string): void {
        const p = this.server.model.permissions.get(permission) ?? { _id: permission, roles: [], _updatedAt: nowIso() };
        if (!p.roles.includes(role)) {
            p.roles.push(role);
        }
        p._updatedAt = nowIso();
        this.server.model.permissions.set(permission, p);
    }

    revokePermission(permission: string, role: string): void {
        const p = this.server.model.permissions.get(permission);
        if (p) {
            p.roles = p.roles.filter((r) => r !== role);
            p._updatedAt = nowIso();
        }
    }

    createRole(name: string, scope: RcRole['scope'] = 'Users', description = ''): RcRole {
        if (this.server.model.roles.has(name)) {
            throw new MeteorError('error-duplicate-role-names-not-allowed', 'Role name already exists');
        }
        const role: RcRole = { _id: name, name, scope, description, protected: false, mandatory2fa: false };
        this.server.model.roles.set(name, role);
        return role;
    }

    /** Adds a global role to a user (or, with a room, a room role on the subscription). */
    addUserRole(user: RcUser, role: string, room?: RcRoom): void {
        if (room) {
            this.setRoomRole(room, user, role, true);
            return;
        }
        const u = this.server.requireUser(user._id);
        if (!u.roles.includes(role)) {
            u.roles.push(role);
        }
    }

    hasPermission(user: RcUser, permission: string, room?: RcRoom): boolean {
        return this.server.model.hasPermission(user._id, permission, room?._id);
    }

    // ------------------------------------------------------------------ instrumentation, faults
    counters(): AppCounters {
        return this.engine.counters.get(this.appId);
    }

    resetCounters(): void {
        this.engine.counters.reset();
    }

    injectFault(route: string, fault: Fault, times?: number): void {
        this.rest.injectFault(route, fault, times);
    }

    clearFaults(route?: string): void {
        this.rest.clearFaults(route);
    }

    /** The pid of the app's Deno child (the engine restarts the child when it dies), or undefined. */
    appProcessId(): number | undefined {
        const controller = this.engine.manager.getOneById(this.appId)?.getRuntimeController() as unknown as { deno?: { pid?: number } } | undefined;
        return controller?.deno?.pid;
    }

    /** The app's log entries kept by the engine (for assertions that nothing secret was logged). */
    appLogs() {
        return this.engine.logs.entries.filter((e) => e.appId === this.appId);
    }

    /** Waits for the fire-and-forget events (post-send, post-create, post-join) to finish. */
    async settle(): Promise<void> {
        await this.server.settle();
    }

    // ------------------------------------------------------------------ state
    state(): WorkspaceState {
        const appSettings: Record<string, unknown> = {};
        if (this.app) {
            for (const [id, s] of Object.entries(this.engine.manager.getSettingsManager().getAppSettings(this.appId))) {
                appSettings[id] = (s as ISetting).value;
            }
        }
        return {
            version: 1,
            model: this.server.model.snapshot(),
            persistence: JSON.parse(JSON.stringify([...this.engine.ctx.persistence.values()])),
            appSettings,
        };
    }

    saveState(file: string): void {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        fs.writeFileSync(file, JSON.stringify(this.state(), null, 2) + '\n');
    }

    async stop(): Promise<void> {
        try {
            await this.server.settle().catch(() => undefined);
            // Close the REST port first (dropping open connections) and let every outbound call the app
            // made end while its Deno child still runs: a response delivered after the child is gone
            // would only be logged as an error by the engine.
            await this.rest.stop();
            if (this.engine) {
                await Promise.allSettled([...this.engine.ctx.httpInFlight]);
                await new Promise((resolve) => setTimeout(resolve, 10));
                await this.engine.stop();
            }
        } finally {
            await this.rest.stop();
        }
    }

    // ------------------------------------------------------------------ Inspection, for tests and the demo
    // What the engine keeps for the app, read through the objects that keep it. Reads are read-only views (no
    // copies: a test reads the trail after every step); the one write, putPersistedRecord, is what restoring a
    // backup does: records appear without the app being told.

    /** The app's persistence records (another app's with `appId`), in the order they were first written. */
    persistedRecords(appId: string = this.appId): ReadonlyArray<Readonly<{ _id: string; appId: string; associations?: ReadonlyArray<unknown>; data: Readonly<object> }>> {
        return [...this.engine.ctx.persistence.values()].filter((r) => r.appId === appId);
    }

    /** Stores a record in the app's persistence as a restored backup would: a record written in the past, say. */
    putPersistedRecord(record: { _id: string; associations?: ReadonlyArray<unknown>; data: object }): void {
        this.engine.ctx.persistence.set(record._id, JSON.parse(JSON.stringify({ ...record, appId: this.appId })));
    }

    /** Every UI interaction the app sent through the bridge, per user id, oldest first. */
    uiInteractionsByUser(): Readonly<Record<string, ReadonlyArray<Readonly<IUIKitInteraction>>>> {
        return Object.fromEntries(this.engine.ctx.uiInteractions);
    }

    /** The e-mails the app sent through the email bridge. */
    sentEmails(): ReadonlyArray<unknown> {
        return this.engine.ctx.emails.filter((e) => e.appId === this.appId).map((e) => e.email);
    }

    /** Every log entry the engine kept, the runtime's as well as the app's (appLogs() has the app's only). */
    engineLogs(): ReadonlyArray<unknown> {
        return [...this.engine.logs.entries];
    }

    /**
     * The app's Deno child: its pid (undefined while none runs) and how often the engine's liveness manager
     * restarted it. Both live in the engine's runtime controller, which offers no accessor for them.
     */
    appProcess(): { pid?: number; restarts: number } {
        const controller = this.engine.manager.getOneById(this.appId)?.getRuntimeController() as unknown as
            | { deno?: { pid?: number }; livenessManager?: { getRuntimeData(): { restartCount: number } } }
            | undefined;
        return { pid: controller?.deno?.pid, restarts: controller?.livenessManager?.getRuntimeData().restartCount ?? 0 };
    }
}

export type { AppCounters, CreateUserOptions, Fault, InstalledApp, Notification, OutgoingMessage, RcMessage, RcRoom, RcSubscription, RcUser, SendPath };
