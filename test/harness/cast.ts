// The people and rooms every runtime test speaks of: one kind of person for each way Rocket.Chat decides what
// someone may do, one kind of room for each way it stores a room. A cast is one complete set with its own names
// (`<kind>-<name>`), so a file may build several and run cases in them at the same time.
import type { RcRoom, RcUser, Workspace } from '../../workspace/Workspace';
import type { PersonFacts, RoomAccess, RoomFacts, TeamKind } from '../oracle/authorization';

/** A custom global role, given permissions only where a test says so. */
export const OFFICER_ROLE = 'e2ee-officer';

export const PERSON_KINDS = ['admin', 'owner', 'moderator', 'leader', 'member', 'outsider', 'guest', 'bot', 'deactivated', 'officer'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

export const ROOM_KINDS = [
    'dm',
    'group-dm',
    'private',
    'public',
    'private-team',
    'public-team',
    'team-room',
    'private-team-channel',
    'public-team-channel',
    'private-discussion',
    'public-discussion',
    'livechat',
] as const;
export type RoomKindName = (typeof ROOM_KINDS)[number];

/** Each kind of room as Rocket.Chat stores it (its type, whether it is a team's main room, a discussion). */
export const ROOM_KIND_FACTS: Readonly<Record<RoomKindName, Omit<RoomFacts, 'encrypted'>>> = {
    dm: { t: 'd', teamMain: false, discussion: false },
    'group-dm': { t: 'd', teamMain: false, discussion: false },
    private: { t: 'p', teamMain: false, discussion: false },
    public: { t: 'c', teamMain: false, discussion: false },
    'private-team': { t: 'p', teamMain: true, discussion: false },
    'public-team': { t: 'c', teamMain: true, discussion: false },
    'team-room': { t: 'p', teamMain: false, discussion: false },
    'private-team-channel': { t: 'c', teamMain: false, discussion: false },
    'public-team-channel': { t: 'c', teamMain: false, discussion: false },
    'private-discussion': { t: 'p', teamMain: false, discussion: true },
    'public-discussion': { t: 'c', teamMain: false, discussion: true },
    livechat: { t: 'l', teamMain: false, discussion: false },
};

export interface Cast {
    readonly name: string;
    readonly people: Readonly<Record<PersonKind, RcUser>>;
    readonly rooms: Readonly<Record<RoomKindName, RcRoom>>;
    /** whose key the reset dialogs name: a plain user in no room, with keys and a session */
    readonly target: RcUser;
    /** the other side of each person's own direct message */
    readonly partner: RcUser;
    /**
     * The room of `kind` to act in as `who`. For 'dm': their own direct message with the partner (the owner's for
     * the outsider, who is in none), when the cast was built with `ownDirectMessages`; otherwise `rooms.dm`.
     */
    roomFor(kind: RoomKindName, who: PersonKind): RcRoom;
}

/**
 * Builds a cast. The owner created every room; the moderator and leader hold those room roles where rooms have
 * roles; everyone but the admin and the outsider is a member of every room that can hold them (a two-person DM
 * holds the owner and the member, an omnichannel room only its agent, the owner; the guest is in the parents of
 * the discussions but not in the discussions). The admin is a member of nothing: what they may do comes from
 * global roles alone. The deactivated person is deactivated once the rooms exist. The officer holds the custom
 * OFFICER_ROLE (startHarness creates it).
 * The team channels (public rooms inside a team) test who may see them: the private team's channel belongs to a
 * second private team the guest is not in, while the guest is in the channel itself (visible to them only through
 * that subscription); the public team's channel leaves the guest out, though the guest is in that team (a public
 * team's channel asks view-c-room, which guests lack).
 */
export async function buildCast(ws: Workspace, name: string | number = 0, o: { ownDirectMessages?: boolean } = {}): Promise<Cast> {
    const named = (kind: string) => `${kind}-${name}`;
    const people: Record<PersonKind, RcUser> = {
        admin: ws.createUser({ username: named('admin'), roles: ['admin', 'user'] }),
        owner: ws.createUser({ username: named('owner') }),
        moderator: ws.createUser({ username: named('moderator') }),
        leader: ws.createUser({ username: named('leader') }),
        member: ws.createUser({ username: named('member') }),
        outsider: ws.createUser({ username: named('outsider') }),
        guest: ws.createUser({ username: named('guest'), roles: ['guest'] }),
        bot: ws.createUser({ username: named('bot'), type: 'bot' }),
        deactivated: ws.createUser({ username: named('deactivated') }),
        officer: ws.createUser({ username: named('officer'), roles: ['user', OFFICER_ROLE] }),
    };
    const target = ws.createUser({ username: named('target') });
    ws.setUserE2EKeys(target);
    ws.loginToken(target);
    const partner = ws.createUser({ username: named('partner') });
    const { owner, moderator, leader, member } = people;
    const others = [moderator, leader, member, people.guest, people.bot, people.deactivated, people.officer];
    const withoutGuest = others.filter((p) => p !== people.guest);
    const withRoles = (room: RcRoom) => {
        ws.setRoomRole(room, moderator, 'moderator');
        ws.setRoomRole(room, leader, 'leader');
        return room;
    };
    const privateRoom = withRoles(await ws.createRoom('private', { name: named('private'), owner, members: others }));
    const publicRoom = withRoles(await ws.createRoom('public', { name: named('public'), owner, members: others }));
    const privateTeam = withRoles(await ws.createRoom('private-team', { name: named('private-team'), owner, members: others }));
    const publicTeam = withRoles(await ws.createRoom('public-team', { name: named('public-team'), owner, members: others }));
    const channelTeam = await ws.createRoom('private-team', { name: named('channel-team'), owner, members: withoutGuest });
    const rooms: Record<RoomKindName, RcRoom> = {
        dm: await ws.createRoom('dm', { owner, members: [member] }),
        'group-dm': await ws.createRoom('group-dm', { owner, members: others }),
        private: privateRoom,
        public: publicRoom,
        'private-team': privateTeam,
        'public-team': publicTeam,
        'team-room': withRoles(await ws.createRoom('team-room', { name: named('team-room'), owner, members: others, parent: privateTeam })),
        'private-team-channel': withRoles(await ws.createRoom('team-room', { name: named('private-team-channel'), owner, members: others, parent: channelTeam, type: 'c' })),
        'public-team-channel': withRoles(await ws.createRoom('team-room', { name: named('public-team-channel'), owner, members: withoutGuest, parent: publicTeam, type: 'c' })),
        // The guest belongs to the parent rooms but not to the discussions: they see a discussion through its parent.
        'private-discussion': withRoles(await ws.createRoom('discussion', { name: named('private-discussion'), owner, members: withoutGuest, parent: privateRoom })),
        'public-discussion': withRoles(await ws.createRoom('discussion', { name: named('public-discussion'), owner, members: withoutGuest, parent: publicRoom })),
        livechat: await ws.createRoom('livechat', { name: named('livechat'), owner }),
    };
    const ownDirectMessages = new Map<PersonKind, RcRoom>();
    if (o.ownDirectMessages) {
        for (const who of PERSON_KINDS) {
            if (who !== 'outsider') {
                ownDirectMessages.set(who, await ws.createRoom('dm', { owner: people[who], members: [partner] }));
            }
        }
    }
    await ws.settle();
    ws.deactivateUser(people.deactivated);
    return {
        name: String(name),
        people,
        rooms,
        target,
        partner,
        roomFor: (kind, who) => (kind === 'dm' && o.ownDirectMessages ? (ownDirectMessages.get(who === 'outsider' ? 'owner' : who) as RcRoom) : rooms[kind]),
    };
}

/** Everyone of the cast, for a fingerprint of what must not change. */
export const castPeople = (cast: Cast): Array<RcUser> => [...Object.values(cast.people), cast.target, cast.partner];

export const castRooms = (cast: Cast): Array<RcRoom> => Object.values(cast.rooms);

/** A team's main room: it carries the team's id and type. */
function teamMainRoom(ws: Workspace, teamId: string): RcRoom | undefined {
    return [...ws.server.model.rooms.values()].find((r) => r.teamMain && r.teamId === teamId);
}

const isSubscribed = (ws: Workspace, room: RcRoom, user: RcUser): boolean => {
    const subscription = ws.subscription(room, user);
    return Boolean(subscription) && subscription?.status !== 'INVITED';
};

/** What canAccessRoom reads about `user` and `room` (and its parent), from the workspace's documents. */
function accessOf(ws: Workspace, user: RcUser, room: RcRoom): RoomAccess {
    const r = ws.room(room._id) as RcRoom;
    const main = r.teamId ? teamMainRoom(ws, r.teamId) : undefined;
    const team: TeamKind = !r.teamId ? 'none' : main?.t === 'c' ? 'public' : 'private';
    const parent = r.prid ? ws.room(r.prid) : undefined;
    return {
        t: r.t as RoomAccess['t'],
        team,
        subscribed: isSubscribed(ws, r, user),
        teamMember: Boolean(main && isSubscribed(ws, main, user)),
        ...(parent && { parent: accessOf(ws, user, parent) }),
    };
}

/** What Rocket.Chat stores about `user` and their place in `room`, for the oracle. */
export function personFacts(ws: Workspace, user: RcUser, room: RcRoom): PersonFacts {
    const u = ws.user(user._id) as RcUser;
    const subscription = ws.subscription(room, user);
    return {
        globalRoles: [...u.roles],
        active: u.active,
        isMember: Boolean(subscription),
        access: accessOf(ws, user, room),
        roomRoles: [...(subscription?.roles ?? [])],
    };
}

/** What Rocket.Chat stores about `room` now, for the oracle. */
export function roomFacts(ws: Workspace, room: RcRoom): RoomFacts {
    const r = ws.room(room._id) as RcRoom;
    return { t: r.t as RoomFacts['t'], teamMain: r.teamMain === true, discussion: Boolean(r.prid), encrypted: r.encrypted === true };
}
