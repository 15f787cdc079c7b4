// saveRoomEncrypted (apps/meteor/app/channel-settings/server/functions/saveRoomEncrypted.ts): sets the flag, posts
// room_e2e_enabled / room_e2e_disabled, and turns auto-translation off in every subscription of an encrypted room.
import type { ServerContext } from '../context';
import { nowIso } from '../ids';
import { saveSystemMessage } from '../services/messages';
import type { RcUser } from '../types';

export async function saveRoomEncrypted(rc: ServerContext, rid: string, encrypted: boolean, user: RcUser, sendMessage = true): Promise<void> {
    const room = rc.model.requireRoom(rid);
    room.encrypted = encrypted;
    room._updatedAt = nowIso();
    if (sendMessage) {
        await saveSystemMessage(rc, encrypted ? 'room_e2e_enabled' : 'room_e2e_disabled', rid, user.username, user);
    }
    if (encrypted) {
        for (const s of rc.model.subscriptionsByRoom(rid)) {
            if (s.autoTranslate) {
                s.autoTranslate = false;
            }
        }
    }
}
