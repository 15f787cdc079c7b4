// apps/meteor/app/apps/server/bridges/messages.ts: an app's message goes through executeSendMessage (the plaintext
// guard applies to apps too); notifications to a user or a room are ephemeral messages, kept as notifications.
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { MessageBridge } from '@rocket.chat/apps-engine/server/bridges';

import { nowIso } from '../../rocketchat/ids';
import type { Notification, RcMessage } from '../../rocketchat/types';
import type { BridgeContext, Data } from './BridgeContext';
import { unavailable } from './NotAvailableBridge';

export class StandInMessageBridge extends MessageBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    private fromApp(message: IMessage): RcMessage {
        return this.ctx.converters.messageFromApp(message as unknown as Data) as RcMessage;
    }

    /** create → executeSendMessage(msg.u._id, msg). */
    protected async create(message: IMessage): Promise<string> {
        const { u, rid, ...rest } = this.fromApp(message);
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
        await this.ctx.server.updateMessage(message.editor.id, message.id, this.fromApp(message));
    }

    private notify(kind: Notification['kind'], userId: string, roomId: string, msg: RcMessage): void {
        this.ctx.model.notifications.push({ kind, userId, roomId, text: msg.msg ?? '', message: msg as unknown as Data, at: nowIso() });
    }

    /** notifyUser → notify.ephemeralMessage to that user. */
    protected async notifyUser(user: IUser, message: IMessage): Promise<void> {
        const msg = this.fromApp(message);
        this.notify('user', user.id, msg.rid, msg);
    }

    /** notifyRoom → an ephemeral message to every member of the room. */
    protected async notifyRoom(room: IRoom, message: IMessage): Promise<void> {
        const msg = this.fromApp(message);
        for (const s of this.ctx.model.subscriptionsByRoom(room.id)) {
            this.notify('room', s.u._id, room.id, msg);
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
