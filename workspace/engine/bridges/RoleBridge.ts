// apps/meteor/app/apps/server/bridges/roles.ts: a role by id or name, and the custom (unprotected) roles.
import { RoleBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { RcRole } from '../../rocketchat/types';
import type { BridgeContext } from './BridgeContext';

const toAppRole = (r: RcRole) => ({ id: r._id, name: r.name, description: r.description, mandatory2fa: Boolean(r.mandatory2fa), protected: r.protected, scope: r.scope });

export class StandInRoleBridge extends RoleBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async getOneByIdOrName(idOrName: string): Promise<never> {
        const r = [...this.ctx.model.roles.values()].find((x) => x._id === idOrName || x.name === idOrName);
        return (r ? toAppRole(r) : null) as never;
    }

    protected async getCustomRoles(): Promise<never[]> {
        return [...this.ctx.model.roles.values()].filter((r) => !r.protected).map(toAppRole) as never[];
    }
}
