// The in-memory Rocket.Chat server: the database (Model), the way to the Apps-Engine, and one method per
// Rocket.Chat entry point the stand-in models. Each method hands over to the file that follows its Rocket.Chat
// original (see workspace/README.md for the map).
import type { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import { canAccessRoom } from './authorization/canAccessRoom';
import type { AccessOptions } from './authorization/canAccessRoom';
import { saveRoomEncrypted } from './channel-settings/saveRoomEncrypted';
import { saveRoomSettings } from './channel-settings/saveRoomSettings';
import type { AppsHooks, ServerContext } from './context';
import { createDiscussion } from './discussion/createDiscussion';
import type { DiscussionOptions } from './discussion/createDiscussion';
import { resetUserE2EKey } from './e2e/resetUserE2EKey';
import { mediaConfirm } from './file-upload/sendFileMessage';
import type { MediaConfirmBody, UploadedFile } from './file-upload/sendFileMessage';
import { addUserToRoom, setRoomRole } from './lib/addUserToRoom';
import { createDirectRoom } from './lib/createDirectRoom';
import { createRoom } from './lib/createRoom';
import type { CreateRoomArgs } from './lib/createRoom';
import { inviteToRoom } from './lib/inviteToRoom';
import { executeSendMessage } from './lib/executeSendMessage';
import { processWebhookMessage } from './lib/processWebhookMessage';
import type { WebhookPayload, WebhookSent } from './lib/processWebhookMessage';
import type { OutgoingMessage, SendPath } from './lib/sendMessage';
import { chatSendMessage, sendMessageMethod } from './lib/sendMessageMethod';
import { editMessage, updateMessage } from './lib/updateMessage';
import type { MessageEdit } from './lib/updateMessage';
import { createLivechatRoom } from './livechat/createLivechatRoom';
import { nowIso } from './ids';
import { Model } from './Model';
import { MeteorError } from './rules';
import type { Broadcast } from './services/mailer';
import { Mailer } from './services/mailer';
import { saveSystemMessage } from './services/messages';
import { createRoomInTeam, createTeam } from './services/team';
import { startVideoConference } from './services/videoConference';
import type { RcMessage, RcRoom, RcSubscription, RcUser } from './types';
import { createUser } from './users/createUser';
import type { CreateUserOptions } from './users/createUser';
import { createLoginToken, createPersonalAccessToken, setUserActiveStatus } from './users/loginTokens';

export class RocketChatServer implements ServerContext {
    readonly model = new Model();
    /** e-mails Rocket.Chat sends (recorded as notices; `mailer.failure` makes them fail) */
    readonly mailer = new Mailer(this.model);
    /** api.broadcast events, oldest first (e.g. 'user.forceLogout') */
    readonly broadcasts: Broadcast[] = [];
    apps?: AppsHooks;
    private readonly pending = new Set<Promise<unknown>>();

    // ------------------------------------------------------------------ the Apps-Engine
    appsLoaded(): boolean {
        return Boolean(this.apps?.isLoaded());
    }

    async trigger(event: AppInterface, ...payload: unknown[]): Promise<unknown> {
        if (!this.apps?.isLoaded()) {
            return undefined;
        }
        return this.apps.triggerEvent(event, ...payload);
    }

    fireAndForget(p: Promise<unknown>): void {
        const tracked = p.catch(() => undefined).finally(() => this.pending.delete(tracked));
        this.pending.add(tracked);
    }

    /** Waits for the fire-and-forget events (`void Apps.self?.triggerEvent(...)` in Rocket.Chat). */
    async settle(): Promise<void> {
        while (this.pending.size) {
            await Promise.all([...this.pending]);
        }
    }

    // ------------------------------------------------------------------ users
    createUser(o: CreateUserOptions): RcUser {
        return createUser(this.model, o);
    }

    requireUser(userId: string): RcUser {
        return this.model.requireUser(userId);
    }

    createLoginToken(userId: string): string {
        return createLoginToken(this.model, userId);
    }

    createPersonalAccessToken(userId: string, tokenName: string, bypassTwoFactor = false): string {
        return createPersonalAccessToken(this.model, userId, tokenName, bypassTwoFactor);
    }

    setUserActive(userId: string, active: boolean): void {
        setUserActiveStatus(this.model, userId, active);
    }

    resetUserE2EKey(uid: string, notifyUser: boolean): boolean {
        return resetUserE2EKey(this, uid, notifyUser);
    }

    /** api.broadcast (@rocket.chat/core-services): recorded; nothing listens in the stand-in. */
    broadcast(event: string, ...args: unknown[]): void {
        this.broadcasts.push({ event, args, at: nowIso() });
    }

    // ------------------------------------------------------------------ rooms
    requireRoom(rid: string): RcRoom {
        return this.model.requireRoom(rid);
    }

    createRoom(...args: CreateRoomArgs): Promise<RcRoom> {
        return createRoom(this, ...args);
    }

    /** `creatorId` is accepted as the room bridge passes it; the members alone make the room. */
    createDirectRoom(memberIds: string[], creatorId?: string): Promise<RcRoom> {
        void creatorId;
        return createDirectRoom(this, memberIds);
    }

    createTeam(name: string, ownerId: string, privateTeam: boolean, memberUsernames: string[] = []): Promise<RcRoom> {
        return createTeam(this, name, ownerId, privateTeam, memberUsernames);
    }

    createRoomInTeam(teamMainRoomId: string, type: 'c' | 'p', name: string, ownerId: string, members: string[] = []): Promise<RcRoom> {
        return createRoomInTeam(this, teamMainRoomId, type, name, ownerId, members);
    }

    createDiscussion(userId: string, o: DiscussionOptions): Promise<RcRoom> {
        return createDiscussion(this, userId, o);
    }

    createLivechatRoom(agentId: string, visitorName = 'visitor'): RcRoom {
        return createLivechatRoom(this.model, agentId, visitorName);
    }

    addUserToRoom(rid: string, userId: string, inviterId?: string): Promise<RcSubscription> {
        return addUserToRoom(this, rid, userId, inviterId);
    }

    setRoomRole(rid: string, userId: string, role: string, on = true): void {
        setRoomRole(this, rid, userId, role, on);
    }

    /** A federated invitation: a subscription with status INVITED, not membership until accepted. */
    inviteToRoom(rid: string, userId: string, inviterId: string): RcSubscription {
        return inviteToRoom(this, rid, userId, inviterId);
    }

    canAccessRoom(room: RcRoom, userId: string, o: AccessOptions = {}): boolean {
        return canAccessRoom(this.model, room, userId, o);
    }

    saveRoomSettings(userId: string, rid: unknown, input: Record<string, unknown>): Promise<{ result: true; rid: string }> {
        return saveRoomSettings(this, userId, rid, input);
    }

    saveRoomEncrypted(rid: string, encrypted: boolean, user: RcUser, sendMessage = true): Promise<void> {
        return saveRoomEncrypted(this, rid, encrypted, user, sendMessage);
    }

    // ------------------------------------------------------------------ messages
    saveSystemMessage(type: string, rid: string, text: string, owner: RcUser, extra: Partial<RcMessage> = {}): Promise<RcMessage> {
        return saveSystemMessage(this, type, rid, text, owner, extra);
    }

    /**
     * Sends as `userId` along one of Rocket.Chat's paths (see SendPath): chat.sendMessage, the DDP method and
     * executeSendMessage with the plaintext guard, or processWebhookMessage. Returns the stored message, or undefined
     * when an app prevented it (or the DDP method swallowed the error).
     */
    async sendMessage(userId: string, rid: string, input: OutgoingMessage, path: SendPath = 'sendMessage'): Promise<RcMessage | undefined> {
        const user = this.model.userById(userId);
        if (!user?.username) {
            throw new MeteorError('error-invalid-user', 'Invalid user');
        }
        switch (path) {
            case 'sendMessage':
                return chatSendMessage(this, user, rid, input);
            case 'ddp':
                return sendMessageMethod(this, user, rid, input);
            case 'executeSendMessage':
                return executeSendMessage(this, user, rid, input);
        }
        const [first] = await processWebhookMessage(this, user, { ...input, channel: rid }, path === 'webhook');
        return first?.message;
    }

    /** processWebhookMessage as chat.postMessage calls it: `channel` (or `roomId`) resolved, one message per room. */
    postMessage(userId: string, payload: WebhookPayload): Promise<WebhookSent[]> {
        return processWebhookMessage(this, this.model.requireUser(userId), payload, false);
    }

    /** REST rooms.mediaConfirm: an uploaded file confirmed as a message (file-upload/sendFileMessage.ts). */
    mediaConfirm(userId: string, rid: string, upload: UploadedFile, body: MediaConfirmBody, options = { parseAttachmentsForE2EE: true }): Promise<RcMessage | undefined> {
        return mediaConfirm(this, userId, rid, upload, body, options);
    }

    /** A video conference started in a room: the call's message (services/videoConference.ts). */
    startVideoConference(userId: string, rid: string): Promise<{ callId: string; message?: RcMessage }> {
        return startVideoConference(this, userId, rid);
    }

    /** updateMessage(), as the Apps-Engine message bridge calls it: no editor checks. */
    updateMessage(editorId: string, messageId: string, change: Partial<RcMessage>): Promise<RcMessage> {
        return updateMessage(this, editorId, messageId, change);
    }

    /** chat.update (`roomId` as the request gives it; the message's own room when left out). */
    editMessage(userId: string, messageId: string, edit: MessageEdit, roomId?: string): Promise<RcMessage | undefined> {
        return editMessage(this, userId, messageId, edit, roomId);
    }
}

export type { AppsHooks, CreateUserOptions, MediaConfirmBody, MessageEdit, OutgoingMessage, SendPath, UploadedFile };
