// apps/meteor/app/api/server/v1/teams.ts (Rocket.Chat 8.x, read 2026): teams.info finds the team by teamId or
// teamName; whoever can access its main room (canAccessRoom) or holds view-all-teams (unscoped) gets it, anyone else
// API.v1.unauthorized(): a 401 `{ success: false, error: 'unauthorized' }` for a logged-in caller, in every version.
import { teamById } from '../../rocketchat/services/team';
import type { RouteFamily } from '../api';
import { failure, success, unauthorized } from '../api';

export const teamsRoutes: RouteFamily = (rc) => ({
    'GET teams.info': ({ user, query }) => {
        // getTeamByIdOrName (the parameter validation before it is not modelled)
        const teamId = query.get('teamId');
        const teamName = query.get('teamName');
        const byName = teamName ? [...rc.model.rooms.values()].find((r) => r.teamMain && r.name === teamName)?.teamId : undefined;
        const teamInfo = teamById(rc.model, (teamId || byName) ?? '');
        if (!teamInfo) {
            return failure('Team not found');
        }
        const room = rc.model.roomById(teamInfo.roomId);
        if (!room) {
            return failure('Room not found');
        }
        if (!rc.canAccessRoom(room, user._id) && !rc.model.hasPermission(user._id, 'view-all-teams')) {
            return unauthorized();
        }
        return success({ teamInfo });
    },
});
