// apps/meteor/app/api/server/v1/permissions.ts: permissions.listAll needs no permission; `updatedSince` filters.
import { MeteorError } from '../../rocketchat/rules';
import type { RouteFamily } from '../api';
import { success } from '../api';

export const permissionsRoutes: RouteFamily = (rc) => ({
    'GET permissions.listAll': ({ query }) => {
        const updatedSince = query.get('updatedSince');
        const all = [...rc.model.permissions.values()].map((p) => ({ ...p }));
        if (updatedSince) {
            if (isNaN(Date.parse(updatedSince))) {
                throw new MeteorError('error-roomId-param-invalid', 'The "updatedSince" query parameter must be a valid date.');
            }
            const since = new Date(updatedSince).toISOString();
            return success({ update: all.filter((p) => p._updatedAt > since), remove: [] });
        }
        return success({ update: all, remove: [] });
    },
});
