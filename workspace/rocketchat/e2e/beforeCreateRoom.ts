// The E2E default at creation (apps/meteor/app/e2e/server/beforeCreateRoom.ts), read from the workspace settings.
import type { Model } from '../Model';
import { defaultEncryptedAtCreation } from '../rules';
import type { RoomType } from '../types';

export function encryptedAtCreation(model: Model, t: RoomType, requested: boolean | undefined): boolean | undefined {
    const s = model.settings;
    return defaultEncryptedAtCreation(t, requested, {
        e2eEnable: Boolean(s.get('E2E_Enable')),
        defaultDirect: Boolean(s.get('E2E_Enabled_Default_DirectRooms')),
        defaultPrivate: Boolean(s.get('E2E_Enabled_Default_PrivateRooms')),
    });
}
