// Team.create and rooms in a team (apps/meteor/server/services/team/service.ts): the main room is 'p' for a private
// team and 'c' for a public one, marked teamMain and carrying the teamId its rooms share.
import type { ServerContext } from '../context';
import { randomId } from '../ids';
import { createRoom } from '../lib/createRoom';
import { MeteorError } from '../rules';
import type { RcRoom } from '../types';

export async function createTeam(rc: ServerContext, name: string, ownerId: string, privateTeam: boolean, memberUsernames: string[] = []): Promise<RcRoom> {
    return createRoom(rc, privateTeam ? 'p' : 'c', name, ownerId, memberUsernames, { teamId: randomId(), teamMain: true });
}

/** Team.addRooms / createRoom with the team's id. */
export async function createRoomInTeam(rc: ServerContext, teamMainRoomId: string, type: 'c' | 'p', name: string, ownerId: string, members: string[] = []): Promise<RcRoom> {
    const main = rc.model.requireRoom(teamMainRoomId);
    if (!main.teamId) {
        throw new MeteorError('error-team-not-found', 'Team not found');
    }
    return createRoom(rc, type, name, ownerId, members, { teamId: main.teamId });
}
