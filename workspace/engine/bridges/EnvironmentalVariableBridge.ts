// apps/meteor/app/apps/server/bridges/environmental.ts: only whitelisted variables are readable (none here).
import { EnvironmentalVariableBridge } from '@rocket.chat/apps-engine/server/bridges';

export class StandInEnvBridge extends EnvironmentalVariableBridge {
    protected async getValueByName(): Promise<string | undefined> {
        return undefined;
    }

    protected async isReadable(): Promise<boolean> {
        return false;
    }

    protected async isSet(): Promise<boolean> {
        return false;
    }
}
