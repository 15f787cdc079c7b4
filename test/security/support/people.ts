// The people and rooms of the authorization matrix. A "lane" is one complete, independent set: every kind of
// person and every kind of room, with their own names, so several lanes can run cases at the same time
// without touching each other's state.
import type { RcRoom, RcUser, Workspace } from '../../../workspace/Workspace';
import type { PersonFacts, RoomFacts } from '../expectations';
import { OFFICER_ROLE } from './harness';

export const PERSON_KINDS = ['admin', 'owner', 'moderator', 'leader', 'member', 'outsider', 'guest', 'bot', 'deactivated', 'officer'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

export const ROOM_KINDS = ['dm', 'group-dm', 'private', 'public', 'private-team', 'public-team', 'team-room', 'discussion', 'public-discussion', 'livechat'] as const;
export type RoomKindName = (typeof ROOM_KINDS)[number];

export interface Lane {
    readonly index: number;
    readonly people: Readonly<Record<PersonKind, RcUser>>;
    readonly rooms: Readonly<Record<RoomKindName, RcRoom>>;
    /** whose key the reset dialogs name: a plain user in no room */
    readonly target: RcUser;
}

/**
 * Everyone but the admin and the outsider is a member of every room that can hold them (a two-person DM
 * holds the owner and the member; an omnichannel room only its agent, the owner; the guest is in the parent
 * rooms of the discussions but not in the discussions). Owners created the rooms;
 * moderator and leader hold those room roles where rooms have roles (not in DMs). The admin is a member of
 * nothing: what they may do comes from global roles alone.
 */
export async function buildLane(ws: Workspace, index: number): Promise<Lane> {
    const name = (kind: string) => `${kind}-${index}`;
    const people: Record<PersonKind, RcUser> = {
        admin: ws.createUser({ username: name('admin'), roles: ['admin', 'user'] }),
        owner: ws.createUser({ username: name('owner') }),
        moderator: ws.createUser({ username: name('moderator') }),
        leader: ws.createUser({ username: name('leader') }),
        member: ws.createUser({ username: name('member') }),
        outsider: ws.createUser({ username: name('outsider') }),
        guest: ws.createUser({ username: name('guest'), roles: ['guest'] }),
        bot: ws.createUser({ username: name('bot'), type: 'bot' }),
        deactivated: ws.createUser({ username: name('deactivated') }),
        officer: ws.createUser({ username: name('officer'), roles: ['user', OFFICER_ROLE] }),
    };
    const target = ws.createUser({ username: name('target') });
    ws.setUserE2EKeys(target);
    ws.loginToken(target);
    const { owner, moderator, leader, member } = people;
    const others = [moderator, leader, member, people.guest, people.bot, people.deactivated, people.officer];
    const withoutGuest = others.filter((p) => p !== people.guest);
    const withRoles = (room: RcRoom) => {
        ws.setRoomRole(room, moderator, 'moderator');
        ws.setRoomRole(room, leader, 'leader');
        return room;
    };
    const privateRoom = withRoles(await ws.createRoom('private', { name: name('private'), owner, members: others }));
    const publicRoom = withRoles(await ws.createRoom('public', { name: name('public'), owner, members: others }));
    const privateTeam = withRoles(await ws.createRoom('private-team', { name: name('private-team'), owner, members: others }));
    const rooms: Record<RoomKindName, RcRoom> = {
        dm: await ws.createRoom('dm', { owner, members: [member] }),
        'group-dm': await ws.createRoom('group-dm', { owner, members: others }),
        private: privateRoom,
        public: publicRoom,
        'private-team': privateTeam,
        'public-team': withRoles(await ws.createRoom('public-team', { name: name('public-team'), owner, members: others })),
        'team-room': withRoles(await ws.createRoom('team-room', { name: name('team-room'), owner, members: others, parent: privateTeam })),
        // The guest belongs to the parent rooms but not to the discussions: they see a discussion through its parent.
        discussion: withRoles(await ws.createRoom('discussion', { name: name('discussion'), owner, members: withoutGuest, parent: privateRoom })),
        'public-discussion': withRoles(await ws.createRoom('discussion', { name: name('public-discussion'), owner, members: withoutGuest, parent: publicRoom })),
        livechat: await ws.createRoom('livechat', { name: name('livechat'), owner }),
    };
    ws.deactivateUser(people.deactivated);
    await ws.settle();
    return { index, people, rooms, target };
}

export function personFacts(ws: Workspace, user: RcUser, room: RcRoom): PersonFacts {
    const u = ws.user(user._id) as RcUser;
    const subscription = ws.subscription(room, user);
    const parent = room.prid ? ws.room(room.prid) : undefined;
    return {
        globalRoles: [...u.roles],
        active: u.active,
        isMember: Boolean(subscription),
        isParentMember: Boolean(parent && ws.subscription(parent, user)),
        roomRoles: [...(subscription?.roles ?? [])],
    };
}

export function roomFacts(ws: Workspace, room: RcRoom): RoomFacts {
    const r = ws.room(room._id) as RcRoom;
    return { t: r.t, teamMain: r.teamMain === true, discussion: Boolean(r.prid), encrypted: r.encrypted === true };
}

export function laneRooms(lane: Lane): Array<RcRoom> {
    return Object.values(lane.rooms);
}

export function laneUsers(lane: Lane): Array<RcUser> {
    return [...Object.values(lane.people), lane.target];
}
