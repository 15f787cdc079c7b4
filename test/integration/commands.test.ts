// `/e2e help|status|enable|disable [#room | @user]` in the real Apps-Engine runtime, for every room kind and every
// kind of user, with the workspace's resulting state (room flags, REST calls, audit records) checked.
import fs from 'fs';
import path from 'path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcUser } from '../../workspace/Workspace';
import type { Harness, Lang, Stage } from './harness';
import { buildStage, command, expectedStatus, forceEncrypted, isEncrypted, label, restCalls, ROOM_KINDS, say, START_TIMEOUT, startHarness, statusEnableDisable, USER_KINDS } from './harness';

let h: Harness;
let stage: Stage;

beforeAll(async () => {
    h = await startHarness();
    stage = await buildStage(h.ws);
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

const HELP = ['help_header', 'help_status', 'help_enable', 'help_disable', 'help_buttons'] as const;
const help = (admin: boolean) => [...HELP, ...(admin ? (['help_reset_key', 'help_audit'] as const) : [])].map((k) => say(k)).join('\n');

describe('the packaged app (issue 2 smoke test)', () => {
    it('is installed and enabled with exactly the permissions app.json declares, and /e2e status answers', async () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'app.json'), 'utf8')) as { id: string; permissions: Array<{ name: string }> };
        const { ws } = h;
        expect(ws.appId).toBe(manifest.id);
        expect(await ws.isAppEnabled()).toBe(true);
        expect(ws.app?.permissionsGranted.map((p) => p.name).sort()).toEqual(manifest.permissions.map((p) => p.name).sort());
        expect(ws.registeredCommands()).toEqual(['e2e']);
        const room = stage.rooms.private;
        forceEncrypted(ws, room, false);
        expect(await command(ws, stage.cast.admin, room, 'status')).toBe(expectedStatus(ws, 'private', room, 'admin'));
    });
});

describe('/e2e help', () => {
    it.each([
        ['help', 'member', false],
        ['', 'member', false],
        ['HELP', 'guest', false],
        ['help', 'admin', true],
        ['', 'admin', true],
    ] as const)('"/e2e %s" as %s lists the commands (key administration only for admins)', async (words, who, admin) => {
        const before = h.ws.rest.requests.length;
        expect(await command(h.ws, stage.cast[who], stage.rooms.private, words)).toBe(help(admin));
        // whether key administration is listed comes from the live table (permissions.listAll, cached briefly)
        expect(restCalls(h.ws, before).every((c) => c === 'GET permissions.listAll')).toBe(true);
    });

    it('answers an unknown sub-command with the error and the help', async () => {
        expect(await command(h.ws, stage.cast.member, stage.rooms.private, 'frobnicate')).toBe(`${say('error_unknown_subcommand')}\n${help(false)}`);
    });

    it('tells a deactivated user only that their account is deactivated', async () => {
        expect(await command(h.ws, stage.cast.inactive, stage.rooms.private, 'help')).toBe(say('not_allowed_inactive'));
    });
});

describe.each(ROOM_KINDS)('/e2e status, enable, disable in a %s', (kind) => {
    it.each(USER_KINDS)('as %s', async (who) => {
        await statusEnableDisable(h.ws, stage, kind, who, 'command');
    });
});

describe('/e2e with a #room target', () => {
    it('shows a named room to a member running the command elsewhere', async () => {
        const { ws } = h;
        const vault = stage.rooms.private;
        forceEncrypted(ws, vault, true);
        expect(await command(ws, stage.cast.member, stage.rooms.public, 'status #vault')).toBe(expectedStatus(ws, 'private', vault, 'member'));
        expect(await command(ws, stage.cast.member, stage.rooms.public, 'status vault')).toBe(expectedStatus(ws, 'private', vault, 'member'));
    });

    it('enables and disables a named room for its owner from another room', async () => {
        const { ws } = h;
        const team = stage.rooms['private-team'];
        forceEncrypted(ws, team, false);
        expect(await command(ws, stage.cast.owner, stage.rooms.public, 'enable #crew')).toBe(say('toggle_enabled', { room: '#crew' }));
        expect(isEncrypted(ws, team)).toBe(true);
        expect(await command(ws, stage.cast.owner, stage.rooms.public, 'enable #crew')).toBe(say('toggle_already_enabled', { room: '#crew' }));
        expect(await command(ws, stage.cast.owner, stage.rooms.public, 'disable #crew')).toBe(say('toggle_disabled', { room: '#crew' }));
        expect(isEncrypted(ws, team)).toBe(false);
        expect(await command(ws, stage.cast.owner, stage.rooms.public, 'disable #crew')).toBe(say('toggle_already_disabled', { room: '#crew' }));
    });

    it('answers a private room the person cannot see exactly like a room that does not exist', async () => {
        const { ws } = h;
        const vault = stage.rooms.private;
        forceEncrypted(ws, vault, false);
        const before = ws.rest.requests.length;
        expect(await command(ws, stage.cast.outsider, stage.rooms.public, 'enable #vault')).toBe(say('room_not_found', { name: 'vault' }));
        expect(await command(ws, stage.cast.outsider, stage.rooms.public, 'enable #no-such-room')).toBe(say('room_not_found', { name: 'no-such-room' }));
        expect(restCalls(ws, before)).not.toContain('POST rooms.saveRoomSettings');
        expect(isEncrypted(ws, vault)).toBe(false);
    });

    it('shows a public room to a non-member, and refuses to encrypt it', async () => {
        const { ws } = h;
        const lobby = stage.rooms.public;
        expect(await command(ws, stage.cast.outsider, stage.rooms['public-team'], 'status #lobby')).toBe(expectedStatus(ws, 'public', lobby, 'outsider'));
        expect(await command(ws, stage.cast.owner, stage.rooms.private, 'enable #lobby')).toBe(say('toggle_unsupported', { kind: say('kind_public_channel') }));
        expect(isEncrypted(ws, lobby)).toBe(false);
    });

    it('lets an administrator who is not a member see and change a private room (view-room-administration, edit-room)', async () => {
        const { ws } = h;
        const root = ws.createUser({ username: 'root', roles: ['admin', 'user'] });
        const vault = stage.rooms.private;
        forceEncrypted(ws, vault, false);
        expect(await command(ws, root, stage.rooms.public, 'enable #vault')).toBe(say('toggle_enabled', { room: '#vault' }));
        expect(isEncrypted(ws, vault)).toBe(true);
        // a non-admin without the permission is not shown the room, whatever the table said a moment ago
        ws.grantPermission('view-room-administration', 'user');
        await ws.setAppSetting('audit_retention_days', 91); // any setting change drops the cached table
        expect(await command(ws, stage.cast.outsider, stage.rooms.public, 'status #vault')).toBe(expectedStatus(ws, 'private', vault, 'member'));
        ws.revokePermission('view-room-administration', 'user');
        await ws.setAppSetting('audit_retention_days', 90);
        expect(await command(ws, stage.cast.outsider, stage.rooms.public, 'status #vault')).toBe(say('room_not_found', { name: 'vault' }));
    });
});

describe('a direct message the person is not in', () => {
    it('an administrator may change it (edit-room); someone who may only look is refused', async () => {
        const { ws } = h;
        const dm = stage.roomFor('dm', 'owner');
        const root = ws.createUser({ username: 'root2', roles: ['admin', 'user'] });
        forceEncrypted(ws, dm, false);
        expect(await command(ws, root, dm, 'enable')).toBe(say('toggle_enabled', { room: label(ws, dm) }));
        expect(isEncrypted(ws, dm)).toBe(true);
        ws.grantPermission('view-room-administration', 'user');
        await ws.setAppSetting('audit_retention_days', 91); // any setting change drops the cached table
        try {
            expect(await command(ws, stage.cast.outsider, dm, 'disable')).toBe(say('toggle_not_allowed', { room: label(ws, dm), permissions: 'edit-room' }));
            expect(isEncrypted(ws, dm)).toBe(true);
        } finally {
            ws.revokePermission('view-room-administration', 'user');
            await ws.setAppSetting('audit_retention_days', 90);
        }
        expect(await command(ws, stage.cast.outsider, dm, 'disable')).toBe(say('room_not_found', { name: dm._id }));
    });
});

describe('/e2e with an @user target', () => {
    it('acts on the direct message between the caller and that user', async () => {
        const { ws } = h;
        const dm = stage.roomFor('dm', 'member');
        forceEncrypted(ws, dm, false);
        const partner = `@${stage.cast.partner.username}`;
        expect(await command(ws, stage.cast.member, stage.rooms.private, `status ${partner}`)).toBe(expectedStatus(ws, 'dm', dm, 'member'));
        expect(await command(ws, stage.cast.member, stage.rooms.private, `enable ${partner}`)).toBe(say('toggle_enabled', { room: label(ws, dm) }));
        expect(isEncrypted(ws, dm)).toBe(true);
        // the partner reaches the same DM from their side
        expect(await command(ws, stage.cast.partner, stage.rooms.public, `disable @${stage.cast.member.username}`)).toBe(say('toggle_disabled', { room: label(ws, dm) }));
        expect(isEncrypted(ws, dm)).toBe(false);
    });

    it('tells apart an unknown user and a user without a direct message with the caller', async () => {
        const { ws } = h;
        expect(await command(ws, stage.cast.member, stage.rooms.private, 'enable @nobody-here')).toBe(say('user_not_found', { username: 'nobody-here' }));
        expect(await command(ws, stage.cast.member, stage.rooms.private, `enable @${stage.cast.outsider.username}`)).toBe(
            say('direct_not_found', { username: stage.cast.outsider.username }),
        );
    });
});

describe('/e2e argument errors', () => {
    it.each([
        ['status #vault extra', 'error_too_many_arguments', 'help_status'],
        ['enable #no/good', 'error_invalid_target', 'help_enable'],
        ['disable @', 'error_invalid_target', 'help_disable'],
        ['reset-key', 'error_missing_user', 'help_reset_key'],
        ['audit many', 'error_invalid_limit', 'help_audit'],
    ] as const)('"/e2e %s" explains the error and the usage', async (words, error, usage) => {
        const before = h.ws.rest.requests.length;
        expect(await command(h.ws, stage.cast.member, stage.rooms.private, words)).toBe(`${say(error)}\n${say(usage)}`);
        expect(restCalls(h.ws, before)).toEqual([]);
    });
});

describe('answers in the person’s language', () => {
    it.each(['de', 'es', 'fr', 'pt-BR'] as const)('%s: /e2e status', async (lang: Lang) => {
        const { ws } = h;
        const person: RcUser = ws.createUser({ username: `speaker-${lang.toLowerCase()}`, language: lang });
        const vault = stage.rooms.private;
        forceEncrypted(ws, vault, false);
        await ws.addMember(vault, person, stage.cast.owner);
        expect(await command(ws, person, vault, 'status')).toBe(expectedStatus(ws, 'private', vault, 'member', { lang }));
    });

    it('uses the workspace language for someone without a preference', async () => {
        const { ws } = h;
        ws.setServerSetting('Language', 'fr');
        try {
            expect(await command(ws, stage.cast.member, stage.rooms.private, 'frobnicate')).toBe(
                [say('error_unknown_subcommand', {}, 'fr'), ...HELP.map((k) => say(k, {}, 'fr'))].join('\n'),
            );
        } finally {
            ws.setServerSetting('Language', 'en');
        }
    });
});
