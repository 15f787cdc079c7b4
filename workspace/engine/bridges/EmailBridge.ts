// apps/meteor/app/apps/server/bridges/email.ts: e-mails an app sends are kept, not delivered.
import { EmailBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { BridgeContext } from './BridgeContext';

export class StandInEmailBridge extends EmailBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async sendEmail(email: unknown, appId: string): Promise<void> {
        this.ctx.emails.push({ appId, email });
    }
}
