import type { Actor } from './authorization';
import { authorizeRoomInspection } from './authorization';
import type { Need } from './facts';
import { need } from './facts';
import type { PermissionTable } from './permissions';

/** What deciding whether a person may see a room depends on. The optional facts each cost a call: undefined until asked for. */
export interface VisibilityFacts {
    readonly actor: Actor;
    /** Rocket.Chat's room type (`c`, `p`, `d`, `l`, ...) and, for a discussion, its parent room's. */
    readonly room: { readonly type: string; readonly parent?: { readonly type: string } };
    /** Subscribed to the room (a bridge read, none in a direct message). */
    readonly isMember?: boolean;
    /** Subscribed to the discussion's parent room (a bridge read). */
    readonly isParentMember?: boolean;
    /** The live role-permission table, or null when the app cannot read it (no service account, a failed call). */
    readonly permissions?: PermissionTable | null;
}

export type VisibilityFact = 'isMember' | 'isParentMember' | 'permissions';

const PUBLIC = 'c';

/**
 * Whether a person may see a room (and so learn anything about it): Rocket.Chat's canAccessRoom
 * (apps/meteor/server/services/authorization/canAccessRoom.ts: public rooms, one's own rooms,
 * discussions of rooms one can access), or room administration (`view-room-administration`).
 * A table the app cannot read grants nothing: it fails closed.
 */
export function decideVisibility(facts: VisibilityFacts): boolean | Need<VisibilityFact> {
    if (facts.room.type === PUBLIC) {
        return true;
    }
    if (facts.isMember === undefined) {
        return need('isMember');
    }
    if (facts.isMember) {
        return true;
    }
    const { parent } = facts.room;
    if (parent) {
        if (parent.type === PUBLIC) {
            return true;
        }
        if (facts.isParentMember === undefined) {
            return need('isParentMember');
        }
        if (facts.isParentMember) {
            return true;
        }
    }
    if (facts.permissions === undefined) {
        return need('permissions');
    }
    return facts.permissions !== null && authorizeRoomInspection(facts.actor, facts.permissions).allowed;
}
