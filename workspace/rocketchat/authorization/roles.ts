// What an administrator changes in Administration › Permissions and Roles, without the caller's own permission
// checks: authorization:addPermissionToRole / authorization:removeRoleFromPermission
// (apps/meteor/app/authorization/server/methods/addPermissionToRole.ts, removeRoleFromPermission.ts), insertRole
// and addUserRoles (apps/meteor/server/lib/roles/insertRole.ts, addUserRoles.ts). `_updatedAt` moves, so
// permissions.listAll?updatedSince sees the change.
import { nowIso } from '../ids';
import type { Model } from '../Model';
import { MeteorError } from '../rules';
import type { RcRole } from '../types';

/** An unknown permission is created with the role (the stand-in knows only the permissions that matter here). */
export function addPermissionToRole(model: Model, permission: string, role: string): void {
    const p = model.permissions.get(permission) ?? { _id: permission, roles: [], _updatedAt: nowIso() };
    if (!p.roles.includes(role)) {
        p.roles.push(role);
    }
    p._updatedAt = nowIso();
    model.permissions.set(permission, p);
}

export function removeRoleFromPermission(model: Model, permission: string, role: string): void {
    const p = model.permissions.get(permission);
    if (p) {
        p.roles = p.roles.filter((r) => r !== role);
        p._updatedAt = nowIso();
    }
}

export function insertRole(model: Model, name: string, scope: RcRole['scope'] = 'Users', description = ''): RcRole {
    if (model.roles.has(name)) {
        throw new MeteorError('error-duplicate-role-names-not-allowed', 'Role name already exists');
    }
    const role: RcRole = { _id: name, name, scope, description, protected: false, mandatory2fa: false };
    model.roles.set(name, role);
    return role;
}

/** A global role on the user (room roles live on the subscription: setRoomRole). */
export function addUserRoles(model: Model, userId: string, role: string): void {
    const u = model.requireUser(userId);
    if (!u.roles.includes(role)) {
        u.roles.push(role);
    }
}
