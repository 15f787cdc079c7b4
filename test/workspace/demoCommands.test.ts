// The `npm start` prompt's pure parts: command parsing, setting values, CLI options, labels, the change report,
// the fake ciphertext and the error classification. No engine here.
import fs from 'fs';
import os from 'os';
import path from 'path';

import { describe, expect, it } from '@jest/globals';

import { contentFormat } from '../../src/policy/ciphertext';
import { coerceSettingValue, parseCommand, settingTypeOf } from '../../workspace/demo/commands';
import type { Snapshot } from '../../workspace/demo/effects';
import { describeChanges, describeMessageForm, messageState } from '../../workspace/demo/effects';
import { findMessageId, findRoom, roomLabel } from '../../workspace/demo/labels';
import { parseCliArgs } from '../../workspace/demo/options';
import { packagingReason } from '../../workspace/demo/packaging';
import { completions } from '../../workspace/demo/prompt';
import { classifyError, fakeCiphertext } from '../../workspace/demo/session';
import { Model } from '../../workspace/rocketchat/Model';
import { MeteorError } from '../../workspace/rocketchat/rules';
import type { RcMessage, RcRoom } from '../../workspace/rocketchat/types';

describe('parseCommand', () => {
    it.each([
        ['', { kind: 'empty' }],
        ['   ', { kind: 'empty' }],
        ['help', { kind: 'help' }],
        ['quit', { kind: 'quit' }],
        ['exit', { kind: 'quit' }],
        ['as @bob', { kind: 'as', user: 'bob' }],
        ['as bob', { kind: 'as', user: 'bob' }],
        ['room #secret', { kind: 'room', room: '#secret' }],
        ['room @bob', { kind: 'room', room: '@bob' }],
        ['send #secret hello   there', { kind: 'send', path: 'sendMessage', room: '#secret', text: 'hello   there' }],
        ['send hello there', { kind: 'send', path: 'sendMessage', text: 'hello there' }],
        ['post @alice,bob hi', { kind: 'send', path: 'postMessage', room: '@alice,bob', text: 'hi' }],
        ['send-encrypted', { kind: 'send-encrypted', searchableCopy: false }],
        ['send-encrypted #secret', { kind: 'send-encrypted', room: '#secret', searchableCopy: false }],
        ['send-encrypted copy #secret', { kind: 'send-encrypted', room: '#secret', searchableCopy: true }],
        ['edit abcd new text here', { kind: 'edit', messageId: 'abcd', text: 'new text here' }],
        ['/e2e status #secret', { kind: 'slash', text: '/e2e status #secret' }],
        ['click status', { kind: 'click', actionId: 'e2e-status' }],
        ['click e2e-enable', { kind: 'click', actionId: 'e2e-enable' }],
        ['modals', { kind: 'modals' }],
        ['submit', { kind: 'submit', viewId: undefined }],
        ['close e2ee-reset-1', { kind: 'close', viewId: 'e2ee-reset-1' }],
        ['set policy_direct required', { kind: 'set', scope: 'app', id: 'policy_direct', value: 'required' }],
        ['server-set Site_Name My workspace', { kind: 'set', scope: 'server', id: 'Site_Name', value: 'My workspace' }],
        ['grant toggle-room-e2e-encryption moderator', { kind: 'permission', grant: true, permission: 'toggle-room-e2e-encryption', role: 'moderator' }],
        ['revoke edit-room owner', { kind: 'permission', grant: false, permission: 'edit-room', role: 'owner' }],
        ['rooms', { kind: 'rooms' }],
        ['users', { kind: 'users' }],
        ['audit', { kind: 'audit' }],
        ['told', { kind: 'told' }],
        ['inspect @bob', { kind: 'inspect', target: '@bob' }],
        ['messages', { kind: 'messages', room: undefined }],
        ['messages #secret', { kind: 'messages', room: '#secret' }],
        ['join #general', { kind: 'join', room: '#general' }],
        ['room-encrypted off', { kind: 'room-encrypted', on: false, room: undefined }],
        ['room-encrypted on #secret', { kind: 'room-encrypted', on: true, room: '#secret' }],
        ['create private ops @bob @carol encrypted', { kind: 'create', roomKind: 'private', name: 'ops', members: ['bob', 'carol'], encrypted: true }],
        ['create discussion plans #secret @bob', { kind: 'create', roomKind: 'discussion', name: 'plans', parent: '#secret', members: ['bob'], encrypted: false }],
        ['create dm @bob @carol', { kind: 'create', roomKind: 'dm', members: ['bob', 'carol'], encrypted: false }],
        ['keys @bob', { kind: 'keys', user: 'bob' }],
        ['login', { kind: 'login', user: undefined }],
    ])('%j', (line, expected) => {
        expect(parseCommand(line)).toEqual(expected);
    });

    it.each([
        'as',
        'as bob carol',
        'send',
        'send #secret',
        'post',
        'edit abcd',
        'send-encrypted hello',
        'set policy_direct',
        'grant edit-room',
        'room-encrypted maybe',
        'create',
        'create room x',
        'create discussion plans',
        'create dm bob',
        'inspect',
        '/',
    ])('refuses %j with its usage', (line) => {
        const parsed = parseCommand(line);
        expect(parsed.kind).toBe('invalid');
        expect(parsed.kind === 'invalid' && parsed.message).toMatch(/^usage: /);
    });

    it('names an unknown command', () => {
        expect(parseCommand('frobnicate now')).toEqual({ kind: 'invalid', message: 'unknown command "frobnicate" (type help)' });
    });
});

describe('setting values', () => {
    it('reduces declared types', () => {
        expect(settingTypeOf('boolean', undefined)).toBe('boolean');
        expect(settingTypeOf('int', undefined)).toBe('number');
        expect(settingTypeOf('number', undefined)).toBe('number');
        expect(settingTypeOf('select', undefined)).toBe('select');
        expect(settingTypeOf('password', undefined)).toBe('string');
        expect(settingTypeOf(undefined, true)).toBe('boolean');
        expect(settingTypeOf(undefined, 3)).toBe('number');
    });

    it('coerces what was typed', () => {
        expect(coerceSettingValue('boolean', 'off')).toEqual({ ok: true, value: false });
        expect(coerceSettingValue('boolean', 'TRUE')).toEqual({ ok: true, value: true });
        expect(coerceSettingValue('boolean', 'maybe').ok).toBe(false);
        expect(coerceSettingValue('number', '30')).toEqual({ ok: true, value: 30 });
        expect(coerceSettingValue('number', 'ten').ok).toBe(false);
        expect(coerceSettingValue('select', 'required', ['optional', 'required'])).toEqual({ ok: true, value: 'required' });
        expect(coerceSettingValue('select', 'always', ['optional', 'required'])).toEqual({ ok: false, error: 'expected one of: optional, required' });
        expect(coerceSettingValue('string', '""')).toEqual({ ok: true, value: '' });
        expect(coerceSettingValue('string', ' http://localhost:3000 ')).toEqual({ ok: true, value: 'http://localhost:3000' });
    });
});

describe('parseCliArgs', () => {
    it('reads the options', () => {
        expect(parseCliArgs(['--data', 'state.json', '--port=3100', '--no-tour', '--prompt', '--zip', 'x.zip', '--repackage'])).toEqual({
            dataPath: 'state.json',
            port: 3100,
            zipPath: 'x.zip',
            tour: false,
            prompt: true,
            repackage: true,
            help: false,
            errors: [],
        });
        expect(parseCliArgs([])).toEqual({ port: 0, tour: true, prompt: false, repackage: false, help: false, errors: [] });
    });

    it('reports mistakes', () => {
        expect(parseCliArgs(['--data']).errors).toEqual(['--data needs a file path']);
        expect(parseCliArgs(['--port', 'abc']).errors).toEqual(['--port needs a port number']);
        expect(parseCliArgs(['--colour']).errors).toEqual(['unknown option --colour']);
    });
});

describe('packagingReason', () => {
    it('asks for a package when there is none or a source is newer', () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-pkg-'));
        const zip = path.join(root, 'dist', 'app.zip');
        expect(packagingReason(root, zip)).toBe('dist/app.zip does not exist');
        fs.mkdirSync(path.join(root, 'src', 'lib'), { recursive: true });
        fs.writeFileSync(path.join(root, 'src', 'lib', 'a.ts'), '');
        fs.writeFileSync(path.join(root, 'app.json'), '{}');
        fs.mkdirSync(path.dirname(zip));
        fs.writeFileSync(zip, '');
        const later = new Date(Date.now() + 60000);
        fs.utimesSync(zip, later, later);
        expect(packagingReason(root, zip)).toBeUndefined();
        const evenLater = new Date(Date.now() + 120000);
        fs.utimesSync(path.join(root, 'src', 'lib', 'a.ts'), evenLater, evenLater);
        expect(packagingReason(root, zip)).toBe('changed since it was packaged: src');
    });
});

describe('labels', () => {
    const model = new Model();
    const room = (extra: Partial<RcRoom>): RcRoom => {
        const r = { _id: extra._id ?? `r${model.rooms.size}`, t: 'p', usersCount: 0, msgs: 0, ts: '', _updatedAt: '', ...extra } as RcRoom;
        model.rooms.set(r._id, r);
        return r;
    };
    const secret = room({ name: 'secret' });
    const discussion = room({ name: 'Xk2random', fname: 'plans', prid: secret._id });
    const dm = room({ t: 'd', usernames: ['bob', 'alice'], uids: ['b', 'a'], usersCount: 2 });
    const groupDm = room({ t: 'd', usernames: ['carol', 'alice', 'bob'], uids: ['c', 'a', 'b'], usersCount: 3 });

    it('names rooms', () => {
        expect(roomLabel(secret)).toBe('#secret');
        expect(roomLabel(discussion)).toBe('#plans');
        expect(roomLabel(dm)).toBe('@alice,bob');
        expect(roomLabel(groupDm)).toBe('@alice,bob,carol');
    });

    it('finds rooms from what was typed', () => {
        const alice = { _id: 'a', username: 'alice' } as never;
        expect(findRoom(model, '#secret')).toBe(secret);
        expect(findRoom(model, '#plans')).toBe(discussion);
        expect(findRoom(model, '@bob', alice)).toBe(dm);
        expect(findRoom(model, '@alice,bob,carol', alice)).toBe(groupDm);
        expect(findRoom(model, secret._id)).toBe(secret);
        expect(findRoom(model, '#nowhere')).toBeUndefined();
    });

    it('finds messages by an unambiguous id prefix', () => {
        const ids = ['AbCdEf1', 'AbCdXy2', 'Zz99'];
        expect(findMessageId(ids, 'Zz99')).toEqual({ id: 'Zz99' });
        expect(findMessageId(ids, 'AbCdE')).toEqual({ id: 'AbCdEf1' });
        expect(findMessageId(ids, 'AbCd')).toEqual({ error: '2 messages start with AbCd' });
        expect(findMessageId(ids, 'Ab')).toEqual({ error: 'give at least 4 characters of the message id' });
        expect(findMessageId(ids, 'Nope')).toEqual({ error: 'no message Nope' });
    });
});

describe('describeChanges', () => {
    const empty = (): Snapshot => ({ rooms: {}, messages: {}, users: {}, audit: {}, appSettings: {}, serverSettings: {}, permissions: {}, restCalls: 0 });
    const roomState = { label: '#secret', kind: 'private channel', keyId: false, waitingForKeys: [] as string[], members: ['alice', 'bob'] };
    const userState = { username: 'bob', hasKeys: true, roomKeys: 1, sessionTokens: 1, personalAccessTokens: 1, active: true, roles: ['user'] };

    it('says nothing when nothing changed', () => {
        expect(describeChanges(empty(), empty())).toEqual([]);
    });

    it('reports the effects the app has, without any secret value', () => {
        const before = empty();
        before.rooms.r1 = { ...roomState, encrypted: false };
        before.users.u1 = userState;
        before.appSettings = { policy_direct: 'optional', service_token: 'secret-token-value' };
        before.permissions = { 'edit-room': ['admin', 'owner'] };
        const after = empty();
        after.rooms.r1 = { ...roomState, encrypted: true, keyId: true, waitingForKeys: ['bob'], members: ['alice', 'bob', 'dave'] };
        after.users.u1 = { ...userState, hasKeys: false, roomKeys: 0, sessionTokens: 0, personalAccessTokens: 0 };
        after.appSettings = { policy_direct: 'required', service_token: 'another-token-value' };
        after.permissions = { 'edit-room': ['admin', 'owner', 'moderator'] };
        after.messages.m1 = { rid: 'r1', sender: 'bob', form: 'ciphertext', type: 'e2e', textLength: 0, contentAlgorithm: 'rc.v2.aes-sha2', contentLength: 44 };
        after.audit.a1 = { at: '2026-01-01T00:00:00.000Z', action: 'enable', outcome: 'done', actorUsername: 'alice', roomName: '#secret' };
        const lines = describeChanges(before, after, [{ method: 'POST', path: '/api/v1/rooms.saveRoomSettings', userId: 'u1', status: 200 }]);
        expect(lines).toEqual([
            'app setting policy_direct: optional → required',
            'app setting service_token changed (value hidden)',
            'permission edit-room: [admin, owner] → [admin, owner, moderator]',
            '#secret: encrypted no → yes',
            '#secret: room key created (e2eKeyId set)',
            '#secret: @dave is now a member',
            '#secret: @bob queued to receive the room key (usersWaitingForE2EKeys)',
            '#secret: stored message m1 from @bob: encrypted message: rc.v2.aes-sha2 ciphertext (44 chars), searchable text empty',
            '@bob: E2EE key pair removed from the server',
            '@bob: room keys held 1 → 0',
            '@bob: login tokens 1 → 0, personal access tokens 1 → 0',
            'audit record added: enable · done · by @alice · #secret',
            'REST POST /api/v1/rooms.saveRoomSettings by @bob → HTTP 200',
        ]);
        expect(lines.join('\n')).not.toMatch(/token-value/);
    });

    it('describes messages by their form only', () => {
        const base = { _id: 'm', rid: 'r', ts: '', _updatedAt: '', u: { _id: 'u', username: 'bob' } };
        const plain = messageState({ ...base, msg: 'a private thought' } as RcMessage);
        expect(describeMessageForm(plain)).toBe('plain text (17 chars)');
        const system = messageState({ ...base, msg: 'e2ee-service', t: 'room_e2e_enabled' } as RcMessage);
        expect(describeMessageForm(system)).toBe('system message room_e2e_enabled (e2ee-service)');
        const content = fakeCiphertext();
        const encrypted = messageState({ ...base, msg: content.ciphertext, t: 'e2e', content } as RcMessage);
        const described = describeMessageForm(encrypted);
        expect(described).toBe(`encrypted message: rc.v2.aes-sha2 ciphertext (${content.ciphertext.length} chars), searchable text ${content.ciphertext.length} chars`);
        expect(described).not.toContain(content.ciphertext);
    });
});

describe('fakeCiphertext', () => {
    it('is well-formed rc.v2 content by the app\'s own detector', () => {
        for (let i = 0; i < 20; i++) {
            expect(contentFormat(fakeCiphertext())).toBe('v2');
        }
        expect(contentFormat(fakeCiphertext('0123456789ab', 0))).toBe('v2');
    });
});

describe('classifyError', () => {
    it('tells the app\'s refusals from Rocket.Chat\'s own', () => {
        const appError = Object.assign(new Error('Your message was not sent'), { name: 'AppsEngineException' });
        expect(classifyError(appError)).toEqual({ by: 'app', text: 'Your message was not sent' });
        expect(classifyError(new MeteorError('error-app-prevented', 'The room was not created'))).toEqual({ by: 'app', text: 'The room was not created' });
        expect(classifyError(new MeteorError('error-not-allowed', 'Not allowed'))).toEqual({ by: 'rocketchat', text: 'Not allowed [error-not-allowed]' });
        expect(classifyError(new Error('error-not-allowed'))).toEqual({ by: 'rocketchat', text: 'error-not-allowed' });
        expect(classifyError(new Error('No open modal x'))).toEqual({ by: 'error', text: 'No open modal x' });
    });
});

describe('completions', () => {
    const names = { rooms: ['#secret', '#general', '@alice,bob'], users: ['alice', 'bob'] };
    it('completes commands, rooms, users and sub-commands', () => {
        expect(completions('sen', names)[0]).toEqual(['send', 'send-encrypted']);
        expect(completions('room #se', names)).toEqual([['#secret'], '#se']);
        expect(completions('inspect @a', names)[0]).toEqual(['@alice', '@alice,bob']);
        expect(completions('/e2e re', names)[0]).toEqual(['reset-key']);
        expect(completions('click e2e-d', names)[0]).toEqual(['e2e-disable']);
    });
});
