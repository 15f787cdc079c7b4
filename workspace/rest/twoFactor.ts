// processTwoFactor / checkCodeForUser (apps/meteor/app/2fa/server/code/index.ts) with twoFactorOptions
// { disableRememberMe: true }: a personal access token with bypassTwoFactor passes; otherwise TOTP or e-mail 2FA
// when enabled, else the password fallback (Accounts_TwoFactorAuthentication_Enforce_Password_Fallback) when the
// user has a password. TOTP and e-mail codes cannot be verified here: any such code is 'totp-invalid'.
import type { Model } from '../rocketchat/Model';
import { MeteorError } from '../rocketchat/rules';
import type { RouteContext } from './api';

const header = (ctx: RouteContext, name: string): string | undefined => (typeof ctx.headers[name] === 'string' ? (ctx.headers[name] as string) : undefined);

export function checkTwoFactor(model: Model, ctx: RouteContext): void {
    const s = model.settings;
    if (!s.get('Accounts_TwoFactorAuthentication_Enabled') || ctx.token.bypassTwoFactor === true) {
        return;
    }
    const user = ctx.user;
    const code = header(ctx, 'x-2fa-code');
    const requested = header(ctx, 'x-2fa-method');
    const available: string[] = [];
    if (user.services?.totp?.enabled) {
        available.push('totp');
    }
    if (user.services?.email2fa?.enabled) {
        available.push('email');
    }
    let method: string | undefined = requested && ['totp', 'email'].includes(requested) ? requested : available[0];
    if (!method && s.get('Accounts_TwoFactorAuthentication_Enforce_Password_Fallback') && user.services?.password?.sha256) {
        method = 'password';
    }
    if (!method) {
        return;
    }
    const data = { method, codeGenerated: method === 'email', availableMethods: available };
    if (!code) {
        throw new MeteorError('totp-required', 'TOTP Required', data);
    }
    if (!(method === 'password' && code === user.services?.password?.sha256)) {
        throw new MeteorError('totp-invalid', 'TOTP Invalid', data);
    }
}
