// Mailer.send (apps/meteor/app/mailer/server/api.ts) and api.broadcast (@rocket.chat/core-services) as the stand-in
// keeps them: no e-mail leaves the machine; each one is recorded as a notice to its user, and a test can make the
// next sends fail as an unreachable SMTP server would. Broadcasts (e.g. 'user.forceLogout') are recorded in order.
import type { Model } from '../Model';
import { nowIso } from '../ids';

export interface Email {
    userId: string;
    to: string;
    subject: string;
    text: string;
}

export interface Broadcast {
    event: string;
    args: unknown[];
    at: string;
}

export class Mailer {
    /** the error the next sends throw (undefined: they succeed) */
    failure?: Error;

    constructor(private readonly model: Model) {}

    send(email: Email): void {
        if (this.failure) {
            throw this.failure;
        }
        this.model.notifications.push({ kind: 'user', userId: email.userId, text: email.text, message: { email: true, to: email.to, subject: email.subject }, at: nowIso() });
    }
}
