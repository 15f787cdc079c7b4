import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { E2eCommand } from '../../src/commands/E2eCommand';
import type { FakeOptions } from './fakes';
import { Fake, room, user } from './fakes';

/**
 * A small workspace for command tests: an admin, an owner, a moderator, a member and an
 * outsider; a private channel, a public channel, a private team, a discussion and a DM.
 */
export function scenario(options: FakeOptions = {}) {
    const fake = new Fake(options);
    const admin = fake.addUser(user('admin', { roles: ['admin', 'user'] }));
    const owner = fake.addUser(user('owner'));
    const moderator = fake.addUser(user('moderator'));
    const member = fake.addUser(user('member', { settings: { preferences: { language: 'de' } } }));
    const outsider = fake.addUser(user('outsider'));
    fake.addUser(user('svc', { roles: ['admin', 'user'] }));
    const secret = fake.addRoom(room('secret', 'p'), [owner, moderator, member], { owner: ['owner'], moderator: ['moderator'] });
    const general = fake.addRoom(room('general', 'c'), [owner, member]);
    const team = fake.addRoom(room('team', 'p', { isTeamMain: true }), [owner, member], { owner: ['owner'] });
    const thread = fake.addRoom(room('thread', 'p', { parentRoom: secret }), [owner, member], { owner: ['owner'] });
    const dm = fake.addRoom(room('dm-owner-member', 'd', { userIds: ['owner', 'member'] }), [owner, member]);
    return { fake, admin, owner, moderator, member, outsider, secret, general, team, thread, dm };
}

/** Runs `/e2e <words>` as `who` in `where`, and returns what `who` was told. */
export async function run(fake: Fake, who: IUser, where: IRoom, words: string, triggerId = 'trigger-1'): Promise<string> {
    const before = fake.told(who.id).length;
    const command = new E2eCommand(await fake.services());
    const args = words.split(' ').filter(Boolean);
    await command.executor(new SlashCommandContext(who, where, args, undefined, triggerId), fake.read, fake.modify, fake.http, fake.persis);
    return fake.told(who.id).slice(before).join('\n---\n');
}

/** The REST calls made, as `METHOD path body`. */
export function calls(fake: Fake): Array<string> {
    return fake.requests.map((r) => `${r.method.toUpperCase()} ${r.url.replace('http://rc.test', '')}${r.data === undefined ? '' : ` ${JSON.stringify(r.data)}`}`);
}
