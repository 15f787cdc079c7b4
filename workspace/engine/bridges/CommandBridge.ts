// apps/meteor/app/apps/server/bridges/commands.ts: the registry of app slash commands; only registered, enabled
// commands are dispatched.
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands';
import { CommandBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { BridgeContext } from './BridgeContext';

const key = (command: string) => command.toLowerCase().trim();

export class StandInCommandBridge extends CommandBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    private existing(command: string) {
        const c = this.ctx.registeredCommands.get(key(command));
        if (!c) {
            throw new Error(`Command does not exist in the system currently: "${command}"`);
        }
        return c;
    }

    protected async doesCommandExist(command: string): Promise<boolean> {
        return this.ctx.registeredCommands.has(command.toLowerCase());
    }

    protected async enableCommand(command: string): Promise<void> {
        this.existing(command).enabled = true;
    }

    protected async disableCommand(command: string): Promise<void> {
        this.existing(command).enabled = false;
    }

    protected async modifyCommand(command: ISlashCommand, appId: string): Promise<void> {
        if (!this.ctx.registeredCommands.has(key(command.command))) {
            throw new Error(`Command does not exist in the system currently (or it is disabled): "${command.command}"`);
        }
        this.ctx.registeredCommands.set(key(command.command), { appId, enabled: true, command });
    }

    protected async registerCommand(command: ISlashCommand, appId: string): Promise<void> {
        this.ctx.registeredCommands.set(key(command.command), { appId, enabled: true, command });
    }

    protected async unregisterCommand(command: string): Promise<void> {
        this.ctx.registeredCommands.delete(key(command));
    }
}
