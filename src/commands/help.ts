import type { MessageKey, Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import type { ActionContext } from '../actions/context';
import { authorizeKeyAdmin } from '../actions/keyAdmin';
import { authorizeWorkspaceAdmin } from '../actions/workspaceAdmin';
import { authorizeReport } from '../policy/authorization';
import type { ParseError } from './arguments';
import { Subcommand } from './arguments';

const PARSE_ERROR_TEXT: Readonly<Record<ParseError, MessageKey>> = {
    'unknown-subcommand': 'error_unknown_subcommand',
    'too-many-arguments': 'error_too_many_arguments',
    'invalid-target': 'error_invalid_target',
    'missing-user': 'error_missing_user',
    'invalid-user': 'error_invalid_user',
    'invalid-limit': 'error_invalid_limit',
    'missing-enforce-target': 'error_missing_enforce_target',
    'invalid-enforce-target': 'error_invalid_enforce_target',
};

/** How each sub-command that takes arguments is used, shown after a mistake in them. */
const USAGE_TEXT: Readonly<Record<Exclude<Subcommand, Subcommand.Help>, MessageKey>> = {
    [Subcommand.Status]: 'help_status',
    [Subcommand.Enable]: 'help_enable',
    [Subcommand.Disable]: 'help_disable',
    [Subcommand.ResetKey]: 'help_reset_key',
    [Subcommand.Audit]: 'help_audit',
    [Subcommand.Report]: 'help_report',
    [Subcommand.Enforce]: 'help_enforce',
};

export function parseErrorText(error: ParseError): Text {
    return text(PARSE_ERROR_TEXT[error]);
}

/** A sub-command's arguments were wrong: what was wrong, and how it is used. */
export function usageText(subcommand: Exclude<Subcommand, Subcommand.Help>, error: ParseError): Array<Text> {
    return [parseErrorText(error), text(USAGE_TEXT[subcommand])];
}

/** `/e2e help`: the commands, with the key-administration ones only for those who may use them. */
export async function describeHelp(ctx: ActionContext, error?: ParseError): Promise<Array<Text>> {
    const lines: Array<Text> = [];
    if (error) {
        lines.push(parseErrorText(error));
    }
    lines.push(text('help_header'), text('help_status'), text('help_enable'), text('help_disable'), text('help_buttons'));
    const keyAdmin = await authorizeKeyAdmin(ctx);
    if (keyAdmin.ok) {
        lines.push(text('help_reset_key'), text('help_audit'));
    }
    if ((await authorizeWorkspaceAdmin(ctx, authorizeReport)).ok) {
        lines.push(text('help_report'), text('help_enforce'));
    }
    return lines;
}
