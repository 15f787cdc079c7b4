// Who may see a room through the app, in the real runtime: a public channel of a private team is hidden from
// everyone outside the team (whatever view-c-room says) but shown to the channel's own subscribers; a public team's
// channel asks view-c-room; a subscription needs view-joined-room or view-<t>-room; discussions follow their parent.
// The answer to a hidden room is the answer to a room that does not exist.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { expectedStatus } from '../harness/answers';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { command, forgetPermissions, routesSince, mark, START_TIMEOUT, startHarness } from '../harness/workspace';

let h: Harness;
let owner: RcUser;
let teammate: RcUser;
let outsider: RcUser;
let guest: RcUser;
let lobby: RcRoom;
let teamNews: RcRoom;
let townNews: RcRoom;

beforeAll(async () => {
    h = await startHarness();
    const { ws } = h;
    owner = ws.createUser({ username: 'owner' });
    teammate = ws.createUser({ username: 'teammate' });
    outsider = ws.createUser({ username: 'outsider' });
    guest = ws.createUser({ username: 'guest', roles: ['guest'] });
    lobby = await ws.createRoom('private', { name: 'lobby', owner, members: [teammate, outsider, guest] });
    const core = await ws.createRoom('private-team', { name: 'core', owner, members: [teammate] });
    teamNews = await ws.createRoom('team-room', { name: 'core-news', owner, parent: core, type: 'c', members: [guest] });
    const town = await ws.createRoom('public-team', { name: 'town', owner, members: [guest] });
    townNews = await ws.createRoom('team-room', { name: 'town-news', owner, parent: town, type: 'c' });
    await ws.settle();
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

const status = (who: RcUser, room: RcRoom) => command(h.ws, who, lobby, `status #${room.name}`);
const hidden = (room: RcRoom) => say('room_not_found', { name: room.name as string });
const shown = (who: RcUser, room: RcRoom) => expectedStatus(h.ws, room, who).split('\n')[0];

describe('a public channel of a private team', () => {
    it('is hidden from someone outside the team, although they hold view-c-room', async () => {
        expect(h.ws.hasPermission(outsider, 'view-c-room')).toBe(true);
        expect(await status(outsider, teamNews)).toBe(hidden(teamNews));
    });

    it('is shown to a team member who is not in the channel, and to a subscriber who is not in the team', async () => {
        expect((await status(teammate, teamNews)).split('\n')[0]).toBe(shown(teammate, teamNews));
        expect((await status(guest, teamNews)).split('\n')[0]).toBe(shown(guest, teamNews));
    });

    it('asks the workspace for the team once, as the service account', async () => {
        const since = mark(h.ws);
        await status(teammate, teamNews);
        expect(routesSince(h.ws, since).filter((r) => r.startsWith('GET teams.info'))).toEqual(['GET teams.info']);
    });
});

describe('a public channel of a public team', () => {
    it('asks view-c-room: shown to a user, hidden from a guest even inside the team', async () => {
        expect((await status(outsider, townNews)).split('\n')[0]).toBe(shown(outsider, townNews));
        expect(await status(guest, townNews)).toBe(hidden(townNews));
    });
});

describe('a subscription', () => {
    it('counts only with view-joined-room or view-<t>-room', async () => {
        const { ws } = h;
        expect((await command(ws, teammate, lobby, 'status')).split('\n')[0]).toBe(shown(teammate, lobby));
        ws.revokePermission('view-p-room', 'user');
        await forgetPermissions(ws);
        try {
            expect(await command(ws, teammate, lobby, 'status')).toBe(say('room_not_found', { name: lobby._id }));
            // the guest keeps it through view-joined-room
            expect((await command(ws, guest, lobby, 'status')).split('\n')[0]).toBe(shown(guest, lobby));
        } finally {
            ws.grantPermission('view-p-room', 'user');
            await forgetPermissions(ws);
        }
    });
});
