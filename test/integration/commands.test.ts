// `/e2e help|status|enable|disable [#room | @user]` in the real Apps-Engine runtime, for every room kind and every
// kind of user, with the workspace's resulting state (room flags, REST calls, audit records) checked.
import fs from 'fs';
import path from 'path';

import { describe, expect, it } from '@jest/globals';

import type { RcUser } from '../../workspace/Workspace';
import { expectedStatus } from '../harness/answers';
import type { Lang } from '../harness/texts';
import { say } from '../harness/texts';
import { command, forceEncrypted, forgetPermissions, isEncrypted, label, mark, routesSince } from '../harness/workspace';
import { statusEnableDisable, TABLE_PEOPLE, TABLE_ROOMS, useTableWorkspace } from './statusEnableDisable';

const table = useTableWorkspace();

const HELP = ['help_header', 'help_status', 'help_enable', 'help_disable', 'help_buttons'] as const;
const help = (admin: boolean) => [...HELP, ...(admin ? (['help_reset_key', 'help_audit', 'help_report', 'help_enforce'] as const) : [])].map((k) => say(k)).join('\n');

describe('the packaged app', () => {
    it('is installed and enabled with exactly the permissions app.json declares, and /e2e status answers', async () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'app.json'), 'utf8')) as { id: string; permissions: Array<{ name: string }> };
        const { ws } = table;
        expect(ws.appId).toBe(manifest.id);
        expect(await ws.isAppEnabled()).toBe(true);
        expect(ws.app?.permissionsGranted.map((p) => p.name).sort()).toEqual(manifest.permissions.map((p) => p.name).sort());
        expect(ws.registeredCommands()).toEqual(['e2e']);
        const room = table.cast.rooms.private;
        forceEncrypted(ws, room, false);
        expect(await command(ws, table.cast.people.admin, room, 'status')).toBe(expectedStatus(ws, room, table.cast.people.admin));
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
        const since = mark(table.ws);
        expect(await command(table.ws, table.cast.people[who], table.cast.rooms.private, words)).toBe(help(admin));
        // whether key administration is listed comes from the live table (permissions.listAll, cached briefly)
        expect(routesSince(table.ws, since).every((c) => c === 'GET permissions.listAll')).toBe(true);
    });

    it('answers an unknown sub-command with the error and the help', async () => {
        expect(await command(table.ws, table.cast.people.member, table.cast.rooms.private, 'frobnicate')).toBe(`${say('error_unknown_subcommand')}\n${help(false)}`);
    });

    it('tells a deactivated user only that their account is deactivated', async () => {
        expect(await command(table.ws, table.cast.people.deactivated, table.cast.rooms.private, 'help')).toBe(say('not_allowed_inactive'));
    });
});

describe.each(TABLE_ROOMS)('/e2e status, enable, disable in a %s', (kind) => {
    it.each(TABLE_PEOPLE)('as %s', async (who) => {
        await statusEnableDisable(table.ws, table.cast, kind, who, 'command');
    });
});

describe('/e2e with a #room target', () => {
    it('shows a named room to a member running the command elsewhere', async () => {
        const { ws } = table;
        const room = table.cast.rooms.private;
        forceEncrypted(ws, room, true);
        const member = table.cast.people.member;
        expect(await command(ws, member, table.cast.rooms.public, `status #${room.name}`)).toBe(expectedStatus(ws, room, member));
        expect(await command(ws, member, table.cast.rooms.public, `status ${room.name}`)).toBe(expectedStatus(ws, room, member));
    });

    it('enables and disables a named room for its owner from another room', async () => {
        const { ws } = table;
        const team = table.cast.rooms['private-team'];
        const owner = table.cast.people.owner;
        const target = `#${team.name}`;
        forceEncrypted(ws, team, false);
        expect(await command(ws, owner, table.cast.rooms.public, `enable ${target}`)).toBe(say('toggle_enabled', { room: target }));
        expect(isEncrypted(ws, team)).toBe(true);
        expect(await command(ws, owner, table.cast.rooms.public, `enable ${target}`)).toBe(say('toggle_already_enabled', { room: target }));
        expect(await command(ws, owner, table.cast.rooms.public, `disable ${target}`)).toBe(say('toggle_disabled', { room: target }));
        expect(isEncrypted(ws, team)).toBe(false);
        expect(await command(ws, owner, table.cast.rooms.public, `disable ${target}`)).toBe(say('toggle_already_disabled', { room: target }));
    });

    it('answers a private room the person cannot see exactly like a room that does not exist', async () => {
        const { ws } = table;
        const room = table.cast.rooms.private;
        forceEncrypted(ws, room, false);
        const since = mark(ws);
        const outsider = table.cast.people.outsider;
        expect(await command(ws, outsider, table.cast.rooms.public, `enable #${room.name}`)).toBe(say('room_not_found', { name: room.name as string }));
        expect(await command(ws, outsider, table.cast.rooms.public, 'enable #no-such-room')).toBe(say('room_not_found', { name: 'no-such-room' }));
        expect(routesSince(ws, since)).not.toContain('POST rooms.saveRoomSettings');
        expect(isEncrypted(ws, room)).toBe(false);
    });

    it('shows a public room to a non-member, and refuses to encrypt it', async () => {
        const { ws } = table;
        const lobby = table.cast.rooms.public;
        expect(await command(ws, table.cast.people.outsider, table.cast.rooms['public-team'], `status #${lobby.name}`)).toBe(expectedStatus(ws, lobby, table.cast.people.outsider));
        expect(await command(ws, table.cast.people.owner, table.cast.rooms.private, `enable #${lobby.name}`)).toBe(say('toggle_unsupported', { kind: say('kind_public_channel') }));
        expect(isEncrypted(ws, lobby)).toBe(false);
    });

    it('lets an administrator who is not a member see and change a private room (view-room-administration, edit-room)', async () => {
        const { ws } = table;
        const admin = table.cast.people.admin;
        const room = table.cast.rooms.private;
        expect(ws.subscription(room, admin)).toBeUndefined();
        forceEncrypted(ws, room, false);
        expect(await command(ws, admin, table.cast.rooms.public, `enable #${room.name}`)).toBe(say('toggle_enabled', { room: label(ws, room) }));
        expect(isEncrypted(ws, room)).toBe(true);
        // a non-admin without the permission is not shown the room, whatever the table said a moment ago
        const outsider = table.cast.people.outsider;
        ws.grantPermission('view-room-administration', 'user');
        try {
            await forgetPermissions(ws);
            expect(await command(ws, outsider, table.cast.rooms.public, `status #${room.name}`)).toBe(expectedStatus(ws, room, outsider));
        } finally {
            ws.revokePermission('view-room-administration', 'user');
            await forgetPermissions(ws);
        }
        expect(await command(ws, outsider, table.cast.rooms.public, `status #${room.name}`)).toBe(say('room_not_found', { name: room.name as string }));
    });
});

describe('a direct message the person is not in', () => {
    it('an administrator may change it (edit-room); someone who may only look is refused', async () => {
        const { ws } = table;
        const dm = table.cast.roomFor('dm', 'owner');
        const admin = table.cast.people.admin;
        const outsider = table.cast.people.outsider;
        forceEncrypted(ws, dm, false);
        expect(await command(ws, admin, dm, 'enable')).toBe(say('toggle_enabled', { room: label(ws, dm) }));
        expect(isEncrypted(ws, dm)).toBe(true);
        ws.grantPermission('view-room-administration', 'user');
        try {
            await forgetPermissions(ws);
            expect(await command(ws, outsider, dm, 'disable')).toBe(say('toggle_not_allowed', { room: label(ws, dm), permissions: 'edit-room' }));
            expect(isEncrypted(ws, dm)).toBe(true);
        } finally {
            ws.revokePermission('view-room-administration', 'user');
            await forgetPermissions(ws);
        }
        expect(await command(ws, outsider, dm, 'disable')).toBe(say('room_not_found', { name: dm._id }));
    });
});

describe('/e2e with an @user target', () => {
    it('acts on the direct message between the caller and that user', async () => {
        const { ws } = table;
        const member = table.cast.people.member;
        const partner = table.cast.partner;
        const dm = table.cast.roomFor('dm', 'member');
        forceEncrypted(ws, dm, false);
        expect(await command(ws, member, table.cast.rooms.private, `status @${partner.username}`)).toBe(expectedStatus(ws, dm, member));
        expect(await command(ws, member, table.cast.rooms.private, `enable @${partner.username}`)).toBe(say('toggle_enabled', { room: label(ws, dm) }));
        expect(isEncrypted(ws, dm)).toBe(true);
        // the partner reaches the same DM from their side
        expect(await command(ws, partner, table.cast.rooms.public, `disable @${member.username}`)).toBe(say('toggle_disabled', { room: label(ws, dm) }));
        expect(isEncrypted(ws, dm)).toBe(false);
    });

    it('tells apart an unknown user and a user without a direct message with the caller', async () => {
        const { ws } = table;
        const member = table.cast.people.member;
        const outsider = table.cast.people.outsider;
        expect(await command(ws, member, table.cast.rooms.private, 'enable @nobody-here')).toBe(say('user_not_found', { username: 'nobody-here' }));
        expect(await command(ws, member, table.cast.rooms.private, `enable @${outsider.username}`)).toBe(say('direct_not_found', { username: outsider.username }));
    });
});

describe('/e2e with the caller as the @user target', () => {
    it('names only the caller’s own self-DM, never one of their DMs with someone else', async () => {
        const { ws } = table;
        const member = table.cast.people.member;
        const me = `@${member.username}`;
        // the member has DMs with the owner and the partner, but no self-DM yet
        expect(await command(ws, member, table.cast.rooms.private, `status ${me}`)).toBe(say('direct_not_found', { username: member.username }));
        expect(await command(ws, member, table.cast.rooms.private, `enable ${me}`)).toBe(say('direct_not_found', { username: member.username }));
        const selfDm = await ws.createRoom('dm', { owner: member });
        await ws.settle();
        expect(ws.room(selfDm._id)?.usernames).toEqual([member.username]);
        forceEncrypted(ws, selfDm, false);
        expect(await command(ws, member, table.cast.rooms.private, `status ${me}`)).toBe(expectedStatus(ws, selfDm, member));
    });
});

describe('a policy setting holding an unusable value', () => {
    it('refuses toggles of that kind either way (fail closed), and tells administrators in /e2e status', async () => {
        const { ws } = table;
        const { owner, admin } = table.cast.people;
        const room = table.cast.rooms.private;
        forceEncrypted(ws, room, false);
        await ws.setAppSetting('policy_private_channel', 'sometimes');
        try {
            const since = mark(ws);
            const refused = say('toggle_policy_unusable', { kind: say('kind_private_channel') });
            expect(await command(ws, owner, room, 'enable')).toBe(refused);
            forceEncrypted(ws, room, true);
            expect(await command(ws, owner, room, 'disable')).toBe(refused);
            expect(isEncrypted(ws, room)).toBe(true);
            expect(routesSince(ws, since)).not.toContain('POST rooms.saveRoomSettings');
            expect((await command(ws, owner, room, 'status')).split('\n')[2]).toBe(say('status_policy_unusable'));
            expect((await command(ws, admin, room, 'status')).split('\n')).toContain(say('status_unusable_policies', { settings: 'policy_private_channel' }));
            // the other kinds keep their policy
            const team = table.cast.rooms['private-team'];
            forceEncrypted(ws, team, false);
            expect(await command(ws, owner, team, 'enable')).toBe(say('toggle_enabled', { room: label(ws, team) }));
        } finally {
            await ws.setAppSetting('policy_private_channel', 'optional');
            forceEncrypted(ws, room, false);
            forceEncrypted(ws, table.cast.rooms['private-team'], false);
        }
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
        const since = mark(table.ws);
        expect(await command(table.ws, table.cast.people.member, table.cast.rooms.private, words)).toBe(`${say(error)}\n${say(usage)}`);
        expect(routesSince(table.ws, since)).toEqual([]);
    });
});

describe('answers in the person’s language', () => {
    it.each(['de', 'es', 'fr', 'pt-BR'] as const)('%s: /e2e status', async (lang: Lang) => {
        const { ws } = table;
        const person: RcUser = ws.createUser({ username: `speaker-${lang.toLowerCase()}`, language: lang });
        const room = table.cast.rooms.private;
        forceEncrypted(ws, room, false);
        await ws.addMember(room, person, table.cast.people.owner);
        expect(await command(ws, person, room, 'status')).toBe(expectedStatus(ws, room, person, { lang }));
    });

    it('uses the workspace language for someone without a preference', async () => {
        const { ws } = table;
        ws.setServerSetting('Language', 'fr');
        try {
            expect(await command(ws, table.cast.people.member, table.cast.rooms.private, 'frobnicate')).toBe(
                [say('error_unknown_subcommand', {}, 'fr'), ...HELP.map((k) => say(k, {}, 'fr'))].join('\n'),
            );
        } finally {
            ws.setServerSetting('Language', 'en');
        }
    });
});
