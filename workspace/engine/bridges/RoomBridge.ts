// apps/meteor/app/apps/server/bridges/rooms.ts: rooms created, read and updated by apps through Rocket.Chat's own
// functions (createRoom, createDirectRoom, createDiscussion, addUserToRoom).
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { RoomBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { GetRoomsFilters, GetRoomsOptions } from '@rocket.chat/apps-engine/server/bridges/RoomBridge';

import { convertRoomRaw } from '../../rocketchat/convertRoomRaw';
import { nowIso } from '../../rocketchat/ids';
import { MeteorError } from '../../rocketchat/rules';
import type { RcRoom } from '../../rocketchat/types';
import type { BridgeContext, Data } from './BridgeContext';

export class StandInRoomBridge extends RoomBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async create(room: IRoom, members: Array<string>, appId: string): Promise<string> {
        const { model, server } = this.ctx;
        const rc = this.ctx.converters.roomFromApp(room as unknown as Data) as RcRoom;
        const creatorId = rc.u?._id ?? model.userByAppId(appId)?._id;
        if (!creatorId) {
            throw new Error('Invalid creator assigned to the room.');
        }
        if (rc.t === 'd') {
            // Meteor.runAsUser(creator, () => createDirectMessage(...members)) (app/lib/server/methods/
            // createDirectMessage.ts): every member must exist, and the creator needs create-d (the app role has it)
            const ids = members.map((username) => {
                const member = model.userByUsername(username);
                if (!member) {
                    throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'createDirectMessage' });
                }
                return member._id;
            });
            if (!model.hasPermission(creatorId, 'create-d')) {
                throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'createDirectMessage' });
            }
            const created = await server.createDirectRoom([creatorId, ...ids], creatorId);
            return created._id;
        }
        const { _id: _ignored, t, name, ...extra } = rc;
        void _ignored;
        const created = await server.createRoom(t as 'c' | 'p', (name ?? rc.fname) as string, creatorId, members, extra as Partial<RcRoom>);
        return created._id;
    }

    protected async getById(roomId: string): Promise<IRoom> {
        return (await this.ctx.converters.roomById(roomId)) as unknown as IRoom;
    }

    protected async getByName(roomName: string): Promise<IRoom> {
        return (await this.ctx.converters.roomToApp(this.ctx.model.roomByName(roomName))) as unknown as IRoom;
    }

    private creatorOf(room: RcRoom | undefined): IUser | undefined {
        return room?.u ? (this.ctx.converters.userById(room.u._id) as unknown as IUser) : undefined;
    }

    protected async getCreatorById(roomId: string): Promise<IUser | undefined> {
        return this.creatorOf(this.ctx.model.roomById(roomId));
    }

    protected async getCreatorByName(roomName: string): Promise<IUser | undefined> {
        return this.creatorOf(this.ctx.model.roomByName(roomName));
    }

    protected async getDirectByUsernames(usernames: Array<string>): Promise<IRoom | undefined> {
        const room = this.ctx.model.directRoomByUsernames(usernames);
        return room ? ((await this.ctx.converters.roomToApp(room)) as unknown as IRoom) : undefined;
    }

    protected async getMembers(roomId: string): Promise<Array<IUser>> {
        return this.ctx.model
            .subscriptionsByRoom(roomId)
            .map((s) => this.ctx.converters.userById(s.u._id))
            .filter(Boolean) as unknown as IUser[];
    }

    /**
     * getAllRooms (bridges/rooms.ts): the rooms matching the filters, `skip` then `limit` (the engine's RoomRead has
     * checked 1..100 and the `room.system.view-all` permission), each through the raw converter. The filters mean
     * what @rocket.chat/apps-engine/server/bridges/RoomBridge.d.ts says: `types` keeps those room types;
     * `discussions`/`teams` undefined include, true keep only, false leave out discussions (a `prid`) / team main
     * rooms (`teamMain`). Rocket.Chat's query body could not be read: the order here is the collection's natural
     * (creation) order, and skipping walks the matches as a database skip does.
     */
    protected async getAllRooms(filters: GetRoomsFilters = {}, options: GetRoomsOptions = {}): Promise<Array<never>> {
        const types = filters.types?.length ? new Set<string>(filters.types) : undefined;
        const matches = (r: RcRoom): boolean =>
            (!types || types.has(r.t)) &&
            (filters.discussions === undefined || Boolean(r.prid) === filters.discussions) &&
            (filters.teams === undefined || (r.teamMain === true) === filters.teams);
        const skip = options.skip ?? 0;
        const limit = options.limit ?? 100;
        const key = JSON.stringify([filters.types ?? null, filters.discussions ?? null, filters.teams ?? null]);
        const rooms = this.ctx.model.rooms;
        // Paging on: the next page of the same listing continues the walk where the last one stopped, when nothing
        // was added or removed since and its last room is unchanged (then it is the page a fresh skip finds).
        const c = this.cursor;
        const resume = c && c.key === key && c.next === skip && c.size === rooms.size && c.last !== undefined && rooms.get(c.last.id) === c.last.room && matches(c.last.room);
        const walk = resume ? c.iterator : rooms.values();
        const page: RcRoom[] = [];
        let seen = resume ? skip : 0;
        while (page.length < limit) {
            const step = walk.next();
            if (step.done) {
                break;
            }
            if (matches(step.value) && seen++ >= skip) {
                page.push(step.value);
            }
        }
        const lastRoom = page[page.length - 1];
        this.cursor = lastRoom ? { key, next: skip + page.length, size: rooms.size, iterator: walk, last: { id: lastRoom._id, room: lastRoom } } : undefined;
        return (await Promise.all(page.map((r) => convertRoomRaw(r)))) as never[];
    }

    private cursor?: { key: string; next: number; size: number; iterator: IterableIterator<RcRoom>; last?: { id: string; room: RcRoom } };

    protected async update(room: IRoom, members: Array<string> = []): Promise<void> {
        if (!room.id || !this.ctx.model.roomById(room.id)) {
            throw new Error('A room must exist to update.');
        }
        // convertAppRoom(room, true): partial, `_unmappedProperties_` (encrypted, e2eKeyId) are dropped
        const partial = this.ctx.converters.roomFromApp(room as unknown as Data, true) as Data;
        const stored = this.ctx.model.roomById(room.id) as RcRoom;
        delete partial._id;
        Object.assign(stored, partial, { _updatedAt: nowIso() });
        for (const username of members) {
            const user = this.ctx.model.userByUsername(username);
            if (user) {
                await this.ctx.server.addUserToRoom(stored._id, user._id);
            }
        }
    }

    protected async createDiscussion(room: IRoom, _parentMessage: IMessage | undefined, reply: string | undefined, members: Array<string>): Promise<string> {
        const parent = (room as unknown as { parentRoom?: { id: string } }).parentRoom;
        const creator = (room as unknown as { creator?: { id: string } }).creator;
        if (!parent?.id || !creator?.id) {
            throw new Error('Invalid discussion parameters');
        }
        const d = await this.ctx.server.createDiscussion(creator.id, { prid: parent.id, t_name: room.displayName ?? 'discussion', users: members, reply });
        return d._id;
    }

    protected async delete(roomId: string): Promise<void> {
        this.ctx.model.rooms.delete(roomId);
        for (const s of this.ctx.model.subscriptionsByRoom(roomId)) {
            this.ctx.model.subscriptions.delete(s._id);
        }
    }

    private usersWithRole(roomId: string, role: string): IUser[] {
        return this.ctx.model.usersByRoomRole(roomId, role).map((u) => this.ctx.converters.userToApp(u)) as unknown as IUser[];
    }

    protected async getModerators(roomId: string): Promise<Array<IUser>> {
        return this.usersWithRole(roomId, 'moderator');
    }

    protected async getOwners(roomId: string): Promise<Array<IUser>> {
        return this.usersWithRole(roomId, 'owner');
    }

    protected async getLeaders(roomId: string): Promise<Array<IUser>> {
        return this.usersWithRole(roomId, 'leader');
    }

    /** getMessages skips messages that have a `t` (so encrypted 't: e2e' messages are invisible here). */
    protected async getMessages(roomId: string, options: { limit?: number; skip?: number; sort?: Record<string, 'asc' | 'desc'> }): Promise<never[]> {
        let list = this.ctx.model.messagesByRoom(roomId).filter((m) => !m.t);
        if (options?.sort?.createdAt === 'desc') {
            list = list.reverse();
        }
        list = list.slice(options?.skip ?? 0, (options?.skip ?? 0) + (options?.limit ?? 100));
        return list.map((m) => {
            const { _id, msg, ts, u, rid, ...rest } = m;
            return { id: _id, text: msg, createdAt: new Date(ts), sender: { _id: u._id, username: u.username, name: u.name }, roomId: rid, ...rest };
        }) as never[];
    }

    protected async removeUsers(roomId: string, usernames: Array<string>): Promise<void> {
        for (const username of usernames) {
            const user = this.ctx.model.userByUsername(username);
            const sub = user && this.ctx.model.subscription(roomId, user._id);
            if (sub) {
                this.ctx.model.subscriptions.delete(sub._id);
            }
        }
    }

    protected async getUnreadByUser(): Promise<never[]> {
        return [];
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        return 0;
    }
}
