// Team.create and rooms in a team (apps/meteor/server/services/team/service.ts): the main room is 'p' for a private
// team and 'c' for a public one, marked teamMain and carrying the teamId its rooms share.
import type { ServerContext } from '../context';
import { randomId } from '../ids';
import { createRoom } from '../lib/createRoom';
import type { Model } from '../Model';
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

/** TEAM_TYPE of @rocket.chat/core-typings (ITeam.ts). */
export enum TeamType {
    Public = 0,
    Private = 1,
}

/** The ITeam fields the stand-in needs: its type and its main room. */
export interface RcTeam {
    _id: string;
    name?: string;
    type: TeamType;
    roomId: string;
}

/**
 * Team.getOneById: the stand-in keeps no teams collection; a team is its main room (teamMain with the teamId), whose
 * type follows the team's (Team.create makes the main room 'p' for a private team, 'c' for a public one, and
 * Team.update changes both together).
 */
export function teamById(model: Model, teamId: string): RcTeam | undefined {
    for (const room of model.rooms.values()) {
        if (room.teamMain && room.teamId === teamId) {
            return { _id: teamId, name: room.name, type: room.t === 'c' ? TeamType.Public : TeamType.Private, roomId: room._id };
        }
    }
    return undefined;
}

/**
 * TeamMember.findOneByUserIdAndTeamId: addUserToRoom.ts adds a team member whenever someone joins the team's main room
 * (and removeUserFromRoom.ts removes them), so membership is a subscription to the main room; an invitation is none.
 */
export function isTeamMember(model: Model, teamId: string, userId: string): boolean {
    const team = teamById(model, teamId);
    const sub = team && model.subscription(team.roomId, userId);
    return Boolean(sub && sub.status !== 'INVITED');
}
