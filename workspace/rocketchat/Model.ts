// The in-memory "database": Rocket.Chat's collections (users, rooms, subscriptions, messages, roles,
// permissions, settings) with the finders the bridges and REST routes need. JSON-serialisable.
import { defaultPermissions, DEFAULT_ROLES, effectiveRoles, isPermissionRestrictedForRoleList, rolesHavePermission } from './permissions';
import { ServerSettings } from './settings';
import type { ServerSetting } from './settings';
import type { Notification, RcMessage, RcPermission, RcRole, RcRoom, RcSubscription, RcUpload, RcUser } from './types';
import { nowIso, randomId } from './ids';
import { MeteorError } from './rules';

export interface ModelSnapshot {
    version: 1;
    users: RcUser[];
    rooms: RcRoom[];
    subscriptions: RcSubscription[];
    messages: RcMessage[];
    roles: RcRole[];
    permissions: RcPermission[];
    settings: ServerSetting[];
    notifications: Notification[];
    /** the Uploads collection and the file store (base64), absent in states saved before uploads existed */
    uploads?: RcUpload[];
    uploadContents?: Array<{ _id: string; base64: string }>;
}

/**
 * The subscriptions collection with the indexes Rocket.Chat's Subscriptions model has (by room, by user): lookups
 * cost what they cost in Rocket.Chat, not a scan of every subscription in the workspace. A subscription's `rid` and
 * `u._id` never change after it is stored; set/delete/clear keep the indexes.
 */
export class SubscriptionCollection extends Map<string, RcSubscription> {
    private readonly byRoom = new Map<string, Map<string, RcSubscription>>();
    private readonly byUser = new Map<string, Map<string, RcSubscription>>();

    override set(id: string, sub: RcSubscription): this {
        const previous = super.get(id);
        if (previous && (previous.rid !== sub.rid || previous.u._id !== sub.u._id)) {
            this.unindex(id, previous);
        }
        super.set(id, sub);
        // same keys: the entry keeps its place in the indexes, as in the collection
        this.index(this.byRoom, sub.rid, id, sub);
        this.index(this.byUser, sub.u._id, id, sub);
        return this;
    }

    override delete(id: string): boolean {
        const previous = super.get(id);
        if (previous) {
            this.unindex(id, previous);
        }
        return super.delete(id);
    }

    override clear(): void {
        super.clear();
        this.byRoom.clear();
        this.byUser.clear();
    }

    ofRoom(rid: string): RcSubscription[] {
        return [...(this.byRoom.get(rid)?.values() ?? [])];
    }

    ofUser(userId: string): RcSubscription[] {
        return [...(this.byUser.get(userId)?.values() ?? [])];
    }

    /** Subscriptions.findOneByRoomIdAndUserId: looks through the smaller of the room's and the user's subscriptions. */
    one(rid: string, userId: string): RcSubscription | undefined {
        const ofRoom = this.byRoom.get(rid);
        const ofUser = this.byUser.get(userId);
        if (!ofRoom || !ofUser) {
            return undefined;
        }
        const [few, match] = ofRoom.size <= ofUser.size ? [ofRoom, (s: RcSubscription) => s.u._id === userId] : [ofUser, (s: RcSubscription) => s.rid === rid];
        for (const s of few.values()) {
            if (match(s)) {
                return s;
            }
        }
        return undefined;
    }

    private index(index: Map<string, Map<string, RcSubscription>>, key: string, id: string, sub: RcSubscription): void {
        let group = index.get(key);
        if (!group) {
            group = new Map();
            index.set(key, group);
        }
        group.set(id, sub);
    }

    private unindex(id: string, sub: RcSubscription): void {
        for (const [index, key] of [
            [this.byRoom, sub.rid],
            [this.byUser, sub.u._id],
        ] as const) {
            const group = index.get(key);
            group?.delete(id);
            if (group?.size === 0) {
                index.delete(key);
            }
        }
    }
}

export class Model {
    users = new Map<string, RcUser>();
    rooms = new Map<string, RcRoom>();
    subscriptions = new SubscriptionCollection();
    messages = new Map<string, RcMessage>();
    roles = new Map<string, RcRole>();
    permissions = new Map<string, RcPermission>();
    settings = new ServerSettings();
    notifications: Notification[] = [];
    /** the Uploads collection (apps/meteor/app/file-upload) and, by file id, the bytes its store keeps */
    uploads = new Map<string, RcUpload>();
    uploadContents = new Map<string, Buffer>();
    /**
     * An Enterprise license is active: the ee role restrictions apply before the permission table
     * (ee/app/license addLicense → addRoleRestrictions). Community by default; not saved with the state.
     */
    enterprise = false;

    constructor() {
        const now = nowIso();
        for (const r of DEFAULT_ROLES) {
            this.roles.set(r._id, { ...r });
        }
        for (const p of defaultPermissions(now)) {
            this.permissions.set(p._id, p);
        }
    }

    // ---- users
    userById(id: string): RcUser | undefined {
        return this.users.get(id);
    }

    userByUsername(username: string): RcUser | undefined {
        for (const u of this.users.values()) {
            if (u.username === username) {
                return u;
            }
        }
        return undefined;
    }

    /**
     * Users.findOneByUsernameIgnoringCase (packages/models, Rocket.Chat 8.x): the whole username, any case. What REST's
     * getUserFromParams, createDirectMessage and checkUsernameAvailability use; the Apps-Engine's getByUsername and
     * chat.postMessage's `@name` match exactly (userByUsername).
     */
    userByUsernameIgnoringCase(username: string): RcUser | undefined {
        const wanted = username.toLowerCase();
        for (const u of this.users.values()) {
            if (typeof u.username === 'string' && u.username.toLowerCase() === wanted) {
                return u;
            }
        }
        return undefined;
    }

    userByAppId(appId: string): RcUser | undefined {
        for (const u of this.users.values()) {
            if (u.appId === appId && u.type === 'app') {
                return u;
            }
        }
        return undefined;
    }

    requireUser(userId: string): RcUser {
        const user = this.userById(userId);
        if (!user) {
            throw new MeteorError('error-invalid-user', 'Invalid user');
        }
        return user;
    }

    userByHashedToken(userId: string, hashedToken: string): RcUser | undefined {
        const u = this.users.get(userId);
        return u?.services?.resume?.loginTokens?.some((t) => t.hashedToken === hashedToken) ? u : undefined;
    }

    // ---- rooms
    roomById(id: string): RcRoom | undefined {
        return this.rooms.get(id);
    }

    requireRoom(rid: string): RcRoom {
        const room = this.roomById(rid);
        if (!room) {
            throw new MeteorError('error-invalid-room', 'Invalid room');
        }
        return room;
    }

    /** Rooms.addUserIdToE2EEQueueByRoomIds: a user waits for the room key once; the last 50 waiting are kept. */
    addUserIdToE2EEQueue(room: RcRoom, userId: string): void {
        const queue = room.usersWaitingForE2EKeys ?? [];
        if (!queue.some((q) => q.userId === userId)) {
            room.usersWaitingForE2EKeys = [...queue, { userId, ts: nowIso() }].slice(-50);
        }
    }

    roomByName(name: string): RcRoom | undefined {
        for (const r of this.rooms.values()) {
            if (r.name === name) {
                return r;
            }
        }
        return undefined;
    }

    /** Rooms.findOneByIdOrName: by id first, then by name. */
    roomByIdOrName(idOrName: string): RcRoom | undefined {
        return this.roomById(idOrName) ?? this.roomByName(idOrName);
    }

    /** Rooms.findOneDirectRoomContainingAllUserIDs: the 'd' room whose members (`uids`) are exactly these users. */
    directRoomByUserIds(userIds: string[]): RcRoom | undefined {
        const wanted = [...new Set(userIds)].sort();
        for (const r of this.rooms.values()) {
            if (r.t !== 'd' || !r.uids) {
                continue;
            }
            const have = [...new Set(r.uids)].sort();
            if (have.length === wanted.length && have.every((u, i) => u === wanted[i])) {
                return r;
            }
        }
        return undefined;
    }

    /**
     * Rooms.findDirectRoomContainingAllUsernames (packages/models/src/models/Rooms.ts): `{ t: 'd', usernames:
     * { $size: n, $all: usernames }, usersCount: n }` with n the length of the list as given, duplicates kept. So
     * `[me, me]` finds any one-to-one DM of mine, and only `[me]` finds my self-DM.
     */
    directRoomByUsernames(usernames: string[]): RcRoom | undefined {
        const n = usernames.length;
        for (const r of this.rooms.values()) {
            if (r.t === 'd' && r.usernames?.length === n && r.usersCount === n && usernames.every((u) => r.usernames?.includes(u))) {
                return r;
            }
        }
        return undefined;
    }

    // ---- subscriptions
    subscription(rid: string, userId: string): RcSubscription | undefined {
        return this.subscriptions.one(rid, userId);
    }

    subscriptionsByRoom(rid: string): RcSubscription[] {
        return this.subscriptions.ofRoom(rid);
    }

    subscriptionsByUser(userId: string): RcSubscription[] {
        return this.subscriptions.ofUser(userId);
    }

    /** Subscriptions.createWithRoomAndUser: a DM's subscription carries no room name (the caller gives the other user's). */
    createSubscription(room: RcRoom, user: RcUser, extra: Partial<RcSubscription> = {}): RcSubscription {
        const sub: RcSubscription = {
            _id: randomId(),
            rid: room._id,
            u: { _id: user._id, username: user.username, name: user.name },
            t: room.t,
            name: room.t === 'd' ? undefined : room.name,
            fname: room.fname,
            open: true,
            ts: nowIso(),
            ...(room.prid && { prid: room.prid }),
            ...extra,
        };
        this.subscriptions.set(sub._id, sub);
        return sub;
    }

    usersByRoomRole(rid: string, role: string): RcUser[] {
        return this.subscriptionsByRoom(rid)
            .filter((s) => s.roles?.includes(role))
            .map((s) => this.users.get(s.u._id))
            .filter((u): u is RcUser => Boolean(u));
    }

    // ---- permissions (apps/meteor/server/services/authorization/service.ts)
    hasPermission(userId: string | undefined, permissionId: string, scope?: string): boolean {
        if (!userId) {
            return false;
        }
        const user = this.users.get(userId);
        const sub = scope ? this.subscription(scope, userId) : undefined;
        const roles = effectiveRoles(user?.roles, sub?.roles);
        // rolesHasPermission: the role restrictions first (Enterprise only), then the permission table
        if (this.enterprise && isPermissionRestrictedForRoleList(permissionId, roles)) {
            return false;
        }
        return rolesHavePermission(this.permissions.get(permissionId), roles);
    }

    // ---- messages
    messageById(id: string): RcMessage | undefined {
        return this.messages.get(id);
    }

    messagesByRoom(rid: string): RcMessage[] {
        return [...this.messages.values()].filter((m) => m.rid === rid).sort((a, b) => a.ts.localeCompare(b.ts));
    }

    // ---- snapshot
    snapshot(): ModelSnapshot {
        const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
        return {
            version: 1,
            users: copy([...this.users.values()]),
            rooms: copy([...this.rooms.values()]),
            subscriptions: copy([...this.subscriptions.values()]),
            messages: copy([...this.messages.values()]),
            roles: copy([...this.roles.values()]),
            permissions: copy([...this.permissions.values()]),
            settings: this.settings.all(),
            notifications: copy(this.notifications),
            uploads: copy([...this.uploads.values()]),
            uploadContents: [...this.uploadContents].map(([_id, b]) => ({ _id, base64: b.toString('base64') })),
        };
    }

    restore(s: ModelSnapshot): void {
        const fill = <T extends { _id: string }>(map: Map<string, T>, items: T[]) => {
            map.clear();
            for (const i of items) {
                map.set(i._id, i);
            }
        };
        fill(this.users, s.users);
        fill(this.rooms, s.rooms);
        fill(this.subscriptions, s.subscriptions);
        fill(this.messages, s.messages);
        fill(this.roles, s.roles);
        fill(this.permissions, s.permissions);
        this.settings = new ServerSettings(s.settings);
        this.notifications = s.notifications ?? [];
        fill(this.uploads, s.uploads ?? []);
        this.uploadContents = new Map((s.uploadContents ?? []).map((c) => [c._id, Buffer.from(c.base64, 'base64')]));
    }
}
