/**
 * Hand-written stand-ins for the Apps-Engine accessors, for unit tests of the app's code
 * without a runtime. They implement only what the app calls and record what it did: the
 * HTTP requests made, the notifications sent, the dialogs opened, the records persisted.
 * (The integration suite runs the packaged app in the real engine instead.)
 */
import type { IHttp, IHttpRequest, IHttpResponse, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { AppServices } from '../../src/app/AppServices';
import { createServices } from '../../src/app/AppServices';
import type { RawSettings } from '../../src/settings/AppSettings';

export interface RecordedRequest {
    method: string;
    url: string;
    headers: Record<string, string>;
    data?: unknown;
    timeout?: number;
}

export type Responder = (request: RecordedRequest) => IHttpResponse | Promise<IHttpResponse>;

export function jsonResponse(statusCode: number, body: unknown): IHttpResponse {
    return { url: '', method: 'get' as IHttpResponse['method'], statusCode, content: JSON.stringify(body), data: body };
}

/** Rocket.Chat's default role lists for the permissions the app checks. */
export const DEFAULT_PERMISSIONS: Record<string, Array<string>> = {
    'edit-room': ['admin', 'owner', 'moderator'],
    'toggle-room-e2e-encryption': ['owner', 'admin'],
    'edit-other-user-e2ee': ['admin'],
    'view-room-administration': ['admin'],
    'view-c-room': ['admin', 'user', 'bot', 'app', 'anonymous'],
    'view-p-room': ['admin', 'user', 'anonymous', 'guest'],
    'view-d-room': ['admin', 'user', 'bot', 'app', 'guest'],
    'view-joined-room': ['guest', 'bot', 'app', 'anonymous'],
};

export function user(id: string, extra: Partial<IUser> = {}): IUser {
    return {
        id,
        username: id,
        name: id,
        emails: [],
        type: 'user',
        isEnabled: true,
        roles: ['user'],
        status: 'online',
        statusConnection: 'online',
        utcOffset: 0,
        createdAt: new Date(0),
        updatedAt: new Date(0),
        lastLoginAt: new Date(0),
        ...extra,
    } as IUser;
}

export function room(id: string, type: string, extra: Record<string, unknown> = {}): IRoom {
    const { encrypted, ...rest } = extra;
    return {
        id,
        slugifiedName: id,
        displayName: id,
        type,
        creator: user('creator'),
        usernames: [],
        _unmappedProperties_: encrypted === undefined ? {} : { encrypted },
        ...rest,
    } as unknown as IRoom;
}

export interface FakeOptions {
    settings?: RawSettings;
    serverSettings?: Record<string, unknown>;
    permissions?: Record<string, Array<string>>;
}

export class Fake {
    public readonly users = new Map<string, IUser>();
    public readonly rooms = new Map<string, IRoom>();
    /** userId -> room ids the user is subscribed to. */
    public readonly subscriptions = new Map<string, Set<string>>();
    /** roomId -> role -> user ids. */
    public readonly roomRoles = new Map<string, Record<string, Array<string>>>();
    public settings: RawSettings;
    public serverSettings: Record<string, unknown>;
    public permissions: Record<string, Array<string>>;
    public readonly requests: Array<RecordedRequest> = [];
    public readonly notifications: Array<{ user: IUser; room: IRoom; text: string }> = [];
    public readonly modals: Array<{ view: Record<string, unknown>; triggerId?: string; user: IUser }> = [];
    public readonly stored: Array<{ data: Record<string, unknown>; associations: Array<string> }> = [];
    public readonly logs: Array<string> = [];
    public responder: Responder;
    public appUser = user('encryption-policy.bot', { type: 'app' as IUser['type'], roles: ['app'] });

    constructor(options: FakeOptions = {}) {
        this.settings = {
            service_user_id: 'svc',
            service_token: 'secret-token-123',
            workspace_url: 'http://rc.test',
            ...options.settings,
        } as RawSettings;
        this.serverSettings = { E2E_Enable: true, Site_Url: 'http://site.test', Language: 'en', ...options.serverSettings };
        this.permissions = options.permissions ?? DEFAULT_PERMISSIONS;
        this.responder = (request) => this.defaultResponse(request);
    }

    public addUser(value: IUser): IUser {
        this.users.set(value.id, value);
        return value;
    }

    public addRoom(value: IRoom, members: Array<IUser> = [], roles: Record<string, Array<string>> = {}): IRoom {
        this.rooms.set(value.id, value);
        for (const member of members) {
            this.addUser(member);
            const set = this.subscriptions.get(member.id) ?? new Set<string>();
            set.add(value.id);
            this.subscriptions.set(member.id, set);
        }
        this.roomRoles.set(value.id, roles);
        return value;
    }

    /** What Rocket.Chat would answer; tests replace `responder` for failures. */
    private defaultResponse(request: RecordedRequest): IHttpResponse {
        const path = request.url.replace(/^https?:\/\/[^/]+/, '');
        if (path === '/api/v1/permissions.listAll') {
            return jsonResponse(200, {
                update: Object.entries(this.permissions).map(([_id, roles]) => ({ _id, roles, _updatedAt: '2026-01-01T00:00:00.000Z' })),
                remove: [],
                success: true,
            });
        }
        if (path === '/api/v1/me') {
            return jsonResponse(200, { _id: 'svc', username: 'svc', roles: ['admin'], success: true });
        }
        if (path === '/api/v1/rooms.saveRoomSettings') {
            return jsonResponse(200, { rid: (request.data as { rid: string }).rid, success: true });
        }
        if (path === '/api/v1/users.resetE2EKey') {
            return jsonResponse(200, { success: true });
        }
        return jsonResponse(404, { success: false, error: 'Resource not found' });
    }

    public get read(): IRead {
        return {
            getEnvironmentReader: () => ({
                getSettings: () => ({ getValueById: async (id: string) => (this.settings as Record<string, unknown>)[id] }),
                getServerSettings: () => ({ getValueById: async (id: string) => this.serverSettings[id] }),
            }),
            getRoomReader: () => ({
                getById: async (id: string) => this.rooms.get(id),
                getByName: async (name: string) => [...this.rooms.values()].find((r) => r.slugifiedName === name),
                // Rooms.findDirectRoomContainingAllUsernames: `$size` counts the usernames as given, duplicates included.
                getDirectByUsernames: async (usernames: Array<string>) =>
                    [...this.rooms.values()].find(
                        (r) =>
                            (r.type as string) === 'd' &&
                            r.userIds?.length === usernames.length &&
                            usernames.every((username) => [...this.users.values()].some((u) => u.username === username && r.userIds?.includes(u.id))),
                    ),
                getOwners: async (id: string) => this.usersWithRole(id, 'owner'),
                getModerators: async (id: string) => this.usersWithRole(id, 'moderator'),
                getLeaders: async (id: string) => this.usersWithRole(id, 'leader'),
            }),
            getUserReader: () => ({
                getById: async (id: string) => this.users.get(id),
                getByUsername: async (username: string) => [...this.users.values()].find((u) => u.username === username),
                getUserRoomIds: async (id: string) => [...(this.subscriptions.get(id) ?? [])],
                getAppUser: async () => this.appUser,
            }),
            getPersistenceReader: () => ({
                readByAssociation: async (association: RocketChatAssociationRecord) => this.find([association]),
                readByAssociations: async (associations: Array<RocketChatAssociationRecord>) => this.find(associations),
            }),
        } as unknown as IRead;
    }

    private usersWithRole(roomId: string, role: string): Array<IUser> {
        return (this.roomRoles.get(roomId)?.[role] ?? []).map((id) => this.users.get(id)).filter((u): u is IUser => Boolean(u));
    }

    private key(association: RocketChatAssociationRecord): string {
        return `${association.getModel()}:${association.getID()}`;
    }

    private find(associations: Array<RocketChatAssociationRecord>): Array<Record<string, unknown>> {
        const keys = associations.map((a) => this.key(a));
        return this.stored.filter((s) => keys.every((k) => s.associations.includes(k))).map((s) => s.data);
    }

    /** How many records each remove call found (Rocket.Chat's bridge reads every one of them). */
    public readonly removeReads: Array<number> = [];

    /** As current Rocket.Chat: finds every match, deletes only the first, returns all their data. */
    private remove(associations: Array<RocketChatAssociationRecord>): Array<object> | undefined {
        const keys = associations.map((a) => this.key(a));
        const found = this.stored.filter((s) => keys.every((k) => s.associations.includes(k)));
        this.removeReads.push(found.length);
        if (found.length === 0) {
            return undefined;
        }
        this.stored.splice(this.stored.indexOf(found[0]), 1);
        return found.map((s) => s.data);
    }

    public get persis(): IPersistence {
        return {
            createWithAssociation: async (data: object, association: RocketChatAssociationRecord) => this.create(data, [association]),
            createWithAssociations: async (data: object, associations: Array<RocketChatAssociationRecord>) => this.create(data, associations),
            updateByAssociations: async (associations: Array<RocketChatAssociationRecord>, data: object, upsert?: boolean) => {
                const existing = this.stored.filter((s) => associations.every((a) => s.associations.includes(this.key(a))));
                if (existing.length === 0 && upsert) {
                    return this.create(data, associations);
                }
                existing.forEach((s) => (s.data = { ...data } as Record<string, unknown>));
                return 'updated';
            },
            removeByAssociation: async (association: RocketChatAssociationRecord) => this.remove([association]),
            removeByAssociations: async (associations: Array<RocketChatAssociationRecord>) => this.remove(associations),
        } as unknown as IPersistence;
    }

    private create(data: object, associations: Array<RocketChatAssociationRecord>): string {
        this.stored.push({ data: JSON.parse(JSON.stringify(data)), associations: associations.map((a) => this.key(a)) });
        return String(this.stored.length);
    }

    public get http(): IHttp {
        const call = (method: string) => async (url: string, options: IHttpRequest = {}) => {
            const request: RecordedRequest = { method, url, headers: { ...(options.headers ?? {}) }, data: options.data, timeout: options.timeout };
            this.requests.push(request);
            return this.responder(request);
        };
        return { get: call('get'), post: call('post'), put: call('put'), del: call('delete'), patch: call('patch') } as unknown as IHttp;
    }

    public get modify(): IModify {
        return {
            getNotifier: () => ({
                getMessageBuilder: () => new FakeMessageBuilder(),
                notifyUser: async (to: IUser, message: IMessage) => {
                    this.notifications.push({ user: to, room: message.room, text: message.text ?? '' });
                },
            }),
            getUiController: () => ({
                openModalView: async (view: Record<string, unknown>, context: { triggerId?: string }, to: IUser) => {
                    this.modals.push({ view, triggerId: context.triggerId, user: to });
                },
            }),
        } as unknown as IModify;
    }

    public get logger(): ILogger {
        const log = (...items: Array<unknown>) => this.logs.push(items.map(String).join(' '));
        return { debug: log, info: log, log, warn: log, error: log, success: log } as unknown as ILogger;
    }

    public async services(): Promise<AppServices> {
        const services = createServices(this.logger);
        await services.settings.refresh(this.read.getEnvironmentReader().getSettings());
        return services;
    }

    /** Texts told to one user, in order. */
    public told(userId: string): Array<string> {
        return this.notifications.filter((n) => n.user.id === userId).map((n) => n.text);
    }

    public auditRecords(): Array<Record<string, unknown>> {
        return this.stored.filter((s) => s.associations.some((a) => a.startsWith('misc:e2ee-audit-day:'))).map((s) => s.data);
    }
}

export class FakeMessageBuilder {
    private message: Record<string, unknown> = {};

    public setRoom(value: IRoom) {
        this.message.room = value;
        return this;
    }
    public setText(value: string) {
        this.message.text = value;
        return this;
    }
    public setGroupable(value: boolean) {
        this.message.groupable = value;
        return this;
    }
    public setData(value: IMessage) {
        this.message = { ...value };
        return this;
    }
    public getMessage(): IMessage {
        return this.message as unknown as IMessage;
    }
}
