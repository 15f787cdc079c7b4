// The demo organisation `npm start` creates in a fresh workspace: an administrator, members, a bot, the app's
// service account, and a room of every kind the app distinguishes.
import fs from 'fs';
import path from 'path';

import type { RcRoom, RcUser, Workspace } from '../Workspace';
import { SECRET_SETTINGS } from './effects';
import { roomKind, roomLabel } from './labels';
import type { Output } from './terminal';

export const SERVICE_USERNAME = 'e2ee-service';
/** Name of the service account's personal access token (its value is never printed or saved). */
export const SERVICE_TOKEN_NAME = 'e2ee-policy-app';

export interface Organisation {
    admin: RcUser;
    alice: RcUser;
    bob: RcUser;
    carol: RcUser;
    dave: RcUser;
    bot: RcUser;
    service: RcUser;
    rooms: {
        dm: RcRoom;
        groupDm: RcRoom;
        secret: RcRoom;
        general: RcRoom;
        leadership: RcRoom;
        community: RcRoom;
        secretDiscussion: RcRoom;
        generalDiscussion: RcRoom;
        livechat: RcRoom;
    };
}

/**
 * The app's service account as an administrator sets it up: a user with the admin role, a personal access token
 * created with "Ignore two factor authentication", and the app settings service_user_id / service_token. Also
 * used after loading a saved state, which keeps no plain token: the old token is dropped and a new one issued.
 */
export async function configureServiceAccount(ws: Workspace): Promise<RcUser> {
    const service =
        ws.server.model.userByUsername(SERVICE_USERNAME) ??
        ws.createUser({ username: SERVICE_USERNAME, name: 'E2EE policy service account', roles: ['admin', 'user'] });
    const tokens = service.services?.resume?.loginTokens;
    if (tokens) {
        service.services = { ...service.services, resume: { loginTokens: tokens.filter((t) => !(t.type === 'personalAccessToken' && t.name === SERVICE_TOKEN_NAME)) } };
    }
    const { userId, token } = ws.createPersonalAccessToken(service, SERVICE_TOKEN_NAME, { bypassTwoFactor: true });
    await ws.setAppSetting('service_user_id', userId);
    await ws.setAppSetting('service_token', token);
    return service;
}

/** Creates the demo organisation in a fresh workspace and says what it did. */
export async function createOrganisation(ws: Workspace, out: Output = () => undefined): Promise<Organisation> {
    ws.setServerSetting('E2E_Enable', true);
    const admin = ws.admin;
    const alice = ws.createUser({ username: 'alice', name: 'Alice Owner' });
    const bob = ws.createUser({ username: 'bob', name: 'Bob Member' });
    const carol = ws.createUser({ username: 'carol', name: 'Carol Mitglied', language: 'de' });
    const dave = ws.createUser({ username: 'dave', name: 'Dave Newcomer' });
    const bot = ws.createUser({ username: 'deploy-bot', name: 'Deploy Bot', type: 'bot' });
    // People who set an E2EE password have a key pair on the server; bob is logged in and has a script token.
    for (const u of [alice, bob, carol, dave]) {
        ws.setUserE2EKeys(u);
    }
    ws.loginToken(bob);
    ws.createPersonalAccessToken(bob, 'bob-laptop-script');

    const rooms: Organisation['rooms'] = {
        dm: await ws.createRoom('dm', { owner: alice, members: [bob] }),
        groupDm: await ws.createRoom('group-dm', { owner: alice, members: [bob, carol] }),
        secret: await ws.createRoom('private', { name: 'secret', owner: alice, members: [bob, carol, bot] }),
        general: await ws.createRoom('public', { name: 'general', owner: admin, members: [alice, bob, carol, dave, bot] }),
        leadership: await ws.createRoom('private-team', { name: 'leadership', owner: alice, members: [bob] }),
        community: await ws.createRoom('public-team', { name: 'community', owner: alice, members: [bob, carol] }),
        secretDiscussion: undefined as unknown as RcRoom,
        generalDiscussion: undefined as unknown as RcRoom,
        livechat: await ws.createRoom('livechat', { name: 'livechat-vera', owner: alice }),
    };
    rooms.secretDiscussion = await ws.createRoom('discussion', { name: 'secret-budget', owner: alice, parent: rooms.secret, members: [bob] });
    rooms.generalDiscussion = await ws.createRoom('discussion', { name: 'general-ideas', owner: alice, parent: rooms.general, members: [bob] });
    const service = await configureServiceAccount(ws);
    await ws.settle();

    out('Demo organisation:');
    out(`  @admin         administrator (password "admin", local test account)`);
    out(`  @alice         owns most rooms`);
    out(`  @bob           member; logged in, with a personal access token for a script`);
    out(`  @carol         member; her language is German`);
    out(`  @dave          member of #general only, joins later`);
    out(`  @deploy-bot    a bot (posts through chat.postMessage)`);
    out(`  @${SERVICE_USERNAME}  the app's service account: admin role, a personal access token that ignores 2FA,`);
    out(`                 set in the app settings service_user_id / service_token (the token is never shown)`);
    out('  alice, bob, carol and dave have set an E2EE password (their key pairs are on the server).');
    out('Rooms (every kind):');
    const model = ws.server.model;
    for (const room of Object.values(rooms)) {
        const live = ws.room(room._id) ?? room;
        const members = model.subscriptionsByRoom(live._id).map((s) => '@' + s.u.username);
        out(`  ${roomLabel(live).padEnd(18)} ${roomKind(model, live).padEnd(34)} ${members.join(' ')}`);
    }
    out('Workspace setting E2E_Enable is on; every app policy is "optional".');
    return { admin, alice, bob, carol, dave, bot, service, rooms };
}

/**
 * Saves the workspace to `file` as Workspace.saveState does, but without the service account's plain token
 * (a loaded state gets a new one from configureServiceAccount).
 */
export function saveDemoState(ws: Workspace, file: string): void {
    const state = ws.state();
    for (const id of SECRET_SETTINGS) {
        if (id in state.appSettings) {
            state.appSettings[id] = '';
        }
    }
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
}
