/** Rocket.Chat permission ids the app checks, in one place. */
export enum Permission {
    EditRoom = 'edit-room',
    ToggleRoomE2E = 'toggle-room-e2e-encryption',
    EditOtherUserE2EE = 'edit-other-user-e2ee',
    ViewRoomAdministration = 'view-room-administration',
    /** Any room one is subscribed to (canAccessRoom's subscription rule). */
    ViewJoinedRoom = 'view-joined-room',
    /** `view-<t>-room`: public rooms (also without a subscription), private rooms, direct messages, omnichannel. */
    ViewPublicRoom = 'view-c-room',
    ViewPrivateRoom = 'view-p-room',
    ViewDirectRoom = 'view-d-room',
    ViewLivechatRoom = 'view-l-room',
}

const VIEW_ROOM_OF_TYPE: Readonly<Record<string, Permission>> = {
    c: Permission.ViewPublicRoom,
    p: Permission.ViewPrivateRoom,
    d: Permission.ViewDirectRoom,
    l: Permission.ViewLivechatRoom,
};

/** Rocket.Chat's `view-${room.t}-room` for the room types the app knows; undefined for any other type. */
export function viewRoomPermission(roomType: string): Permission | undefined {
    return VIEW_ROOM_OF_TYPE[roomType];
}

/** Room-scoped roles Rocket.Chat stores on a subscription and the app can read. */
export enum RoomRole {
    Owner = 'owner',
    Moderator = 'moderator',
    Leader = 'leader',
}

/** Rocket.Chat's global role for guest users. */
export const GUEST_ROLE = 'guest';

/**
 * All a guest may ever hold in Rocket.Chat Enterprise, whatever their roles in a room
 * (apps/meteor/ee/app/authorization/lib/guestPermissions.ts, applied by addRoleRestrictions.ts once a license is
 * valid). The app cannot tell the edition, and must never grant what Rocket.Chat might refuse, so it applies this
 * on every edition. None of the permissions the app checks is in it.
 */
export const GUEST_PERMISSIONS: ReadonlyArray<string> = ['view-d-room', 'view-joined-room', 'view-p-room', 'start-discussion'];

/**
 * AuthorizationUtils.isPermissionRestrictedForRoleList: a permission is refused, before the permission table is
 * read, to a role list that holds a restricted role (guest) unless that role's whitelist names the permission.
 */
export function isRestrictedForRoles(permission: string, roles: ReadonlyArray<string>): boolean {
    return roles.includes(GUEST_ROLE) && !GUEST_PERMISSIONS.includes(permission);
}

/** permission id -> roles that hold it, as the workspace's live table says. */
export type PermissionTable = ReadonlyMap<string, ReadonlySet<string>>;

/** One entry of `permissions.listAll`: `{ _id, roles }`. */
export interface PermissionDoc {
    _id: string;
    roles: Array<string>;
}

export function buildPermissionTable(docs: ReadonlyArray<PermissionDoc>): PermissionTable {
    const table = new Map<string, ReadonlySet<string>>();
    for (const doc of docs) {
        table.set(doc._id, new Set(doc.roles));
    }
    return table;
}

/**
 * Rocket.Chat's hasPermission (apps/meteor/server/services/authorization/service.ts rolesHasPermission): a user
 * holds a permission when any of their global roles, or any of their roles in the room the check is scoped to, is
 * listed for it, unless the role restrictions refuse it first (a guest, even one who owns the room).
 */
export function hasPermission(table: PermissionTable, permission: Permission, roles: ReadonlyArray<string>): boolean {
    if (isRestrictedForRoles(permission, roles)) {
        return false;
    }
    const allowed = table.get(permission);
    return allowed !== undefined && roles.some((role) => allowed.has(role));
}
