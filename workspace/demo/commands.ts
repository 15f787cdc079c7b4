// The interactive prompt's command language, as small pure functions: a line in, a Command out. Nothing here
// touches the workspace; session.ts carries the commands out.

export type MessagePath = 'sendMessage' | 'postMessage';

export type Command =
    | { kind: 'empty' }
    | { kind: 'invalid'; message: string }
    | { kind: 'help' }
    | { kind: 'quit' }
    | { kind: 'as'; user: string }
    | { kind: 'room'; room: string }
    | { kind: 'send'; path: MessagePath; room?: string; text: string }
    | { kind: 'send-encrypted'; room?: string; searchableCopy: boolean }
    | { kind: 'edit'; messageId: string; text: string }
    | { kind: 'slash'; text: string }
    | { kind: 'click'; actionId: string }
    | { kind: 'modals' }
    | { kind: 'submit'; viewId?: string }
    | { kind: 'close'; viewId?: string }
    | { kind: 'set'; scope: 'app' | 'server'; id: string; value: string }
    | { kind: 'permission'; grant: boolean; permission: string; role: string }
    | { kind: 'rooms' }
    | { kind: 'users' }
    | { kind: 'inspect'; target: string }
    | { kind: 'messages'; room?: string }
    | { kind: 'audit' }
    | { kind: 'told' }
    | { kind: 'join'; room?: string }
    | { kind: 'room-encrypted'; on: boolean; room?: string }
    | { kind: 'create'; roomKind: CreatableKind; name?: string; parent?: string; members: string[]; encrypted: boolean }
    | { kind: 'keys'; user?: string }
    | { kind: 'login'; user?: string };

export type CreatableKind = 'private' | 'public' | 'private-team' | 'public-team' | 'discussion' | 'dm';

export const CREATABLE_KINDS: ReadonlyArray<CreatableKind> = ['private', 'public', 'private-team', 'public-team', 'discussion', 'dm'];

/** One line per command, for `help` (and the usage shown when a command is mistyped). */
export const USAGE: Readonly<Record<string, string>> = {
    as: 'as <user>                         act as this user (e.g. as bob)',
    room: 'room <#room|@user>                 switch the current room (@user: your DM with them)',
    send: 'send [#room] <text>                send a plain message (chat.sendMessage / the web client path)',
    post: 'post [#room] <text>                send through chat.postMessage (integrations, bots, scripts)',
    'send-encrypted': 'send-encrypted [#room] [copy]      send a fake, well-formed rc.v2 ciphertext; "copy" also puts it in the searchable text',
    edit: 'edit <messageId> <text>            edit a message to plain text (an id prefix of 4+ characters is enough)',
    '/e2e': '/e2e <sub-command>                 run the app\'s slash command in the current room (/e2e help)',
    click: 'click <actionId>                   click a room button: e2e-status, e2e-enable, e2e-disable',
    modals: 'modals                             the dialogs open for you',
    submit: 'submit [viewId]                    submit a dialog (the only open one when no id is given)',
    close: 'close [viewId]                     close a dialog without submitting',
    set: 'set <app setting> <value>          change an app setting (e.g. set policy_private_channel required)',
    'server-set': 'server-set <setting> <value>       change a workspace setting (e.g. server-set E2E_Enable false)',
    grant: 'grant <permission> <role>          add a role to a permission (e.g. grant toggle-room-e2e-encryption moderator)',
    revoke: 'revoke <permission> <role>         remove a role from a permission',
    'room-encrypted': 'room-encrypted <on|off> [#room]    change encryption in Rocket.Chat\'s own room settings (not through the app)',
    join: 'join [#room]                       join a room (or be added by its owner, for private rooms)',
    create: 'create <kind> <name> [@user...] [encrypted]   kinds: private, public, private-team, public-team;\n' +
        '                                   create discussion <name> <#parent> [@user...]; create dm @user [@user...]',
    keys: 'keys [@user]                       give a user E2EE keys, as their client does when they set an E2EE password',
    login: 'login [@user]                      log a user in (adds a session token)',
    rooms: 'rooms                              every room: kind, encrypted, members, messages',
    users: 'users                              every user: roles, keys, tokens',
    inspect: 'inspect <#room|@user>              details of a room or a user',
    messages: 'messages [#room]                   the messages stored in a room (never their text or ciphertext)',
    audit: 'audit                              the audit records the app stored',
    told: 'told                               what you were told (private app answers, notices)',
    help: 'help                               this list',
    quit: 'quit                               save (with --data) and leave',
};

export function helpText(): string {
    return Object.values(USAGE).join('\n');
}

function invalid(command: string): Command {
    return { kind: 'invalid', message: `usage: ${USAGE[command] ?? command}` };
}

/** `#room`, `@user` or `@a,b,c`: a room reference (a bare room id also works where a room is expected). */
export function isRoomRef(word: string | undefined): boolean {
    return typeof word === 'string' && /^[#@]\S+$/.test(word);
}

/** Splits on whitespace; the rest of the line after `n` words is kept as typed (message texts). */
function words(line: string): { list: string[]; rest: (n: number) => string } {
    const list = line.trim().split(/\s+/).filter(Boolean);
    const rest = (n: number) => {
        let remaining = line.trim();
        for (let i = 0; i < n; i++) {
            remaining = remaining.replace(/^\S+\s*/, '');
        }
        return remaining;
    };
    return { list, rest };
}

function onOff(word: string | undefined): boolean | undefined {
    const w = word?.toLowerCase();
    if (w === 'on' || w === 'true' || w === 'yes') {
        return true;
    }
    if (w === 'off' || w === 'false' || w === 'no') {
        return false;
    }
    return undefined;
}

/** Parses one prompt line. */
export function parseCommand(line: string): Command {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#!')) {
        return { kind: 'empty' };
    }
    if (trimmed.startsWith('/')) {
        return trimmed.length > 1 ? { kind: 'slash', text: trimmed } : invalid('/e2e');
    }
    const { list, rest } = words(trimmed);
    const [head, a, b] = list;
    const name = head.toLowerCase();
    switch (name) {
        case 'help':
        case '?':
            return { kind: 'help' };
        case 'quit':
        case 'exit':
            return { kind: 'quit' };
        case 'as':
            return list.length === 2 ? { kind: 'as', user: a.replace(/^@/, '') } : invalid('as');
        case 'room':
            return list.length === 2 ? { kind: 'room', room: a } : invalid('room');
        case 'send':
        case 'post': {
            const path: MessagePath = name === 'send' ? 'sendMessage' : 'postMessage';
            if (isRoomRef(a)) {
                const text = rest(2);
                return text ? { kind: 'send', path, room: a, text } : invalid(name);
            }
            const text = rest(1);
            return text ? { kind: 'send', path, text } : invalid(name);
        }
        case 'send-encrypted': {
            const args = list.slice(1);
            const copy = args.includes('copy');
            const others = args.filter((w) => w !== 'copy');
            if (others.length > 1 || (others.length === 1 && !isRoomRef(others[0]))) {
                return invalid('send-encrypted');
            }
            return { kind: 'send-encrypted', room: others[0], searchableCopy: copy };
        }
        case 'edit': {
            const text = rest(2);
            return a && text ? { kind: 'edit', messageId: a, text } : invalid('edit');
        }
        case 'click':
            return list.length === 2 ? { kind: 'click', actionId: a.startsWith('e2e-') ? a : `e2e-${a}` } : invalid('click');
        case 'modals':
            return { kind: 'modals' };
        case 'submit':
        case 'close':
            return list.length <= 2 ? { kind: name, viewId: a } : invalid(name);
        case 'set':
        case 'server-set': {
            const value = rest(2);
            return a && list.length >= 3 ? { kind: 'set', scope: name === 'set' ? 'app' : 'server', id: a, value } : invalid(name);
        }
        case 'grant':
        case 'revoke':
            return list.length === 3 ? { kind: 'permission', grant: name === 'grant', permission: a, role: b } : invalid(name);
        case 'rooms':
        case 'users':
        case 'audit':
        case 'told':
            return { kind: name };
        case 'inspect':
            return list.length === 2 ? { kind: 'inspect', target: a } : invalid('inspect');
        case 'messages':
            return list.length <= 2 ? { kind: 'messages', room: a } : invalid('messages');
        case 'join':
            return list.length <= 2 ? { kind: 'join', room: a } : invalid('join');
        case 'room-encrypted': {
            const on = onOff(a);
            return on !== undefined && list.length <= 3 ? { kind: 'room-encrypted', on, room: b } : invalid('room-encrypted');
        }
        case 'create':
            return parseCreate(list.slice(1));
        case 'keys':
        case 'login':
            return list.length <= 2 ? { kind: name, user: a?.replace(/^@/, '') } : invalid(name);
        default:
            return { kind: 'invalid', message: `unknown command "${head}" (type help)` };
    }
}

function parseCreate(args: string[]): Command {
    const [kindWord, ...more] = args;
    const roomKind = CREATABLE_KINDS.find((k) => k === kindWord?.toLowerCase());
    if (!roomKind) {
        return invalid('create');
    }
    const encrypted = more.includes('encrypted');
    const rest = more.filter((w) => w !== 'encrypted');
    const members = rest.filter((w) => w.startsWith('@')).map((w) => w.slice(1)).filter(Boolean);
    const plain = rest.filter((w) => !w.startsWith('@'));
    if (roomKind === 'dm') {
        return members.length > 0 && plain.length === 0 ? { kind: 'create', roomKind, members, encrypted } : invalid('create');
    }
    if (roomKind === 'discussion') {
        const [name, parent, ...extra] = plain;
        return name && parent?.startsWith('#') && extra.length === 0
            ? { kind: 'create', roomKind, name: name.replace(/^#/, ''), parent, members, encrypted }
            : invalid('create');
    }
    const [name, ...extra] = plain;
    return name && extra.length === 0 ? { kind: 'create', roomKind, name: name.replace(/^#/, ''), members, encrypted } : invalid('create');
}

export type SettingType = 'boolean' | 'number' | 'string' | 'select';

/** The type of a setting as the engine or the server names it ('int', 'password', 'code' ...), reduced. */
export function settingTypeOf(declared: string | undefined, current: unknown): SettingType {
    switch (declared) {
        case 'boolean':
            return 'boolean';
        case 'int':
        case 'number':
            return 'number';
        case 'select':
            return 'select';
        case undefined:
            return typeof current === 'boolean' ? 'boolean' : typeof current === 'number' ? 'number' : 'string';
        default:
            return 'string';
    }
}

/** Turns what was typed into a setting value of the right type; `choices` are a select's keys. */
export function coerceSettingValue(type: SettingType, raw: string, choices: ReadonlyArray<string> = []): { ok: true; value: string | number | boolean } | { ok: false; error: string } {
    const value = raw.trim();
    switch (type) {
        case 'boolean': {
            const on = onOff(value);
            return on === undefined ? { ok: false, error: 'expected true or false (on/off)' } : { ok: true, value: on };
        }
        case 'number': {
            const n = Number(value);
            return value !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: 'expected a number' };
        }
        case 'select':
            return choices.length === 0 || choices.includes(value) ? { ok: true, value } : { ok: false, error: `expected one of: ${choices.join(', ')}` };
        default:
            // an empty value is typed as "" (clearing a text setting)
            return { ok: true, value: value === '""' || value === "''" ? '' : value };
    }
}
