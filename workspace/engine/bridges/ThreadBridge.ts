// apps/meteor/app/apps/server/bridges/thread.ts: the messages of a thread (tmid = the thread's first message).
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { ThreadBridge } from '@rocket.chat/apps-engine/server/bridges/ThreadBridge';

import type { BridgeContext } from './BridgeContext';

export class StandInThreadBridge extends ThreadBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async getById(messageId: string): Promise<Array<IMessage>> {
        const msgs = [...this.ctx.model.messages.values()].filter((m) => m.tmid === messageId);
        return Promise.all(msgs.map((m) => this.ctx.converters.messageToApp(m))) as unknown as Promise<IMessage[]>;
    }
}
