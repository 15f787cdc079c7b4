// canAccessRoom as Rocket.Chat 8.x decides it (apps/meteor/server/services/authorization/canAccessRoom.ts): team
// channels, the permissions a subscription needs, invitations, discussions, and sending through canSendMessage.
import { beforeEach, describe, expect, it } from '@jest/globals';

import { addPermissionToRole, removeRoleFromPermission } from '../../workspace/rocketchat/authorization/roles';
import { RocketChatServer } from '../../workspace/rocketchat/Server';
import { isTeamMember, teamById, TeamType } from '../../workspace/rocketchat/services/team';
import type { RcRoom, RcUser } from '../../workspace/rocketchat/types';

let rc: RocketChatServer;
let owner: RcUser;
let member: RcUser;
let outsider: RcUser;
let guest: RcUser;
let bot: RcUser;

beforeEach(() => {
    rc = new RocketChatServer();
    owner = rc.createUser({ username: 'owner' });
    member = rc.createUser({ username: 'member' });
    outsider = rc.createUser({ username: 'outsider' });
    guest = rc.createUser({ username: 'guest', roles: ['guest'] });
    bot = rc.createUser({ username: 'bot', type: 'bot' });
});

const sees = (room: RcRoom, user: RcUser) => rc.canAccessRoom(rc.model.requireRoom(room._id), user._id);

describe('public channels', () => {
    it('outside teams: whoever holds view-c-room (not guests by default), members through their subscription', async () => {
        const lobby = await rc.createRoom('c', 'lobby', owner._id, ['guest']);
        expect([owner, member, outsider, bot].map((u) => sees(lobby, u))).toEqual([true, true, true, true]);
        // the guest has no view-c-room, but is subscribed and holds view-joined-room
        expect(sees(lobby, guest)).toBe(true);
        const quiet = await rc.createRoom('c', 'quiet', owner._id);
        expect(sees(quiet, guest)).toBe(false);
        removeRoleFromPermission(rc.model, 'view-c-room', 'user');
        expect(sees(quiet, outsider)).toBe(false);
        // a subscriber without view-joined-room or view-c-room loses it too
        expect(sees(quiet, owner)).toBe(false);
    });

    it('of a private team: only the team members, whatever view-c-room says, and subscribers of the channel', async () => {
        const team = await rc.createTeam('core', owner._id, true, ['member']);
        const channel = await rc.createRoomInTeam(team._id, 'c', 'core-news', owner._id, ['guest']);
        expect(teamById(rc.model, team.teamId as string)).toEqual({ _id: team.teamId, name: 'core', type: TeamType.Private, roomId: team._id });
        expect(isTeamMember(rc.model, team.teamId as string, member._id)).toBe(true);
        // member: in the team, not in the channel
        expect(sees(channel, member)).toBe(true);
        // outsider: holds view-c-room, but the team is private
        expect(sees(channel, outsider)).toBe(false);
        // guest: not in the team, subscribed to the channel with view-joined-room
        expect(sees(channel, guest)).toBe(true);
        expect(sees(channel, bot)).toBe(false);
    });

    it('of a public team: view-c-room, as outside teams; team membership alone does not count', async () => {
        const team = await rc.createTeam('town', owner._id, false, ['guest']);
        const channel = await rc.createRoomInTeam(team._id, 'c', 'town-news', owner._id);
        expect(teamById(rc.model, team.teamId as string)?.type).toBe(TeamType.Public);
        expect(sees(channel, outsider)).toBe(true);
        expect(sees(channel, guest)).toBe(false);
        // the team's main room is a public room of the team too
        expect(sees(team, outsider)).toBe(true);
        expect(sees(team, guest)).toBe(true); // subscribed, view-joined-room
    });
});

describe('subscriptions', () => {
    it('count only with view-joined-room or view-<t>-room, global roles only', async () => {
        const vault = await rc.createRoom('p', 'vault', owner._id, ['member', 'bot', 'guest']);
        expect([owner, member, bot, guest, outsider].map((u) => sees(vault, u))).toEqual([true, true, true, true, false]);
        // bots hold view-joined-room but not view-p-room
        removeRoleFromPermission(rc.model, 'view-joined-room', 'bot');
        expect(sees(vault, bot)).toBe(false);
        // users hold view-p-room, not view-joined-room
        removeRoleFromPermission(rc.model, 'view-p-room', 'user');
        expect(sees(vault, member)).toBe(false);
        // a room role never counts: the permissions are checked without a room
        addPermissionToRole(rc.model, 'view-p-room', 'owner');
        expect(sees(vault, owner)).toBe(false);
        addPermissionToRole(rc.model, 'view-joined-room', 'user');
        expect(sees(vault, member)).toBe(true);
    });

    it('ignore a pending invitation unless asked to include invitations; sending is refused', async () => {
        const vault = await rc.createRoom('p', 'vault', owner._id);
        const invitation = rc.inviteToRoom(vault._id, member._id, owner._id);
        expect(invitation).toMatchObject({ status: 'INVITED', inviter: { _id: owner._id, username: 'owner' } });
        expect(sees(vault, member)).toBe(false);
        expect(rc.canAccessRoom(vault, member._id, { includeInvitations: true })).toBe(true);
        await expect(rc.sendMessage(member._id, vault._id, { msg: 'hello' }, 'executeSendMessage')).rejects.toThrow('error-not-allowed');
        // still listed where Rocket.Chat's Apps-Engine bridges read subscriptions
        expect(rc.model.subscriptionsByUser(member._id).map((s) => s.rid)).toEqual([vault._id]);
        expect(() => rc.inviteToRoom(vault._id, member._id, owner._id)).toThrow('[error-user-already-in-room]');
    });

    it('an invitation to a private team\'s main room does not make a team member', async () => {
        const team = await rc.createTeam('core', owner._id, true);
        const channel = await rc.createRoomInTeam(team._id, 'c', 'core-news', owner._id);
        rc.inviteToRoom(team._id, member._id, owner._id);
        expect(isTeamMember(rc.model, team.teamId as string, member._id)).toBe(false);
        expect(sees(channel, member)).toBe(false);
    });
});

describe('discussions', () => {
    it('are visible through their parent under the whole rule, invitations excluded', async () => {
        const vault = await rc.createRoom('p', 'vault', owner._id, ['member']);
        const talk = await rc.createDiscussion(owner._id, { prid: vault._id, t_name: 'talk' });
        expect(sees(talk, member)).toBe(true);
        expect(sees(talk, outsider)).toBe(false);
        rc.inviteToRoom(vault._id, outsider._id, owner._id);
        expect(sees(talk, outsider)).toBe(false);
        removeRoleFromPermission(rc.model, 'view-p-room', 'user');
        expect(sees(talk, member)).toBe(false);
    });
});
