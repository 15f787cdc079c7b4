import type { Actor } from './authorization';
import { authorizeRoomInspection } from './authorization';
import type { Need } from './facts';
import { need } from './facts';
import type { PermissionTable } from './permissions';
import { hasPermission, Permission, viewRoomPermission } from './permissions';

/** What of a room its visibility depends on (the Apps-Engine's IRoom fields). */
export interface VisibleRoom {
    /** Rocket.Chat's room type: `c`, `p`, `d`, `l`, ... */
    readonly type: string;
    /** The team the room belongs to, if any. */
    readonly teamId?: string;
    /** The team's main room (whose type is the team's). */
    readonly isTeamMain?: boolean;
    /** A discussion: it has a parent room. */
    readonly isDiscussion?: boolean;
}

/** The team of a public room inside a team: its type, and whether the person belongs to it. */
export interface TeamFacts {
    readonly isPublic: boolean;
    readonly isMember: boolean;
}

/** What deciding whether a person may see a room depends on. The optional facts each cost a call: undefined until asked for. */
export interface VisibilityFacts {
    readonly actor: Actor;
    readonly room: VisibleRoom;
    /** Subscribed to the room (a bridge read; a direct message lists its members itself). */
    readonly isMember?: boolean;
    /** The team of a public room that is not the team's main room (a REST read); null when the app cannot read it. */
    readonly team?: TeamFacts | null;
    /** A discussion: whether the person may access its parent room, by this same rule (decideRoomAccess). */
    readonly parentVisible?: boolean;
    /** The live role-permission table, or null when the app cannot read it (no service account, a failed call). */
    readonly permissions?: PermissionTable | null;
}

export type VisibilityFact = 'isMember' | 'team' | 'parentVisible' | 'permissions';

type Step = boolean | Need<VisibilityFact>;

const PUBLIC = 'c';

/** A permission through the person's global roles only, as canAccessRoom checks them (never room roles). */
function holdsGlobally(facts: VisibilityFacts, permission: Permission): Step {
    if (facts.permissions === undefined) {
        return need('permissions');
    }
    return facts.permissions !== null && hasPermission(facts.permissions, permission, facts.actor.globalRoles);
}

const inTeam = (room: VisibleRoom): boolean => typeof room.teamId === 'string' && room.teamId !== '';

/** A public room outside teams, or a team's main room (public exactly when its team is): `view-c-room`. */
function publicRoom(facts: VisibilityFacts): Step {
    if (facts.room.type !== PUBLIC || (inTeam(facts.room) && !facts.room.isTeamMain)) {
        return false;
    }
    return holdsGlobally(facts, Permission.ViewPublicRoom);
}

/** A subscription, with `view-joined-room` or `view-<t>-room`. Without the table, the subscription alone counts. */
function joined(facts: VisibilityFacts): Step {
    if (facts.isMember === undefined) {
        return need('isMember');
    }
    if (!facts.isMember) {
        return false;
    }
    if (facts.permissions === undefined) {
        return need('permissions');
    }
    const table = facts.permissions;
    if (table === null) {
        return true;
    }
    const roles = facts.actor.globalRoles;
    const viewOfType = viewRoomPermission(facts.room.type);
    return hasPermission(table, Permission.ViewJoinedRoom, roles) || (viewOfType !== undefined && hasPermission(table, viewOfType, roles));
}

/** Another public room of a team: a public team asks `view-c-room`, a private team its members; an unknown team nothing. */
function teamChannel(facts: VisibilityFacts): Step {
    if (facts.room.type !== PUBLIC || !inTeam(facts.room) || facts.room.isTeamMain) {
        return false;
    }
    if (facts.team === undefined) {
        return need('team');
    }
    if (facts.team === null) {
        return false;
    }
    return facts.team.isPublic ? holdsGlobally(facts, Permission.ViewPublicRoom) : facts.team.isMember;
}

/** A discussion whose parent room the person may access. */
function discussionParent(facts: VisibilityFacts): Step {
    if (!facts.room.isDiscussion) {
        return false;
    }
    if (facts.parentVisible === undefined) {
        return need('parentVisible');
    }
    return facts.parentVisible;
}

/**
 * Rocket.Chat's canAccessRoom (apps/meteor/server/services/authorization/canAccessRoom.ts): a public room outside
 * teams with `view-c-room`; a public room of a team with `view-c-room` when the team is public, membership of the
 * team when it is private; a subscription with `view-joined-room` or `view-<t>-room` (global roles only); a
 * discussion whose parent room passes the same rule. Its validators are alternatives, so the app asks them cheapest
 * first: the cached permission table, then the person's rooms, then the team (a REST call), then the parent.
 * Pending invitations (federation) cannot be told from subscriptions through the Apps-Engine: they count here.
 */
export function decideRoomAccess(facts: VisibilityFacts): Step {
    for (const step of [publicRoom, joined, teamChannel, discussionParent]) {
        const answer = step(facts);
        if (answer !== false) {
            return answer;
        }
    }
    return false;
}

/**
 * Whether a person may see a room (and so learn anything about it): Rocket.Chat's canAccessRoom (decideRoomAccess),
 * or room administration (`view-room-administration`). A table the app cannot read grants nothing beyond a
 * subscription: it fails closed.
 */
export function decideVisibility(facts: VisibilityFacts): Step {
    const access = decideRoomAccess(facts);
    if (access !== false) {
        return access;
    }
    if (facts.permissions === undefined) {
        return need('permissions');
    }
    return facts.permissions !== null && authorizeRoomInspection(facts.actor, facts.permissions).allowed;
}
