// apps/meteor/app/apps/server/bridges/internal.ts: the engine's own reads (room usernames, the workspace key).
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { InternalBridge } from '@rocket.chat/apps-engine/server/bridges/InternalBridge';

import type { BridgeContext } from './BridgeContext';

export class StandInInternalBridge extends InternalBridge {
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
