// apps/meteor/app/apps/server/bridges/uiInteraction.ts: notify.uiInteraction to the user; kept per user here.
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { UiInteractionBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { BridgeContext } from './BridgeContext';

export class StandInUiInteractionBridge extends UiInteractionBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async notifyUser(user: IUser, interaction: IUIKitInteraction): Promise<void> {
        this.ctx.recordUiInteraction(user.id, interaction);
    }
}
