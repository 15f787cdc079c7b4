// AppListenerBridge.handleEvent (apps/meteor/app/apps/server/bridges/listeners.ts): converts Rocket.Chat documents
// for the app, runs the engine's listeners, and converts object results back.
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IListenerBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { RcMessage, RcRoom, RcUser } from '../../rocketchat/types';
import type { BridgeContext, Data } from './BridgeContext';

export class StandInListenerBridge implements IListenerBridge {
    constructor(private readonly ctx: BridgeContext) {}

    /** executeListener typed loosely: the host passes every AppInterface through, as Rocket.Chat does. */
    private lm(): { executeListener(int: AppInterface, data: unknown): Promise<unknown> } {
        return this.ctx.requireManager().getListenerManager() as unknown as { executeListener(int: AppInterface, data: unknown): Promise<unknown> };
    }

    async handleEvent(event: AppInterface, ...payload: unknown[]): Promise<unknown> {
        const { converters } = this.ctx;
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
                    room: await converters.roomToApp(room),
                    joiningUser: converters.userToApp(joining),
                    inviter: converters.userToApp(inviter),
                } as never);
            }
            case AppInterface.IPreRoomUserLeave:
            case AppInterface.IPostRoomUserLeave: {
                const [room, leaving, removedBy] = payload as [RcRoom, RcUser, RcUser | undefined];
                return this.lm().executeListener(event, {
                    room: await converters.roomToApp(room),
                    leavingUser: converters.userToApp(leaving),
                    removedBy: converters.userToApp(removedBy),
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
