// apps/meteor/app/apps/server/bridges/rooms.ts: rooms created, read and updated by apps through Rocket.Chat's own
// functions (createRoom, createDirectRoom, createDiscussion, addUserToRoom).
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { RoomBridge } from '@rocket.chat/apps-engine/server/bridges';

import { nowIso } from '../../rocketchat/ids';
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
            const ids = members.map((u) => model.userByUsername(u)?._id).filter((x): x is string => Boolean(x));
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

    protected async getAllRooms(): Promise<Array<never>> {
        return Promise.all([...this.ctx.model.rooms.values()].map((r) => this.ctx.converters.roomToApp(r))) as unknown as never[];
    }

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
