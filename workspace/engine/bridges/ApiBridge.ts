// apps/meteor/app/apps/server/bridges/api.ts: app-provided REST endpoints are accepted and not served.
import { ApiBridge } from '@rocket.chat/apps-engine/server/bridges';

export class StandInApiBridge extends ApiBridge {
    protected async registerApi(): Promise<void> {}
    protected async unregisterApis(): Promise<void> {}
}
