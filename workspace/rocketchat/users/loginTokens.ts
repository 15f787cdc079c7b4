// Login tokens: session tokens (Accounts._insertLoginToken, meteor accounts-base) and personal access tokens
// (imports/personal-access-tokens/server/api/methods/generateToken.ts). Only the hash of a token is stored.
import { hashLoginToken, nowIso, randomSecret } from '../ids';
import type { Model } from '../Model';
import { MeteorError } from '../rules';
import type { LoginToken, RcUser } from '../types';

export function loginTokensOf(user: RcUser): LoginToken[] {
    user.services = user.services ?? {};
    user.services.resume = user.services.resume ?? { loginTokens: [] };
    return user.services.resume.loginTokens;
}

/** A session login token: returns the plain token, stores its hash. */
export function createLoginToken(model: Model, userId: string): string {
    const user = model.requireUser(userId);
    const token = randomSecret();
    loginTokensOf(user).push({ hashedToken: hashLoginToken(token), when: nowIso() });
    return token;
}

/** personalAccessTokens:generateToken: needs create-personal-access-tokens; one token per name. */
export function createPersonalAccessToken(model: Model, userId: string, tokenName: string, bypassTwoFactor = false): string {
    const user = model.requireUser(userId);
    if (!model.hasPermission(userId, 'create-personal-access-tokens')) {
        throw new MeteorError('not-authorized', 'Not Authorized', { method: 'personalAccessTokens:generateToken' });
    }
    if (loginTokensOf(user).some((t) => t.type === 'personalAccessToken' && t.name === tokenName)) {
        throw new MeteorError('error-token-already-exists', 'A token with this name already exists', { method: 'personalAccessTokens:generateToken' });
    }
    const token = randomSecret();
    loginTokensOf(user).push({
        hashedToken: hashLoginToken(token),
        type: 'personalAccessToken',
        createdAt: nowIso(),
        lastTokenPart: token.slice(-6),
        name: tokenName,
        bypassTwoFactor,
    });
    return token;
}

/** setUserActiveStatus (app/lib/server/functions/setUserActiveStatus.ts): deactivation wipes every login token. */
export function setUserActiveStatus(model: Model, userId: string, active: boolean): void {
    const user = model.requireUser(userId);
    user.active = active;
    if (!active) {
        loginTokensOf(user).splice(0);
    }
}
