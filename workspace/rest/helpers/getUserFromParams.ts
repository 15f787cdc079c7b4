// getUserFromParams (apps/meteor/server/api/lib/getUserFromParams.ts in 8.x, read 2026): userId first, then username /
// user, matched in any case (Users.findOneByUsernameIgnoringCase).
import type { Model } from '../../rocketchat/Model';
import { MeteorError } from '../../rocketchat/rules';
import type { RcUser } from '../../rocketchat/types';

export function getUserFromParams(model: Model, params: Record<string, unknown>): RcUser {
    const id = (params.userId ?? '') as string;
    const username = (params.username ?? params.user ?? '') as string;
    let user: RcUser | undefined;
    if (typeof id === 'string' && id.trim()) {
        user = model.userById(id);
    } else if (typeof username === 'string' && username.trim()) {
        user = model.userByUsernameIgnoringCase(username);
    } else {
        throw new MeteorError('error-user-param-not-provided', 'The required "userId" or "username" param was not provided');
    }
    if (!user) {
        throw new MeteorError('error-invalid-user', 'The required "userId" or "username" param provided does not match any users');
    }
    return user;
}
