// Roles, permissions and hasPermission as Rocket.Chat computes them.
// - default roles: apps/meteor/app/authorization/server/functions/upsertPermissions.ts (defaultRoles)
// - default role lists: apps/meteor/app/authorization/server/constant/permissions.ts
// - hasPermission: apps/meteor/server/services/authorization/service.ts (getRoles + rolesHasPermission):
//   effective roles = user.roles UNION the room subscription's roles when a scope (rid) is given; the
//   role's own scope is not checked; user.active is not checked.
import type { RcPermission, RcRole } from './types';

export const DEFAULT_ROLES: RcRole[] = [
    { _id: 'admin', name: 'admin', scope: 'Users', description: 'Admin', protected: true },
    { _id: 'moderator', name: 'moderator', scope: 'Subscriptions', description: 'Moderator', protected: true },
    { _id: 'leader', name: 'leader', scope: 'Subscriptions', description: 'Leader', protected: true },
    { _id: 'owner', name: 'owner', scope: 'Subscriptions', description: 'Owner', protected: true },
    { _id: 'user', name: 'user', scope: 'Users', description: '', protected: true },
    { _id: 'federated-external', name: 'federated-external', scope: 'Users', description: '', protected: true },
    { _id: 'bot', name: 'bot', scope: 'Users', description: '', protected: true },
    { _id: 'app', name: 'app', scope: 'Users', description: '', protected: true },
    { _id: 'guest', name: 'guest', scope: 'Users', description: '', protected: true },
    { _id: 'anonymous', name: 'anonymous', scope: 'Users', description: '', protected: true },
    { _id: 'livechat-agent', name: 'livechat-agent', scope: 'Users', description: 'Livechat Agent', protected: true },
    { _id: 'livechat-manager', name: 'livechat-manager', scope: 'Users', description: 'Livechat Manager', protected: true },
];

/** The permissions that matter to E2EE and to the REST routes emulated here, with their default roles. */
export const DEFAULT_PERMISSIONS: Record<string, string[]> = {
    'edit-room': ['admin', 'owner', 'moderator'],
    'toggle-room-e2e-encryption': ['owner', 'admin'],
    'edit-other-user-e2ee': ['admin'],
    'edit-other-user-totp': ['admin'],
    'view-other-user-channels': ['admin'],
    'view-room-administration': ['admin'],
    'view-user-administration': ['admin'],
    'view-full-other-user-info': ['admin'],
    'access-permissions': ['admin'],
    'access-setting-permissions': ['admin'],
    'manage-apps': ['admin'],
    'create-c': ['admin', 'user', 'federated-external', 'bot', 'app'],
    'create-p': ['admin', 'user', 'federated-external', 'bot', 'app'],
    'create-d': ['admin', 'user', 'federated-external', 'bot', 'app'],
    'create-team': ['admin', 'user'],
    'edit-team': ['admin', 'owner'],
    'start-discussion': ['admin', 'user', 'federated-external', 'guest', 'app'],
    'start-discussion-other-user': ['admin', 'user', 'federated-external', 'owner', 'app'],
    'create-personal-access-tokens': ['admin', 'user'],
    'api-bypass-rate-limit': ['admin', 'bot', 'app'],
    'view-d-room': ['admin', 'user', 'federated-external', 'bot', 'app', 'guest'],
    'view-p-room': ['admin', 'user', 'federated-external', 'anonymous', 'guest'],
    'view-c-room': ['admin', 'user', 'federated-external', 'bot', 'app', 'anonymous'],
    'view-joined-room': ['guest', 'bot', 'app', 'anonymous'],
    'edit-room-retention-policy': ['admin'],
    'edit-room-avatar': ['admin', 'owner', 'moderator'],
    'set-owner': ['admin', 'owner'],
    'set-moderator': ['admin', 'owner'],
    'set-leader': ['admin', 'owner'],
    'add-user-to-joined-room': ['admin', 'owner', 'moderator'],
    'add-user-to-any-c-room': ['admin'],
    'add-user-to-any-p-room': [],
    'remove-user': ['admin', 'owner', 'moderator'],
    'message-impersonate': ['bot', 'app'],
    'send-many-messages': ['admin', 'bot', 'app'],
    'edit-message': ['admin', 'owner', 'moderator'],
    'delete-message': ['admin', 'owner', 'moderator'],
    'logout-other-user': ['admin'],
    'edit-other-user-active-status': ['admin'],
    'edit-other-user-info': ['admin'],
    'view-outside-room': ['admin', 'owner', 'moderator', 'user', 'app'],
    // teams.info for someone who cannot access the team's main room
    'view-all-teams': ['admin'],
    // executeUpdateMessage: lifts Message_AllowEditing_BlockEditInMinutes (the defaults Rocket.Chat's own API tests restore)
    'bypass-time-limit-edit-and-delete': ['bot', 'app'],
};

export function defaultPermissions(now: string): RcPermission[] {
    return Object.entries(DEFAULT_PERMISSIONS).map(([_id, roles]) => ({ _id, roles: [...roles], _updatedAt: now }));
}

/** Effective roles for a permission check: global roles plus the room subscription's roles (service.ts getRoles). */
export function effectiveRoles(userRoles: readonly string[] | undefined, subscriptionRoles: readonly string[] | undefined): string[] {
    return [...(userRoles ?? []), ...(subscriptionRoles ?? [])].sort((a, b) => a.localeCompare(b));
}

/**
 * Rocket.Chat Enterprise's role restriction: a guest may hold only these, whatever their other roles
 * (apps/meteor/ee/app/authorization/lib/guestPermissions.ts, registered by addRoleRestrictions.ts through
 * AuthorizationUtils.addRolePermissionWhiteList once a valid license is added). Community has no restriction.
 */
export const GUEST_PERMISSIONS: readonly string[] = ['view-d-room', 'view-joined-room', 'view-p-room', 'start-discussion'];

/**
 * AuthorizationUtils.isPermissionRestrictedForRoleList (apps/meteor/app/authorization/lib/AuthorizationUtils.ts):
 * restricted when any role of the list has a whitelist that does not name the permission. Only `guest` has one.
 */
export function isPermissionRestrictedForRoleList(permission: string, roles: readonly string[]): boolean {
    return roles.includes('guest') && !GUEST_PERMISSIONS.includes(permission);
}

/** rolesHasPermission: the permission document lists at least one of the roles. */
export function rolesHavePermission(permission: RcPermission | undefined, roles: readonly string[]): boolean {
    if (!permission) {
        return false;
    }
    return permission.roles.some((r) => roles.includes(r));
}
