// apps/meteor/app/apps/server/bridges/activation.ts: Rocket.Chat tells clients about app changes; nobody listens here.
import { AppActivationBridge } from '@rocket.chat/apps-engine/server/bridges';

export class StandInActivationBridge extends AppActivationBridge {
    protected async appAdded(): Promise<void> {}
    protected async appUpdated(): Promise<void> {}
    protected async appRemoved(): Promise<void> {}
    protected async appStatusChanged(): Promise<void> {}
    protected async actionsChanged(): Promise<void> {}
}
