// apps/meteor/app/api/server/v1/misc.ts: `me` (getUserInfo) answers the caller's own profile, never tokens or keys.
import type { RouteFamily } from '../api';
import { success } from '../api';

export const miscRoutes: RouteFamily = (rc) => ({
    'GET me': ({ user }) => {
        const { services, e2e: _e2e, ...rest } = user;
        void _e2e;
        const verified = user.emails?.find((e) => e.verified)?.address;
        return success({
            ...rest,
            email: verified,
            settings: { profile: {}, preferences: { ...(user.settings?.preferences ?? {}) } },
            avatarUrl: `${rc.model.settings.get('Site_Url')}/avatar/${user.username}`,
            isOAuthUser: false,
            services: {
                ...(services?.email2fa && { email2fa: { enabled: services.email2fa.enabled } }),
                ...(services?.totp && { totp: { enabled: services.totp.enabled } }),
                password: { exists: Boolean(services?.password?.sha256) },
            },
        });
    },
});
