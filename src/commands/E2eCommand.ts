import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';

import { listAudit } from '../actions/auditTrail';
import type { ActionContext } from '../actions/context';
import { createContext } from '../actions/context';
import { requestKeyReset } from '../actions/resetKey';
import { describeStatus } from '../actions/status';
import { resolveTarget } from '../actions/target';
import { toggleEncryption } from '../actions/toggle';
import type { AppServices } from '../app/AppServices';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { errorName } from '../lib/errors';
import { tell } from '../lib/notify';
import { parseArguments, Subcommand } from './arguments';
import { describeHelp, usageText } from './help';

export const COMMAND = 'e2e';

/** `/e2e`: parses, dispatches, and answers the caller privately. Never throws to the engine. */
export class E2eCommand implements ISlashCommand {
    public readonly command = COMMAND;
    public readonly i18nParamsExample = 'command_params';
    public readonly i18nDescription = 'command_description';
    public readonly providesPreview = false;

    constructor(private readonly services: AppServices) {}

    public async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
        const user = context.getSender();
        const room = context.getRoom();
        let reply: Array<Text>;
        try {
            const ctx = await createContext({ read, modify, http, persis }, this.services, user);
            reply = await this.run(ctx, context);
        } catch (error) {
            this.services.logger.error(`/${COMMAND} failed: ${errorName(error)}`);
            reply = [text('internal_error')];
        }
        await tell(read, modify, user, room, reply).catch((error) => this.services.logger.error(`/${COMMAND}: could not answer: ${errorName(error)}`));
    }

    private async run(ctx: ActionContext, context: SlashCommandContext): Promise<Array<Text>> {
        if (ctx.user.isEnabled === false) {
            return [text('not_allowed_inactive')];
        }
        const parsed = parseArguments(context.getArguments());
        const room = context.getRoom();
        switch (parsed.subcommand) {
            case 'invalid':
                return usageText(parsed.attempted, parsed.error);
            case Subcommand.Help:
                return describeHelp(ctx, parsed.error);
            case Subcommand.Status:
            case Subcommand.Enable:
            case Subcommand.Disable: {
                const resolved = await resolveTarget(ctx, room, parsed.target);
                if (!resolved.ok) {
                    return [resolved.reply];
                }
                if (parsed.subcommand === Subcommand.Status) {
                    return describeStatus(ctx, resolved.room);
                }
                return [await toggleEncryption(ctx, resolved.room, parsed.subcommand === Subcommand.Enable)];
            }
            case Subcommand.ResetKey: {
                const reply = await requestKeyReset(ctx, room, parsed.username, context.getTriggerId());
                return reply ? [reply] : [];
            }
            case Subcommand.Audit:
                return listAudit(ctx, parsed.limit);
        }
    }
}
