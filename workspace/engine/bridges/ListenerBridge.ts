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
            case AppInterface.IPostRoomUserJoined:
                return this.roomUserEvent(event, payload, 'joiningUser', 'inviter');
            case AppInterface.IPreRoomUserLeave:
            case AppInterface.IPostRoomUserLeave:
                return this.roomUserEvent(event, payload, 'leavingUser', 'removedBy');
            default:
                return this.lm().executeListener(event, payload[0] as never);
        }
    }

    /** The room and the two users of a join or leave (the one joining or leaving, and who invited or removed them). */
    private async roomUserEvent(event: AppInterface, payload: unknown[], userKey: string, byKey: string): Promise<unknown> {
        const [room, user, by] = payload as [RcRoom, RcUser, RcUser | undefined];
        const { converters } = this.ctx;
        return this.lm().executeListener(event, {
            room: await converters.roomToApp(room),
            [userKey]: converters.userToApp(user),
            [byKey]: converters.userToApp(by),
        } as never);
    }

    /** A document converted for the app, the listeners run, and an object result converted back. */
    private async documentEvent<T>(int: AppInterface, forApp: Data | undefined, fromApp: (result: Data) => unknown): Promise<void | boolean | T> {
        const result = await this.lm().executeListener(int, forApp as never);
        if (typeof result === 'boolean' || result === undefined) {
            return result ?? undefined;
        }
        return fromApp(result as Data) as T;
    }

    /** messageEvent: RC message → app message → listeners → (object results) back to an RC message. */
    async messageEvent(int: AppInterface, message: IMessage | RcMessage): Promise<void | boolean | IMessage> {
        const { converters } = this.ctx;
        return this.documentEvent<IMessage>(int, await converters.messageToApp(message as unknown as RcMessage), (r) => converters.messageFromApp(r));
    }

    async roomEvent(int: AppInterface, room: IRoom | RcRoom): Promise<void | boolean | IRoom> {
        const { converters } = this.ctx;
        return this.documentEvent<IRoom>(int, await converters.roomToApp(room as unknown as RcRoom), (r) => converters.roomFromApp(r));
    }

    async uiKitInteractionEvent(int: AppInterface, action: unknown): Promise<void | boolean> {
        return this.lm().executeListener(int, action as never) as Promise<void | boolean>;
    }
}
