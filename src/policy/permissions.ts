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
 * Rocket.Chat's hasPermission: a user holds a permission when any of their global roles, or
 * any of their roles in the room the check is scoped to, is listed for it.
 */
export function hasPermission(table: PermissionTable, permission: Permission, roles: ReadonlyArray<string>): boolean {
    const allowed = table.get(permission);
    return allowed !== undefined && roles.some((role) => allowed.has(role));
}
