// apps/meteor/app/api/server/v1/users.ts: users.resetE2EKey (twoFactorRequired, disableRememberMe). With a target,
// edit-other-user-e2ee is needed and the target is told; without one, the caller resets their own keys.
import { MeteorError } from '../../rocketchat/rules';
import type { RouteFamily } from '../api';
import { failure, success } from '../api';
import { getUserFromParams } from '../helpers/getUserFromParams';
import { checkTwoFactor } from '../twoFactor';

export const usersRoutes: RouteFamily = (rc) => ({
    'POST users.resetE2EKey': async (ctx) => {
        checkTwoFactor(rc.model, ctx);
        const { user, body } = ctx;
        if ('userId' in body || 'username' in body || 'user' in body) {
            const target = getUserFromParams(rc.model, body);
            if (!target) {
                throw new MeteorError('error-invalid-user-id', 'Invalid user id');
            }
            if (!rc.model.hasPermission(user._id, 'edit-other-user-e2ee')) {
                throw new MeteorError('error-not-allowed', 'Not allowed');
            }
            if (!rc.resetUserE2EKey(target._id, true)) {
                return failure({});
            }
            return success();
        }
        rc.resetUserE2EKey(user._id, false);
        return success();
    },
});
