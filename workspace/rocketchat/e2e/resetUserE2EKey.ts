// resetUserE2EEncriptionKey (apps/meteor/server/lib/resetUserE2EKey.ts): the e-mail notice (when asked), the key
// pair and every room key removed, the user queued for the keys of encrypted rooms, and every login token dropped.
import type { Model } from '../Model';
import { nowIso } from '../ids';
import { MeteorError } from '../rules';
import { loginTokensOf } from '../users/loginTokens';

export function resetUserE2EKey(model: Model, uid: string, notifyUser: boolean): boolean {
    const user = model.requireUser(uid);
    if (notifyUser) {
        model.notifications.push({
            kind: 'user',
            userId: uid,
            text: 'Your_e2e_key_has_been_reset',
            message: { email: true, subject: 'E2E_key_reset_email' },
            at: nowIso(),
        });
    }
    if (user.federated) {
        throw new MeteorError('error-not-allowed', 'Federated Users cant have TOTP', { function: 'resetTOTP' });
    }
    delete user.e2e;
    const subs = model.subscriptionsByUser(uid);
    for (const s of subs) {
        delete s.E2EKey;
        delete s.E2ESuggestedKey;
        delete s.oldRoomKeys;
    }
    // Rooms.addUserIdToE2EEQueueByRoomIds: encrypted rooms only
    for (const s of subs) {
        const room = model.roomById(s.rid);
        if (room?.encrypted) {
            model.addUserIdToE2EEQueue(room, uid);
        }
    }
    // Users.unsetLoginTokens: every token, personal access tokens included
    loginTokensOf(user).splice(0);
    return true;
}
