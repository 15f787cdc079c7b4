import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';

import { listAudit } from '../actions/auditTrail';
import type { ActionContext } from '../actions/context';
import { answerRequest, answerRoomRequest, isDeactivated } from '../actions/request';
import { requestKeyReset } from '../actions/resetKey';
import { cancelEnforcement, enforcementStatus, openEnforcement } from '../jobs/enforce';
import { startReport } from '../jobs/report';
import type { AppServices } from '../app/AppServices';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { EnforceControl, parseArguments, Subcommand } from './arguments';
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
        await answerRequest({ read, modify, http, persis }, this.services, context.getSender(), context.getRoom(), `/${COMMAND}`, (ctx) => this.run(ctx, context));
    }

    private async run(ctx: ActionContext, context: SlashCommandContext): Promise<Array<Text>> {
        if (isDeactivated(ctx.user)) {
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
            case Subcommand.Disable:
                return answerRoomRequest(ctx, room, parsed.target, parsed.subcommand);
            case Subcommand.ResetKey: {
                const reply = await requestKeyReset(ctx, room, parsed.username, context.getTriggerId());
                return reply ? [reply] : [];
            }
            case Subcommand.Audit:
                return listAudit(ctx, parsed.limit);
            case Subcommand.Report:
                return startReport(ctx, room);
            case Subcommand.Enforce:
                if ('scope' in parsed) {
                    return openEnforcement(ctx, room, parsed.scope, context.getTriggerId());
                }
                return parsed.control === EnforceControl.Status ? enforcementStatus(ctx) : cancelEnforcement(ctx);
        }
    }
}
