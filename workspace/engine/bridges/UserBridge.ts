// apps/meteor/app/apps/server/bridges/users.ts: apps read users and create only bot or app users.
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { UserBridge } from '@rocket.chat/apps-engine/server/bridges';

import { nowIso } from '../../rocketchat/ids';
import type { BridgeContext, Data } from './BridgeContext';

export class StandInUserBridge extends UserBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async getById(id: string): Promise<IUser> {
        return this.ctx.converters.userById(id) as unknown as IUser;
    }

    protected async getByUsername(username: string): Promise<IUser> {
        return this.ctx.converters.userToApp(this.ctx.model.userByUsername(username)) as unknown as IUser;
    }

    protected async getAppUser(appId?: string): Promise<IUser | undefined> {
        if (!appId) {
            return undefined;
        }
        return this.ctx.converters.userToApp(this.ctx.model.userByAppId(appId)) as unknown as IUser | undefined;
    }

    protected async getActiveUserCount(): Promise<number> {
        return [...this.ctx.model.users.values()].filter((u) => u.active && u.type !== 'app' && u.type !== 'bot').length;
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        return 0;
    }

    protected async getUserRoomIds(userId: string): Promise<string[]> {
        return this.ctx.model.subscriptionsByUser(userId).map((s) => s.rid);
    }

    protected async create(data: Partial<IUser>, appId: string): Promise<string> {
        const user = this.ctx.converters.userFromApp(data as unknown as Data);
        switch (user.type) {
            case 'bot':
            case 'app': {
                if (!user.username) {
                    throw new Error('Invalid username');
                }
                const created = this.ctx.server.createUser({
                    username: user.username,
                    name: user.name,
                    type: user.type,
                    roles: user.roles,
                    active: user.active ?? true,
                    appId,
                });
                created.status = 'online';
                return created._id;
            }
            default:
                throw new Error('Creating normal users is currently not supported');
        }
    }

    protected async remove(user: IUser): Promise<boolean> {
        return this.ctx.model.users.delete(user.id);
    }

    protected async update(user: IUser, updates: Partial<IUser>): Promise<boolean> {
        const stored = this.ctx.model.userById(user.id);
        if (!stored) {
            return false;
        }
        Object.assign(stored, this.ctx.converters.userFromApp(updates as unknown as Data), { _updatedAt: nowIso() });
        return true;
    }

    protected async deleteUsersCreatedByApp(appId: string): Promise<boolean> {
        for (const [id, u] of this.ctx.model.users) {
            if (u.appId === appId) {
                this.ctx.model.users.delete(id);
            }
        }
        return true;
    }

    protected async deactivate(userId: string): Promise<boolean> {
        this.ctx.server.setUserActive(userId, false);
        return true;
    }
}
