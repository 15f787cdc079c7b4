import type { PermissionTable } from './permissions';
import { GUEST_ROLE, hasPermission, Permission } from './permissions';

/** Who is asking, as far as authorization cares. */
export interface Actor {
    readonly id: string;
    readonly globalRoles: ReadonlyArray<string>;
    readonly isEnabled: boolean;
}

export type Authorization = { readonly allowed: true } | { readonly allowed: false; readonly missing: ReadonlyArray<Permission> };

const ALLOWED: Authorization = { allowed: true };

function missingOf(table: PermissionTable, roles: ReadonlyArray<string>, permissions: ReadonlyArray<Permission>): Authorization {
    const missing = permissions.filter((permission) => !hasPermission(table, permission, roles));
    return missing.length === 0 ? ALLOWED : { allowed: false, missing };
}

/**
 * May `actor` switch encryption on or off in a room, by Rocket.Chat's saveRoomSettings rules:
 * `edit-room` in the room's scope, except that any member of a direct message may change its
 * encryption; outside direct messages also `toggle-room-e2e-encryption`. A deactivated
 * account may do nothing.
 */
export function authorizeToggle(input: {
    actor: Actor;
    roomRoles: ReadonlyArray<string>;
    isDirect: boolean;
    isMember: boolean;
    table: PermissionTable;
}): Authorization {
    const { actor, roomRoles, isDirect, isMember, table } = input;
    if (!actor.isEnabled) {
        return { allowed: false, missing: [Permission.EditRoom] };
    }
    if (isDirect && isMember) {
        return ALLOWED;
    }
    const roles = [...actor.globalRoles, ...roomRoles];
    return missingOf(table, roles, isDirect ? [Permission.EditRoom] : [Permission.EditRoom, Permission.ToggleRoomE2E]);
}

/** Whether a toggle needs the permission table at all (a DM member needs none). */
export function toggleNeedsPermissionTable(isDirect: boolean, isMember: boolean): boolean {
    return !(isDirect && isMember);
}

/** May `actor` reset other users' E2EE keys or read the audit trail (`edit-other-user-e2ee`, a global permission). */
export function authorizeKeyAdministration(actor: Actor, table: PermissionTable): Authorization {
    if (!actor.isEnabled) {
        return { allowed: false, missing: [Permission.EditOtherUserE2EE] };
    }
    return missingOf(table, actor.globalRoles, [Permission.EditOtherUserE2EE]);
}

/** Global role whose holders also see the service account's health in `/e2e status`. */
const ADMIN_ROLE = 'admin';

/** Whether `/e2e status` also shows `actor` the service account's health and unusable settings (never a guest). */
export function seesServiceHealth(actor: Actor): boolean {
    return actor.globalRoles.includes(ADMIN_ROLE) && !actor.globalRoles.includes(GUEST_ROLE);
}

/** May `actor` look at a room they are not a member of (`view-room-administration`). */
export function authorizeRoomInspection(actor: Actor, table: PermissionTable): Authorization {
    if (!actor.isEnabled) {
        return { allowed: false, missing: [Permission.ViewRoomAdministration] };
    }
    return missingOf(table, actor.globalRoles, [Permission.ViewRoomAdministration]);
}

/** May `actor` see the workspace-wide E2EE report (`view-room-administration` through a global role). */
export function authorizeReport(actor: Actor, table: PermissionTable): Authorization {
    if (!actor.isEnabled) {
        return { allowed: false, missing: [Permission.ViewRoomAdministration] };
    }
    return missingOf(table, actor.globalRoles, [Permission.ViewRoomAdministration]);
}

/**
 * May `actor` bring every existing room of a kind in line with its policy: what the report
 * needs, plus `edit-room` and `toggle-room-e2e-encryption`, all through global roles. A room
 * role (owner, moderator) grants them in one room only, never across the workspace.
 */
export function authorizeEnforcement(actor: Actor, table: PermissionTable): Authorization {
    const all = [Permission.ViewRoomAdministration, Permission.EditRoom, Permission.ToggleRoomE2E];
    if (!actor.isEnabled) {
        return { allowed: false, missing: all };
    }
    return missingOf(table, actor.globalRoles, all);
}
