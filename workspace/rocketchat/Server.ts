// The in-memory Rocket.Chat server: the database (Model), the way to the Apps-Engine, and one method per
// Rocket.Chat entry point the stand-in models. Each method hands over to the file that follows its Rocket.Chat
// original (see workspace/README.md for the map).
import type { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import { canAccessRoom } from './authorization/canAccessRoom';
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
import { executeSendMessage } from './lib/executeSendMessage';
import { processWebhookMessage } from './lib/processWebhookMessage';
import type { OutgoingMessage, SendPath } from './lib/sendMessage';
import { editMessage, updateMessage } from './lib/updateMessage';
import type { MessageEdit } from './lib/updateMessage';
import { createLivechatRoom } from './livechat/createLivechatRoom';
import { Model } from './Model';
import { MeteorError } from './rules';
import { saveSystemMessage } from './services/messages';
import { createRoomInTeam, createTeam } from './services/team';
import { startVideoConference } from './services/videoConference';
import type { RcMessage, RcRoom, RcSubscription, RcUser } from './types';
import { createUser } from './users/createUser';
import type { CreateUserOptions } from './users/createUser';
import { createLoginToken, createPersonalAccessToken, setUserActiveStatus } from './users/loginTokens';

export class RocketChatServer implements ServerContext {
    readonly model = new Model();
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
        return resetUserE2EKey(this.model, uid, notifyUser);
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

    canAccessRoom(room: RcRoom, userId: string): boolean {
        return canAccessRoom(this.model, room, userId);
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
     * Sends as `userId` along one of Rocket.Chat's paths (see SendPath): the method and executeSendMessage with the
     * plaintext guard, or processWebhookMessage. Returns the stored message, or undefined when an app prevented it.
     */
    async sendMessage(userId: string, rid: string, input: OutgoingMessage, path: SendPath = 'sendMessage'): Promise<RcMessage | undefined> {
        const user = this.model.userById(userId);
        if (!user?.username) {
            throw new MeteorError('error-invalid-user', 'Invalid user');
        }
        if (path === 'sendMessage' || path === 'executeSendMessage') {
            return executeSendMessage(this, user, rid, input, path === 'sendMessage');
        }
        return processWebhookMessage(this, user, rid, input, path === 'webhook');
    }

    /** REST rooms.mediaConfirm: an uploaded file confirmed as a message (file-upload/sendFileMessage.ts). */
    mediaConfirm(userId: string, rid: string, upload: UploadedFile, body: MediaConfirmBody, options = { parseAttachmentsForE2EE: true }): Promise<RcMessage | undefined> {
        return mediaConfirm(this, userId, rid, upload, body, options);
    }

    /** A video conference started in a room: the call's message (services/videoConference.ts). */
    startVideoConference(userId: string, rid: string): Promise<{ callId: string; message?: RcMessage }> {
        return startVideoConference(this, userId, rid);
    }

    updateMessage(editorId: string, messageId: string, change: Partial<RcMessage>): Promise<RcMessage> {
        return updateMessage(this, editorId, messageId, change);
    }

    editMessage(userId: string, messageId: string, edit: MessageEdit): Promise<RcMessage | undefined> {
        return editMessage(this, userId, messageId, edit);
    }
}

export type { AppsHooks, CreateUserOptions, MediaConfirmBody, MessageEdit, OutgoingMessage, SendPath, UploadedFile };
