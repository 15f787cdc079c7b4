// Bad input through the real runtime: hostile /e2e arguments, malformed and hostile messages and
// edits, random messages from a model (fast-check), and unusable setting values. Every time: no crash (the
// app keeps answering), a clear message, no state change, and no REST call the input could steer.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import type { RcMessage, RcRoom, RcUser, SendPath } from '../../workspace/Workspace';
import { buildCast } from '../harness/cast';
import type { Key } from '../harness/texts';
import { isText, say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { command, dialogIds, fingerprint, flushRefusals, label, mark, newResetDialogs, refusalCount, requestsSince, startHarness, toldSince, waitFor } from '../harness/workspace';
import { arrivingLabels, expectedStrip, expectedVerdict, isEncryptedAsStored, refusalKey, rocketChatRefuses, storedClaimsEncryption, V2 } from '../oracle/messages';
import { LeakScanner, report, scanAfterEachTest } from './support/leaks';
import { arbModelMessage } from './support/messages';

const scanner = new LeakScanner();
let h: Harness;
let owner: RcUser;
let member: RcUser;
let admin: RcUser;
let target: RcUser;
/** an encrypted private channel with a room key */
let vault: RcRoom;
/** an unencrypted private room */
let lobby: RcRoom;
const counts = { commands: 0, messages: 0, edits: 0, randomMessages: 0, settings: 0 };

beforeAll(async () => {
    h = await startHarness();
    scanner.register('service token', h.token);
    const cast = await buildCast(h.ws);
    ({ owner, member, admin } = cast.people);
    ({ target } = cast);
    scanner.register('login token', h.ws.loginToken(target));
    vault = cast.rooms.private;
    lobby = cast.rooms['private-team'];
    (h.ws.room(vault._id) as RcRoom).encrypted = true;
    h.ws.setRoomKeyId(vault);
    // The admin and the target are members of both rooms, as the owner and the member are.
    for (const room of [vault, lobby]) {
        await h.ws.addMember(room, admin, owner);
        await h.ws.addMember(room, target, owner);
    }
    await h.ws.settle();
}, 30000);

afterAll(async () => {
    report('bad input', counts);
    await h?.ws.stop();
});

/** The app still answers: `/e2e status` in the lobby tells the owner about it. */
async function expectServing(): Promise<void> {
    expect((await command(h.ws, owner, lobby, 'status')).split('\n')[0]).toBe(say('status_not_encrypted', { room: label(h.ws, lobby) }));
}

// ------------------------------------------------------------------------------------------ commands
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

/** Texts a refusal of bad arguments may use. */
const ARGUMENT_ANSWERS: Array<Key> = [
    'error_unknown_subcommand',
    'error_too_many_arguments',
    'error_invalid_target',
    'error_missing_user',
    'error_invalid_user',
    'error_invalid_limit',
    'room_not_found',
    'user_not_found',
    'direct_not_found',
    'reset_refused_unknown',
    'reset_refused_service_account',
    'reset_refused_bot',
    'reset_refused_federated',
    'not_allowed',
];

/** The same characters in their fullwidth forms (ｖａｕｌｔ), a look-alike of the name. */
const fullwidth = (name: string) => [...name].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

/** Hostile arguments around the names of a room (`vault`, another: `lobby`) and a user (`tina`) that exist. */
const hostileArguments = (vault: string, lobby: string, tina: string): Array<string> => [
    // unknown rooms and users
    'status #nowhere',
    'enable #nowhere',
    'disable #nowhere',
    'status @nobody',
    'enable @nobody',
    'reset-key @nobody',
    `enable @${tina}`, // no DM with them
    // very long text
    `status #${'a'.repeat(100_000)}`,
    `reset-key @${'b'.repeat(10_000)}`,
    'x'.repeat(1_000_000),
    `audit ${'9'.repeat(5_000)}`,
    // control characters
    `status #${vault}\u0000`,
    `enable #${vault}\u0007`,
    `status #${vault.slice(0, 2)}\u202e${vault.slice(2)}`,
    `reset-key @${tina}\u0000`,
    `reset-key @${tina.slice(0, 2)}\u200d${tina.slice(2)}`,
    'enable\u0000',
    '\u0000',
    '\u001b[31mstatus',
    `status #${vault}\r\nX-Injected: 1`,
    // Unicode look-alikes of existing names
    `status #${vault.replace('a', 'а')}`, // Cyrillic а
    `enable #${fullwidth(vault)}`,
    `reset-key @${tina.replace('e', 'е')}`, // Cyrillic е
    `reset-key @${tina.toUpperCase()}`,
    `reset-key @${fullwidth(tina)}`,
    'reset-key @svc\u200b',
    // path and query injection into REST URLs
    'status #../../users.resetE2EKey',
    'enable #..%2f..%2fusers.resetE2EKey',
    `enable #${vault}/../../api/v1/users.resetE2EKey`,
    `reset-key @${tina}?userId=svc`,
    'reset-key @../svc',
    `reset-key @${tina}#`,
    `reset-key @${tina}&userId=svc`,
    'reset-key @%00',
    'reset-key @{"userId":"svc"}',
    `status #${vault}?x=1`,
    `disable @${tina}/../../rooms.saveRoomSettings`,
    // the service account itself
    'reset-key @svc',
    // many arguments
    `status ${Array<string>(10_000).fill(`#${vault}`).join(' ')}`,
    `reset-key @${tina} @svc`,
    'audit 5 5',
    'audit -1',
    'audit 0',
    'audit 1e3',
    'audit 0x10',
    `enable #${vault} #${lobby}`,
    // odd sub-commands
    `reset_key @${tina}`,
    'enable-all',
    `status\t#${vault}`,
    'rm -rf /',
    "'; DROP TABLE rooms; --",
];

describe('hostile /e2e arguments', () => {
    it('answer a member and an admin clearly, change nothing, and never call the REST API with anything they carry', async () => {
        const problems: Array<string> = [];
        const hostile = hostileArguments(vault.name as string, lobby.name as string, target.username);
        let commands = 0;
        for (const args of hostile) {
            for (const [who, where] of [
                [member, vault],
                [admin, lobby],
            ] as const) {
                const before = fingerprint(h.ws);
                const known = dialogIds(h.ws, who);
                const since = mark(h.ws);
                await h.ws.runSlashCommand(who, where, `/e2e ${args}`);
                commands++;
                const told = toldSince(h.ws, since, who);
                const what = `${who.username}: /e2e ${JSON.stringify(args.slice(0, 60))}`;
                if (told.length !== 1 || told[0].trim() === '') {
                    problems.push(`${what}: told ${told.length} times`);
                    continue;
                }
                const first = told[0].split('\n')[0];
                if (!ARGUMENT_ANSWERS.some((key) => isText(key, first))) {
                    problems.push(`${what}: answered "${first}"`);
                }
                if (CONTROL.test(told[0]) || told[0].length > 3000) {
                    problems.push(`${what}: the answer echoes control characters or is ${told[0].length} long`);
                }
                const calls = requestsSince(h.ws, since);
                if (calls.some((c) => !/^GET (permissions\.listAll|me) /.test(c))) {
                    problems.push(`${what}: called ${calls.join(', ')}`);
                }
                if (fingerprint(h.ws) !== before) {
                    problems.push(`${what}: state changed`);
                }
                if (newResetDialogs(h.ws, who, known).length) {
                    problems.push(`${what}: a dialog opened`);
                }
            }
        }
        counts.commands += commands;
        expect(commands).toBe(2 * hostile.length);
        expect(problems).toEqual([]);
        await expectServing();
    }, 60000);
});

// ------------------------------------------------------------------------------------------ messages
const REFUSALS: Array<Key> = ['refused_plaintext', 'refused_malformed', 'refused_misplaced'];
const EDIT_REFUSALS: Array<Key> = ['refused_edit_plaintext', 'refused_edit_malformed', 'refused_edit_misplaced'];

interface SendResult {
    readonly stored?: RcMessage;
    readonly error?: string;
}

async function send(user: RcUser, room: RcRoom, message: Record<string, unknown>, path: SendPath): Promise<SendResult> {
    try {
        return { stored: await h.ws.sendMessage(user, room, message as never, { path }) };
    } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
    }
}

describe('malformed and hostile messages and edits', () => {
    const cases = (): Array<[string, Record<string, unknown>]> => {
        const text = scanner.marker('message text');
        const ct = scanner.ciphertext('ciphertext', 48);
        const iv = Buffer.alloc(12, 3).toString('base64');
        const v2 = { algorithm: V2, kid: 'abcdef123456', iv, ciphertext: ct };
        return [
            ['no fields at all', {}],
            ['a number as text', { msg: 42 }],
            ['null text', { msg: null }],
            ['an object as text', { msg: { text } }],
            ['an array as text', { msg: [text] }],
            ['plaintext', { msg: text }],
            ['e2e type, nothing else', { t: 'e2e' }],
            ['e2e type with plaintext', { t: 'e2e', msg: text }],
            ['e2e type with a string as content', { t: 'e2e', msg: '', content: text }],
            ['e2e type with an array as content', { t: 'e2e', msg: '', content: [v2] }],
            ['e2e type with null content and plaintext', { t: 'e2e', msg: text, content: null }],
            ['e2e type with only an algorithm', { t: 'e2e', msg: '', content: { algorithm: V2 } }],
            ['e2e type with a numeric ciphertext', { t: 'e2e', msg: '', content: { ...v2, ciphertext: 12345 } }],
            ['e2e type with an object ciphertext', { t: 'e2e', msg: '', content: { ...v2, ciphertext: { text } } }],
            ['e2e type with whitespace in the ciphertext', { t: 'e2e', msg: '', content: { ...v2, ciphertext: `${ct.slice(0, 10)} ${ct.slice(11)}` } }],
            ['e2e type with plaintext beside valid content', { t: 'e2e', msg: text, content: v2 }],
            ['e2e type with v1 garbage in the text', { t: 'e2e', msg: `abcdef123456!!!!${text}` }],
            ['upper-case E2E type', { t: 'E2E', msg: '', content: v2 }],
            ['valid content without the type', { msg: '', content: v2 }],
            ['a system type carrying plaintext', { t: 'uj', msg: text }],
            ['a made-up type carrying plaintext', { t: 'x-plain', msg: text }],
            ['a 6 MB ciphertext', { t: 'e2e', msg: '', content: { ...v2, ciphertext: Buffer.alloc(4_500_000, 1).toString('base64') } }],
            ['1 MB of plaintext', { msg: `${text} ${'z'.repeat(1_000_000)}` }],
            ['valid ciphertext', { t: 'e2e', e2e: 'pending', msg: '', content: v2 }],
            ['valid ciphertext with its copy in the text', { t: 'e2e', e2e: 'pending', msg: ct, content: v2 }],
        ];
    };

    it('never store plaintext in an encrypted room nor ciphertext in an unencrypted one, tell the sender, and keep serving', async () => {
        const problems: Array<string> = [];
        let refusedByApp = 0;
        await flushRefusals(h, vault);
        const auditBefore = refusalCount(h.ws, { action: 'message-refused' });
        for (const path of ['sendMessage', 'executeSendMessage', 'postMessage', 'webhook'] as const) {
            for (const [name, message] of cases()) {
                for (const room of [vault, lobby]) {
                    const before = fingerprint(h.ws);
                    const result = await send(member, room, message, path);
                    counts.messages++;
                    const what = `${name} via ${path} into ${room.name}`;
                    if (result.stored) {
                        if (room === vault && !isEncryptedAsStored(result.stored)) {
                            problems.push(`${what}: stored readable content in an encrypted room`);
                        }
                        if (room === lobby && storedClaimsEncryption(result.stored)) {
                            problems.push(`${what}: stored ciphertext in an unencrypted room`);
                        }
                        if (Boolean(h.ws.room(room._id)?.encrypted) !== (room === vault)) {
                            problems.push(`${what}: the room changed`);
                        }
                    } else if (result.error !== undefined) {
                        if (REFUSALS.some((key) => isText(key, result.error as string))) {
                            refusedByApp++;
                        } else if (!/\[[\w-]+\]|Cannot send system messages/.test(result.error)) {
                            problems.push(`${what}: failed with "${result.error.slice(0, 120)}"`);
                        }
                    }
                    if (fingerprint(h.ws) !== before) {
                        problems.push(`${what}: state changed`);
                    }
                }
            }
        }
        expect(problems).toEqual([]);
        expect(refusedByApp).toBeGreaterThan(30);
        // Every refusal is counted once in the trail (written without making the sender wait).
        await flushRefusals(h, vault);
        await waitFor(() => refusalCount(h.ws, { action: 'message-refused' }) === auditBefore + refusedByApp);
        await expectServing();
    }, 60000);

    it('refuse edits that would put plaintext or garbage into an encrypted message, and keep the original', async () => {
        const ct = scanner.ciphertext('ciphertext', 48);
        const iv = Buffer.alloc(12, 5).toString('base64');
        const original = await h.ws.sendEncrypted(member, vault, ct);
        expect(original).toBeDefined();
        const id = (original as RcMessage)._id;
        const text = scanner.marker('edit text');
        const edits: Array<[string, { text?: unknown; content?: unknown }]> = [
            ['plaintext', { text }],
            ['a huge plaintext', { text: `${text}${'y'.repeat(1_000_000)}` }],
            ['a string as content', { content: text }],
            ['an array as content', { content: [] }],
            ['content with plaintext as ciphertext', { content: { algorithm: V2, kid: 'abcdef123456', iv, ciphertext: text } }],
            ['content of another algorithm', { content: { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: ct } }],
            ['content with a short iv', { content: { algorithm: V2, kid: 'abcdef123456', iv: 'AAAA', ciphertext: ct } }],
        ];
        const problems: Array<string> = [];
        for (const [name, edit] of edits) {
            const before = JSON.stringify(h.ws.server.model.messageById(id));
            let error = '';
            try {
                await h.ws.editMessage(member, id, edit as never);
            } catch (e) {
                error = e instanceof Error ? e.message : String(e);
            }
            counts.edits++;
            if (!EDIT_REFUSALS.some((key) => isText(key, error))) {
                problems.push(`${name}: ${error ? `failed with "${error.slice(0, 100)}"` : 'accepted'}`);
            }
            if (JSON.stringify(h.ws.server.model.messageById(id)) !== before) {
                problems.push(`${name}: the message changed`);
            }
        }
        // A well-formed new ciphertext is a normal edit.
        const next = { algorithm: V2, kid: 'abcdef123456', iv, ciphertext: scanner.ciphertext('ciphertext', 48) };
        await h.ws.editMessage(member, id, { content: next });
        counts.edits++;
        expect((h.ws.server.model.messageById(id) as RcMessage).content).toEqual(next);
        expect(problems).toEqual([]);
        await expectServing();
    }, 30000);
});

// ------------------------------------------------------------------------------------------ random messages
describe('random messages from a model, through the real runtime', () => {
    it('never crash the guard, never let plaintext into an encrypted room, never refuse what the rules allow', async () => {
        let seq = 0;
        const marker = () => {
            seq++;
            return scanner.marker(`random text ${seq}`);
        };
        const problems: Array<string> = [];
        let refused = 0;
        await flushRefusals(h, vault);
        const auditBefore = refusalCount(h.ws, { action: 'message-refused' });
        await fc.assert(
            fc.asyncProperty(arbModelMessage(marker), fc.constantFrom<SendPath>('sendMessage', 'executeSendMessage', 'postMessage', 'webhook'), fc.boolean(), async (m, path, encrypted) => {
                const room = encrypted ? vault : lobby;
                if (m.content && typeof m.content === 'object' && ((m.content as { ciphertext?: unknown }).ciphertext as string)?.length >= 16) {
                    scanner.register('ciphertext', (m.content as { ciphertext: string }).ciphertext);
                }
                if (typeof m.msg === 'string' && m.msg.length >= 8) {
                    scanner.register('message text', m.msg);
                }
                const message: Record<string, unknown> = {};
                for (const key of ['t', 'msg', 'content'] as const) {
                    if (m[key] !== undefined) {
                        message[key] = m[key];
                    }
                }
                const result = await send(member, room, message, path);
                counts.randomMessages++;
                const labels = arrivingLabels(m.labels, m.msg, path);
                const rcRefuses = rocketChatRefuses(labels, path, encrypted);
                const verdict = expectedVerdict(labels, encrypted, { blockPlaintext: true, blockMisplacedCiphertext: true });
                const what = `${JSON.stringify(m.labels)} via ${path} into ${room.name}`;
                if (rcRefuses) {
                    if (result.stored || result.error === undefined) {
                        problems.push(`${what}: Rocket.Chat's own check did not refuse`);
                    }
                } else if (verdict === 'allow') {
                    if (!result.stored) {
                        problems.push(`${what}: wrongly refused (${result.error ?? 'dropped'})`);
                    } else if (expectedStrip(labels, true) !== (result.stored.msg === '' && typeof m.msg === 'string' && m.msg !== '')) {
                        problems.push(`${what}: the searchable copy was ${result.stored.msg === '' ? 'dropped' : 'kept'}`);
                    }
                } else {
                    refused++;
                    if (result.stored || !isText(refusalKey(verdict), result.error ?? '')) {
                        problems.push(`${what}: expected ${verdict}, got ${result.stored ? 'stored' : result.error}`);
                    }
                }
                if (result.stored && encrypted && !isEncryptedAsStored(result.stored)) {
                    problems.push(`${what}: readable content stored in an encrypted room`);
                }
            }),
            { numRuns: 150, seed: 6006 },
        );
        expect(problems).toEqual([]);
        await flushRefusals(h, vault);
        await waitFor(() => refusalCount(h.ws, { action: 'message-refused' }) === auditBefore + refused);
        await expectServing();
    }, 60000);
});

// ------------------------------------------------------------------------------------------ settings
describe('unusable setting values', () => {
    const BAD: Array<[string, Array<unknown>, boolean]> = [
        // [setting, values, whether the app reports it as unusable]
        // the lobby is a private team: its own policy, so the toggle below must be refused
        ['policy_private_team', ['sometimes', 42, true, {}, [], 'REQUIRED', ' required ', 'required\u0000', ''], true],
        ['request_timeout_seconds', [-1, 0, 61, 'abc', 1e9, Number.NaN, 2.5, '5; rm -rf /'], true],
        ['audit_retention_days', [-5, 0, 'forever', 1e12, {}], true],
        ['block_plaintext', ['false', 0, 'no', {}], true],
        ['block_misplaced_ciphertext', ['false', 1], true],
        ['service_token', ['tok en', 'tok\r\nX-Evil: 1', 'x'.repeat(600), 42], true],
        ['service_user_id', ['svc\r\nX-Evil: 1', {}], true],
        ['workspace_url', ['javascript:alert(1)', 'file:///etc/passwd', 'http://user:pass@127.0.0.1:1', 'ftp://example.org', 'http://127.0.0.1/api?x=1', 'http://127.0.0.1/#frag', 42], true],
        // Printable values the app cannot tell from real ones: they fail at the workspace, not in the app.
        ['service_user_id', ['../../users.resetE2EKey', 'nobody'], false],
        ['workspace_url', ['http://[::1', 'http://127.0.0.1:1'], false],
    ];

    it('keep the app answering, name the unusable setting to admins, keep the guards on, and change nothing', async () => {
        const problems: Array<string> = [];
        for (const [id, values, reported] of BAD) {
            const good = h.ws.getAppSetting(id);
            for (const value of values) {
                await h.ws.setAppSetting(id, value);
                counts.settings++;
                const what = `${id} = ${JSON.stringify(value)?.slice(0, 40)}`;
                const before = fingerprint(h.ws);
                const since = mark(h.ws);
                await h.ws.runSlashCommand(admin, lobby, '/e2e status');
                await h.ws.runSlashCommand(owner, lobby, '/e2e enable');
                const toAdmin = toldSince(h.ws, since, admin);
                const lines = toAdmin[0]?.split('\n') ?? [];
                if (toAdmin.length !== 1 || lines[0] !== say('status_not_encrypted', { room: label(h.ws, lobby) })) {
                    problems.push(`${what}: status answered ${JSON.stringify(toAdmin)}`);
                } else if (reported && !lines.some((line) => isText('status_invalid_settings', line)) && !toAdmin[0].includes(id)) {
                    problems.push(`${what}: status does not name the setting`);
                }
                const toOwner = toldSince(h.ws, since, owner);
                if (toOwner.length !== 1) {
                    problems.push(`${what}: enable answered ${toOwner.length} times`);
                } else if (id.startsWith('policy_') && toOwner[0] !== say('toggle_policy_unusable', { kind: say('kind_private_team') })) {
                    // an unusable policy never falls back to a permissive one: the toggle is refused
                    problems.push(`${what}: enable answered ${JSON.stringify(toOwner[0])}`);
                }
                // The only change allowed is the one the owner asked for, under the default that replaces the bad value.
                const changed = fingerprint(h.ws) !== before;
                if (changed && !(h.ws.room(lobby._id)?.encrypted && isText('toggle_enabled', toOwner[0] ?? ''))) {
                    problems.push(`${what}: state changed without a reported change`);
                }
                if (requestsSince(h.ws, since).some((r) => !/^(GET (permissions\.listAll|me)|POST rooms\.saveRoomSettings) /.test(r))) {
                    problems.push(`${what}: called ${requestsSince(h.ws, since).join(', ')}`);
                }
                // Whatever the value, plaintext never gets into the encrypted room.
                const result = await send(member, vault, { msg: scanner.marker('message text') }, 'postMessage');
                if (result.stored) {
                    problems.push(`${what}: plaintext stored in the encrypted room`);
                }
                (h.ws.room(lobby._id) as RcRoom).encrypted = false;
            }
            await h.ws.setAppSetting(id, good);
        }
        expect(problems).toEqual([]);
        await expectServing();
    }, 60000);

});

scanAfterEachTest(() => h?.ws, scanner);
