import type { IUser } from '@rocket.chat/apps-engine/definition/users';

export enum ResetRefusal {
    UnknownUser = 'unknown-user',
    ServiceAccount = 'service-account',
    AppOrBot = 'app-or-bot',
    Federated = 'federated',
}

const BOT_ROLES: ReadonlyArray<string> = ['bot', 'app'];

/**
 * Federated users come from another server: Rocket.Chat refuses their key reset, and their usernames carry the remote server (`@name:server`).
 * Rocket.Chat's user converter hands the flag over as `isFederated` (from `federated`).
 */
function isFederated(user: IUser): boolean {
    const unmapped = (user as { _unmappedProperties_?: { federated?: unknown } })._unmappedProperties_;
    const fields = user as { federated?: unknown; isFederated?: unknown };
    const flagged = fields.isFederated === true || fields.federated === true || unmapped?.federated === true;
    return flagged || user.username.includes(':');
}

/**
 * Whose E2EE key an administrator may reset through the app. Not the service account (the
 * reset wipes every token of the user, the app's own included), not app or bot accounts (they
 * hold no E2EE keys), not federated users (Rocket.Chat refuses them), not unknown users.
 */
export function checkResetTarget(target: IUser | undefined, serviceUserId: string): ResetRefusal | undefined {
    if (!target || !target.id || typeof target.username !== 'string') {
        return ResetRefusal.UnknownUser;
    }
    if (target.id === serviceUserId) {
        return ResetRefusal.ServiceAccount;
    }
    const type = target.type as string;
    if (type === 'app' || type === 'bot' || (target.roles ?? []).some((role) => BOT_ROLES.includes(role))) {
        return ResetRefusal.AppOrBot;
    }
    if (isFederated(target)) {
        return ResetRefusal.Federated;
    }
    return undefined;
}

/** A confirmation dialog the app opened, kept in persistence until it is answered once. */
export interface PendingReset {
    readonly viewId: string;
    readonly adminId: string;
    readonly targetUserId: string;
    readonly targetUsername: string;
    /** Where the command was run: the outcome is told there. */
    readonly roomId: string;
    readonly openedAt: number;
}

/** How long a confirmation dialog stays valid. */
export const PENDING_RESET_TTL_MS = 10 * 60 * 1000;

/** Why a submitted dialog is not acted on; all but Unknown are recorded in the audit trail as they are. */
export enum SubmitRefusal {
    /** Not a dialog the app has open (answered already, or never opened): nothing to record. */
    Unknown = 'unknown',
    NotOwner = 'not-dialog-owner',
    Expired = 'dialog-expired',
    TargetChanged = 'target-changed',
}

/**
 * Whether a submitted confirmation may go ahead: it must be a dialog the app opened and has not
 * answered yet, submitted by the admin it was opened for, in time, for the same account it named.
 */
export function checkSubmission(input: {
    pending: PendingReset | undefined;
    submitterId: string;
    now: number;
    target: IUser | undefined;
}): SubmitRefusal | undefined {
    const { pending, submitterId, now, target } = input;
    if (!pending) {
        return SubmitRefusal.Unknown;
    }
    if (pending.adminId !== submitterId) {
        return SubmitRefusal.NotOwner;
    }
    if (now - pending.openedAt > PENDING_RESET_TTL_MS) {
        return SubmitRefusal.Expired;
    }
    if (!target || target.id !== pending.targetUserId || target.username !== pending.targetUsername) {
        return SubmitRefusal.TargetChanged;
    }
    return undefined;
}

export function isPendingReset(value: unknown): value is PendingReset {
    const pending = value as PendingReset;
    return (
        typeof value === 'object' &&
        value !== null &&
        typeof pending.viewId === 'string' &&
        typeof pending.adminId === 'string' &&
        typeof pending.targetUserId === 'string' &&
        typeof pending.targetUsername === 'string' &&
        typeof pending.roomId === 'string' &&
        typeof pending.openedAt === 'number'
    );
}
