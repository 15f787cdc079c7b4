// The local workspace stand-in: an in-memory Rocket.Chat (users, rooms, permissions, settings, messages), its
// REST API on a loopback port, and the real Apps-Engine 1.59.0 running the packaged app in its Deno child.
// One Workspace per process (the AppManager is a singleton). See README.md beside this file.
import { randomBytes } from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';

import type { IPermission } from '@rocket.chat/apps-engine/definition/permissions/IPermission';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';

import type { AppCounters } from './engine/counters';
import { Engine, PROJECT_ROOT } from './engine/Engine';
import { Agenda } from './engine/scheduler/Agenda';
import type { StandInSchedulerBridge } from './engine/bridges/SchedulerBridge';
import type { InstalledApp } from './engine/Engine';
import { setRoomKeyID, setUserPublicAndPrivateKeys, updateGroupKey } from './rocketchat/e2e/keys';
import { randomId } from './rocketchat/ids';
import { seedRooms } from './rocketchat/seed';
import type { SeedOptions } from './rocketchat/seed';
import type { CreateUserOptions, MessageEdit, OutgoingMessage, SendPath } from './rocketchat/Server';
import type { SettingValue } from './rocketchat/settings';
import type { Notification, RcMessage, RcRoom, RcSubscription, RcUser } from './rocketchat/types';
import type { Fault } from './rest/RestServer';
import { createRoomOfKind } from './rooms';
import type { CreateRoomOptions, RoomKind } from './rooms';
import { readState } from './state';
import type { WorkspaceState } from './state';
import { UiKitClients } from './uikit/UiKitClients';
import type { ActionButton, ModalView } from './uikit/UiKitClients';
import { WorkspaceJobs } from './WorkspaceJobs';
import type { JobRunView, JobView } from './WorkspaceJobs';

export type { ActionButton, CreateRoomOptions, JobRunView, JobView, ModalView, RoomKind, WorkspaceState };

export const DEFAULT_ZIP = path.join(PROJECT_ROOT, 'dist', 'encryption-policy_1.0.0.zip');

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
    /** the REST answers of Rocket.Chat 8.x (default) or 9.0 (ApiClass's breaking-change flag on: other 401/403 shapes) */
    restApi?: '8.x' | '9.0';
    /**
     * Rocket.Chat's REST rate limiter on the routes (default false). Rocket.Chat adds it to every versioned route
     * unless TEST_MODE is set (ApiClass.shouldAddRateLimitToRoute), as in its own test runs; true is production.
     * Per request it then follows API_Enable_Rate_Limiter* and api-bypass-rate-limit (rest/rateLimiter.ts).
     */
    rateLimiter?: boolean;
    /** the apps scheduler's clock (Agenda): processEvery (default 5000 ms), lock lifetime (default 10 min) */
    jobs?: { processEveryMs?: number; lockLifetimeMs?: number };
}

export class Workspace extends WorkspaceJobs {
    /** the people's clients: the UIKit views the app opened for them, their clicks and submits */
    private readonly uikit = new UiKitClients(this);

    /** the options this workspace started with (restart() starts the next one with them) */
    private startOptions: WorkspaceOptions = {};

    private constructor() {
        super();
    }

    static async start(options: WorkspaceOptions = {}): Promise<Workspace> {
        const ws = new Workspace();
        ws.startOptions = options;
        ws.rest.rateLimiter.enabled = options.rateLimiter === true;
        const state = options.dataPath ? readState(options.dataPath) : undefined;
        if (state) {
            ws.server.model.restore(state.model);
        }
        ws.rest.applyBreakingChanges = options.restApi === '9.0';
        const url = await ws.rest.start(options.restPort ?? 0);
        ws.server.model.settings.set('Site_Url', url);
        for (const [id, value] of Object.entries(options.settings ?? {})) {
            ws.server.model.settings.set(id, value);
        }
        ws.admin = ws.server.model.userByUsername('admin') ?? ws.server.createUser({ username: 'admin', name: 'Administrator', roles: ['admin', 'user'], password: 'admin' });
        try {
            ws.engine = await Engine.start(ws.server);
            // bridges/scheduler.ts: Agenda over rocketchat_apps_scheduler, `defaultConcurrency: 1`
            ws.engine.ctx.scheduler = new Agenda({ defaultConcurrency: 1, ...options.jobs });
            if (state) {
                for (const r of state.persistence) {
                    ws.engine.ctx.persistence.set(r._id, r);
                }
                ws.engine.ctx.scheduler.restore(state.scheduler ?? []);
            }
            if (options.install !== false) {
                await ws.installApp(options.zipPath ?? DEFAULT_ZIP, options.permissionsGranted);
                for (const [id, value] of Object.entries(state?.appSettings ?? {})) {
                    await ws.setAppSetting(id, value).catch(() => undefined);
                }
            }
            // the orchestrator's load(): the apps are loaded, then getSchedulerBridge().startScheduler()
            await (ws.engine.bridges.getSchedulerBridge() as unknown as StandInSchedulerBridge).startScheduler();
        } catch (e) {
            await ws.stop();
            throw e;
        }
        return ws;
    }

    // ------------------------------------------------------------------ people and rooms
    createUser(o: CreateUserOptions): RcUser {
        return this.server.createUser(o);
    }

    /** A room of a kind, made as Rocket.Chat makes it (createRoom, createDirectRoom, Team.create, createDiscussion...). */
    createRoom(kind: RoomKind, o: CreateRoomOptions): Promise<RcRoom> {
        return createRoomOfKind(this.server, kind, o);
    }

    room(rid: string): RcRoom | undefined {
        return this.server.model.roomById(rid);
    }

    /**
     * Fills the workspace fast, as if the data were already in the database when the app was installed: no app
     * events, no name checks (100 000 rooms in a second or so). See rocketchat/seed.ts.
     */
    seedRooms(o: SeedOptions): { users: RcUser[]; rooms: number; subscriptions: number } {
        return seedRooms(this.server.model, o);
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

    /** A federated invitation of `user` by `inviter`: a subscription Rocket.Chat does not count as membership. */
    invite(room: RcRoom, user: RcUser, inviter: RcUser): RcSubscription {
        return this.server.inviteToRoom(room._id, user._id, inviter._id);
    }

    setRoomRole(room: RcRoom, user: RcUser, role: 'owner' | 'moderator' | 'leader' | string, on = true): void {
        this.server.setRoomRole(room._id, user._id, role, on);
    }

    /** E2E key material as clients set it (users.e2e, the subscription's E2EKey, the room's e2eKeyId). */
    setUserE2EKeys(user: RcUser, keys = { public_key: `pub-${user.username}`, private_key: `priv-${user.username}` }): void {
        setUserPublicAndPrivateKeys(this.server.model, user._id, keys);
    }

    setSubscriptionE2EKey(room: RcRoom, user: RcUser, key = `key-${user.username}`): void {
        updateGroupKey(this.server.model, room._id, user._id, key);
    }

    setRoomKeyId(room: RcRoom, keyId = randomId(12)): void {
        setRoomKeyID(this.server.model, room._id, keyId);
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

    /**
     * An encrypted message as the web client sends it (t 'e2e', e2e 'pending', rc.v2 content, msg ''): a 12-byte iv
     * and, unless given, 32 bytes of ciphertext, random as AES output is.
     */
    async sendEncrypted(user: RcUser, room: RcRoom, ciphertext = randomBytes(32).toString('base64'), opts: { path?: SendPath } = {}): Promise<RcMessage | undefined> {
        const kid = room.e2eKeyId ?? randomId(12);
        return this.sendMessage(user, room, { msg: '', t: 'e2e', e2e: 'pending', content: { algorithm: 'rc.v2.aes-sha2', kid, iv: randomBytes(12).toString('base64'), ciphertext } }, opts);
    }

    async editMessage(user: RcUser, messageId: string, edit: MessageEdit): Promise<RcMessage | undefined> {
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
        try {
            await this.engine.executeCommand(command, parameters, user._id, room._id, opts.threadId, randomId());
        } finally {
            await this.settle();
            this.uikit.absorbInteractions();
        }
    }

    registeredCommands(): string[] {
        return [...this.engine.ctx.registeredCommands.entries()].filter(([, c]) => c.enabled).map(([k]) => k);
    }

    actionButtons(): Promise<ActionButton[]> {
        return this.uikit.actionButtons();
    }

    /** Clicks a room action button the app registered (uikit 'actionButton' interaction with a triggerId). */
    clickRoomAction(user: RcUser, room: RcRoom, actionId: string): Promise<unknown> {
        return this.uikit.clickRoomAction(user, room, actionId);
    }

    /** A block action (button, select...) inside an open modal (viewId) or a message in a room: a 'blockAction'. */
    clickBlockAction(user: RcUser, where: { viewId: string } | { room: RcRoom; messageId?: string }, blockId: string, actionId: string, value?: unknown, appId = this.appId): Promise<unknown> {
        return this.uikit.clickBlockAction(user, where, blockId, actionId, value, appId);
    }

    /**
     * A UIKit interaction exactly as a client could send it, sent by `user`, without the checks the facade's helpers
     * make (a view opened for someone else, a replayed submit, an action on any room): the uikit endpoint only
     * authenticates the sender. `action` is the body minus `user`.
     */
    sendInteraction(user: RcUser, action: Record<string, unknown>): Promise<unknown> {
        return this.uikit.sendInteraction(user, action);
    }

    /** The modals currently open for `user`, oldest first. */
    openModals(user: RcUser): ModalView[] {
        return this.uikit.openModals(user);
    }

    /** Every UI interaction the app sent to `user` through the bridge. */
    uiInteractionsFor(user: RcUser): IUIKitInteraction[] {
        return this.uikit.uiInteractionsFor(user);
    }

    /** Submits a modal with `state` ({ blockId: { actionId: value } }); a success without another view closes it. */
    submitModal(user: RcUser, viewId: string, state: Record<string, Record<string, unknown>>, room?: RcRoom): Promise<unknown> {
        return this.uikit.submitModal(user, viewId, state, room);
    }

    closeModal(user: RcUser, viewId: string): Promise<unknown> {
        return this.uikit.closeModal(user, viewId);
    }

    /** What the app told this person (notifier.notifyUser / notifyRoom) and server notices (e.g. key reset e-mail). */
    notificationsFor(user: RcUser): Notification[] {
        return this.server.model.notifications.filter((n) => n.userId === user._id);
    }

    clearNotifications(): void {
        this.server.model.notifications.splice(0);
    }

    async stop(): Promise<void> {
        try {
            // no job starts while the server goes (Agenda.stop); a processor call in flight ends with the child
            await this.engine?.ctx.scheduler.stop();
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
            // the engine's unload cancels the app's jobs through the bridge, which starts Agenda again: stop it for good
            await this.engine?.ctx.scheduler.stop();
        }
    }

    /**
     * A Rocket.Chat restart on the same database (`--data`): the state is saved to a temporary file, this workspace
     * stops, and a new one starts from the file with the same start options (or `options`). Use the workspace it
     * returns. `crash: true` saves the state as it is at this instant, the jobs that run or wait in memory still
     * locked (a process that died); otherwise the scheduler stops cleanly first (Agenda.stop unlocks them).
     */
    async restart(o: { crash?: boolean; options?: WorkspaceOptions } = {}): Promise<Workspace> {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ws-restart-')), 'state.json');
        if (!o.crash) {
            await this.engine.ctx.scheduler.stop();
        }
        this.saveState(file);
        await this.stop();
        const installed = this.installedFrom && { install: true, zipPath: this.installedFrom.zipPath, permissionsGranted: this.installedFrom.permissionsGranted };
        return Workspace.start({ ...(o.options ?? { ...this.startOptions, ...installed }), dataPath: file });
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
