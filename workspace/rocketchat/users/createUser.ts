// A user document as Rocket.Chat inserts it (Accounts.insertUserDoc in apps/meteor/app/authentication/server/startup/
// index.ts: roles default to ['user']; bots and apps carry their own role), with the password kept only as the digest
// a client sends as its 2FA password code.
import { nowIso, passwordDigest, randomId } from '../ids';
import type { Model } from '../Model';
import { MeteorError } from '../rules';
import type { RcUser, UserType } from '../types';

export interface CreateUserOptions {
    username: string;
    name?: string;
    roles?: string[];
    type?: UserType;
    active?: boolean;
    language?: string;
    federated?: boolean;
    password?: string;
    emails?: Array<{ address: string; verified: boolean }>;
    e2e?: { public_key: string; private_key: string };
    totp?: boolean;
    email2fa?: boolean;
    appId?: string;
    _id?: string;
}

/** The document alone (no uniqueness check, not stored): also what a seeded workspace is filled with. */
export function userDocument(o: CreateUserOptions, now = nowIso()): RcUser {
    return {
        _id: o._id ?? randomId(),
        username: o.username,
        name: o.name ?? o.username,
        type: o.type ?? 'user',
        roles: o.roles ?? (o.type === 'bot' ? ['bot'] : o.type === 'app' ? ['app'] : ['user']),
        active: o.active ?? true,
        status: 'offline',
        createdAt: now,
        _updatedAt: now,
        services: {
            resume: { loginTokens: [] },
            ...(o.password && { password: { sha256: passwordDigest(o.password) } }),
            ...(o.totp && { totp: { enabled: true } }),
            ...(o.email2fa && { email2fa: { enabled: true } }),
        },
        ...(o.language && { language: o.language, settings: { preferences: { language: o.language } } }),
        ...(o.federated && { federated: true }),
        ...(o.emails && { emails: o.emails }),
        ...(o.e2e && { e2e: o.e2e }),
        ...(o.appId && { appId: o.appId }),
    };
}

/**
 * validateUserData (apps/meteor/app/lib/server/functions/saveUser): a taken username is refused; taken in any case
 * (checkUsernameAvailability.ts, findOneByUsernameIgnoringCase), so `Bob` cannot join beside `bob`.
 */
export function createUser(model: Model, o: CreateUserOptions): RcUser {
    if (model.userByUsernameIgnoringCase(o.username)) {
        throw new MeteorError('error-field-unavailable', `${o.username} is already in use :(`);
    }
    const user = userDocument(o);
    model.users.set(user._id, user);
    return user;
}
