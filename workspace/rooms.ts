// The facade's room kinds, each made the way Rocket.Chat makes it (see RocketChatServer for the functions).
import { randomId } from './rocketchat/ids';
import type { RocketChatServer } from './rocketchat/Server';
import type { RcRoom, RcUser } from './rocketchat/types';

export type RoomKind =
    | 'dm' // 'd' between two users
    | 'group-dm' // 'd' with three or more users
    | 'private' // 'p'
    | 'public' // 'c'
    | 'private-team' // 'p' + teamMain
    | 'public-team' // 'c' + teamMain
    | 'team-room' // a 'c' or 'p' room inside a team (parent = the team's main room)
    | 'discussion' // prid = parent; type derived from the parent
    | 'livechat'; // 'l'

export interface CreateRoomOptions {
    name?: string;
    owner: RcUser;
    members?: RcUser[];
    /** discussion: the parent room; team-room: the team's main room */
    parent?: RcRoom;
    /** team-room: 'c' or 'p' (default 'p') */
    type?: 'c' | 'p';
    /** explicit `encrypted` at creation (discussions default to the parent's) */
    encrypted?: boolean;
    reply?: string;
}

export async function createRoomOfKind(s: RocketChatServer, kind: RoomKind, o: CreateRoomOptions): Promise<RcRoom> {
    const name = o.name ?? `${kind}-${randomId(6).toLowerCase()}`;
    const members = (o.members ?? []).map((m) => m.username);
    const encrypted = o.encrypted === undefined ? {} : { encrypted: o.encrypted };
    switch (kind) {
        case 'dm':
        case 'group-dm':
            return s.createDirectRoom([o.owner._id, ...(o.members ?? []).map((m) => m._id)], o.owner._id);
        case 'private':
            return s.createRoom('p', name, o.owner._id, members, encrypted);
        case 'public':
            return s.createRoom('c', name, o.owner._id, members, encrypted);
        case 'private-team':
            return s.createTeam(name, o.owner._id, true, members);
        case 'public-team':
            return s.createTeam(name, o.owner._id, false, members);
        case 'team-room':
            if (!o.parent) {
                throw new Error('team-room needs parent: the team main room');
            }
            return s.createRoomInTeam(o.parent._id, o.type ?? 'p', name, o.owner._id, members);
        case 'discussion':
            if (!o.parent) {
                throw new Error('discussion needs parent');
            }
            return s.createDiscussion(o.owner._id, { prid: o.parent._id, t_name: name, users: members, encrypted: o.encrypted, reply: o.reply });
        case 'livechat':
            return s.createLivechatRoom(o.owner._id, name);
    }
}
