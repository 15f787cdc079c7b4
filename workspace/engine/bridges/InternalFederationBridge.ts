// apps/meteor/app/apps/server/bridges/internalFederation.ts: the key pair the engine signs with (a test-only pair
// from workspace/keys/).
import type { IInternalFederationBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { BridgeContext } from './BridgeContext';

export class StandInFederationBridge implements IInternalFederationBridge {
    constructor(private readonly ctx: BridgeContext) {}

    async getPrivateKey(): Promise<string | null> {
        return this.ctx.federationKeys.privateKey;
    }

    async getPublicKey(): Promise<string | null> {
        return this.ctx.federationKeys.publicKey;
    }
}
