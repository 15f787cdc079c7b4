import type { Target } from '../actions/target';
import type { EnforceTarget } from '../policy/enforcement';
import { isEnforceTarget } from '../policy/enforcement';

/** The sub-commands of `/e2e`, in one place. */
export enum Subcommand {
    Help = 'help',
    Status = 'status',
    Enable = 'enable',
    Disable = 'disable',
    ResetKey = 'reset-key',
    Audit = 'audit',
    Report = 'report',
    Enforce = 'enforce',
}

/** `/e2e enforce status|cancel`: the words that are not a target. */
export enum EnforceControl {
    Status = 'status',
    Cancel = 'cancel',
}

export type ParseError =
    | 'unknown-subcommand'
    | 'too-many-arguments'
    | 'invalid-target'
    | 'missing-user'
    | 'invalid-user'
    | 'invalid-limit'
    | 'missing-enforce-target'
    | 'invalid-enforce-target';

export type ParsedCommand =
    | { readonly subcommand: Subcommand.Help; readonly error?: ParseError }
    | { readonly subcommand: Subcommand.Status | Subcommand.Enable | Subcommand.Disable; readonly target: Target }
    | { readonly subcommand: Subcommand.ResetKey; readonly username: string }
    | { readonly subcommand: Subcommand.Audit; readonly limit: number }
    | { readonly subcommand: Subcommand.Report }
    | { readonly subcommand: Subcommand.Enforce; readonly scope: EnforceTarget }
    | { readonly subcommand: Subcommand.Enforce; readonly control: EnforceControl }
    | { readonly subcommand: 'invalid'; readonly attempted: Exclude<Subcommand, Subcommand.Help>; readonly error: ParseError };

export const DEFAULT_AUDIT_LIMIT = 20;
export const MAX_AUDIT_LIMIT = 100;

/** Room names: letters, digits, marks and `._-`, as Rocket.Chat's name validation allows (also UTF-8 names). */
const ROOM_NAME = /^[\p{L}\p{N}\p{M}._-]{1,100}$/u;
/** Usernames: the same, plus `:` of federated users (`alice:matrix.org`), so they can be told why they are refused. */
const USERNAME = /^[\p{L}\p{N}\p{M}._:-]{1,100}$/u;

function parseName(raw: string, prefix: string, pattern: RegExp): string | undefined {
    const name = raw.startsWith(prefix) ? raw.slice(prefix.length) : raw;
    return pattern.test(name) ? name : undefined;
}

function parseTarget(raw: string | undefined): Target | undefined {
    if (raw === undefined) {
        return { kind: 'current' };
    }
    if (raw.startsWith('@')) {
        const username = parseName(raw, '@', USERNAME);
        return username === undefined ? undefined : { kind: 'user', username };
    }
    const name = parseName(raw, '#', ROOM_NAME);
    return name === undefined ? undefined : { kind: 'room', name };
}

/**
 * Parses the words after `/e2e`. Pure: never throws, never echoes input back; every error is
 * a code the command turns into a translated message.
 */
export function parseArguments(args: ReadonlyArray<string>): ParsedCommand {
    const words = args.filter((word) => word.length > 0);
    const [first, ...rest] = words;
    const name = first === undefined ? Subcommand.Help : first.toLowerCase();

    switch (name) {
        case Subcommand.Help:
            return { subcommand: Subcommand.Help };
        case Subcommand.Status:
        case Subcommand.Enable:
        case Subcommand.Disable: {
            if (rest.length > 1) {
                return { subcommand: 'invalid', attempted: name, error: 'too-many-arguments' };
            }
            const target = parseTarget(rest[0]);
            return target === undefined ? { subcommand: 'invalid', attempted: name, error: 'invalid-target' } : { subcommand: name, target };
        }
        case Subcommand.ResetKey: {
            if (rest.length === 0) {
                return { subcommand: 'invalid', attempted: name, error: 'missing-user' };
            }
            if (rest.length > 1) {
                return { subcommand: 'invalid', attempted: name, error: 'too-many-arguments' };
            }
            const username = parseName(rest[0], '@', USERNAME);
            return username === undefined ? { subcommand: 'invalid', attempted: name, error: 'invalid-user' } : { subcommand: name, username };
        }
        case Subcommand.Audit: {
            if (rest.length > 1) {
                return { subcommand: 'invalid', attempted: name, error: 'too-many-arguments' };
            }
            if (rest.length === 0) {
                return { subcommand: name, limit: DEFAULT_AUDIT_LIMIT };
            }
            const limit = /^\d{1,3}$/.test(rest[0]) ? Number(rest[0]) : NaN;
            return limit >= 1 && limit <= MAX_AUDIT_LIMIT ? { subcommand: name, limit } : { subcommand: 'invalid', attempted: name, error: 'invalid-limit' };
        }
        case Subcommand.Report:
            return rest.length > 0 ? { subcommand: 'invalid', attempted: name, error: 'too-many-arguments' } : { subcommand: name };
        case Subcommand.Enforce: {
            if (rest.length === 0) {
                return { subcommand: 'invalid', attempted: name, error: 'missing-enforce-target' };
            }
            if (rest.length > 1) {
                return { subcommand: 'invalid', attempted: name, error: 'too-many-arguments' };
            }
            const word = rest[0].toLowerCase();
            if (word === EnforceControl.Status || word === EnforceControl.Cancel) {
                return { subcommand: name, control: word };
            }
            return isEnforceTarget(word) ? { subcommand: name, scope: word } : { subcommand: 'invalid', attempted: name, error: 'invalid-enforce-target' };
        }
        default:
            return { subcommand: Subcommand.Help, error: 'unknown-subcommand' };
    }
}
