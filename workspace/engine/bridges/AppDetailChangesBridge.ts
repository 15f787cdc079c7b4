// apps/meteor/app/apps/server/bridges/details.ts: setting changes are broadcast to clients; nobody listens here.
import { AppDetailChangesBridge } from '@rocket.chat/apps-engine/server/bridges';

export class StandInDetailChangesBridge extends AppDetailChangesBridge {
    protected onAppSettingsChange(): void {}
}
