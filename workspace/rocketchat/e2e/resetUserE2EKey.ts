// resetUserE2EEncriptionKey (apps/meteor/server/lib/resetUserE2EKey.ts, Rocket.Chat 7.x/8.x, read 2026), in its order:
// 1. when asked, the notice e-mail to each verified address (none: no e-mail, no error); a send that fails throws
//    error-email-send-failed before anything is reset;
// 2. a federated user (isUserIdFederated → isUserFederated: `user.federated === true`, not the username; users made by
//    federation carry both the flag and an `@name:server` username) is refused;
// 3. api.broadcast('user.forceLogout', uid) ends the live sessions;
// 4. the key pair and every room key removed, the user queued for the keys of encrypted rooms, every login token dropped.
import type { Model } from '../Model';
import { MeteorError } from '../rules';
import type { Mailer } from '../services/mailer';
import { loginTokensOf } from '../users/loginTokens';

export interface ResetContext {
    readonly model: Model;
    readonly mailer: Mailer;
    broadcast(event: string, ...args: unknown[]): void;
}

function sendResetNotification(rc: ResetContext, uid: string): void {
    const user = rc.model.userById(uid);
    if (!user) {
        throw new MeteorError('invalid-user');
    }
    const addresses = (user.emails ?? []).filter(({ verified }) => verified).map((e) => e.address);
    for (const address of addresses) {
        try {
            rc.mailer.send({ userId: uid, to: address, subject: 'E2E_key_reset_email', text: 'Your_e2e_key_has_been_reset' });
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            throw new MeteorError('error-email-send-failed', `Error trying to send email: ${message}`, { function: 'resetUserE2EEncriptionKey', message });
        }
    }
}

export function resetUserE2EKey(rc: ResetContext, uid: string, notifyUser: boolean): boolean {
    const { model } = rc;
    if (notifyUser) {
        sendResetNotification(rc, uid);
    }
    const user = model.requireUser(uid);
    if (user.federated === true) {
        throw new MeteorError('error-not-allowed', 'Federated Users cant have TOTP', { function: 'resetTOTP' });
    }
    rc.broadcast('user.forceLogout', uid);
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
