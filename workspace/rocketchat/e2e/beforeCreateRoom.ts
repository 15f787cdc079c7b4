// The E2E rules at creation (apps/meteor/app/e2e/server/beforeCreateRoom.ts; apps/meteor/server/lib/e2e/beforeCreateRoom.ts
// in the newest versions, a prepareCreateRoom callback that runs before the apps see the room), read from the workspace
// settings: the defaults, then E2E_Force_Encryption_For_Private_Rooms where the workspace has that setting (8.8).
import type { Model } from '../Model';
import { defaultEncryptedAtCreation, forcedEncryptionAtCreation } from '../rules';
import type { RoomType } from '../types';

export function encryptedAtCreation(model: Model, t: RoomType, requested: boolean | undefined, federated = false): boolean | undefined {
    const s = model.settings;
    const e2eEnable = Boolean(s.get('E2E_Enable'));
    const encrypted = defaultEncryptedAtCreation(t, requested, {
        e2eEnable,
        defaultDirect: Boolean(s.get('E2E_Enabled_Default_DirectRooms')),
        defaultPrivate: Boolean(s.get('E2E_Enabled_Default_PrivateRooms')),
    });
    return forcedEncryptionAtCreation(t, encrypted, { e2eEnable, forcePrivate: Boolean(s.get('E2E_Force_Encryption_For_Private_Rooms')), federated });
}
