// The report and enforcement when the administrator did not grant the app `room.system.view-all` at install: the room
// reader then answers undefined (the engine only logs), and the app says what to grant instead of reporting nothing.
import fs from 'fs';
import path from 'path';

import { afterAll, beforeAll, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { command, START_TIMEOUT, startHarness, waitForRunEnd } from '../harness/workspace';

let h: Harness;
let chief: RcUser;
let ops: RcRoom;

beforeAll(async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'app.json'), 'utf8')) as { permissions: Array<{ name: string }> };
    h = await startHarness({ permissionsGranted: manifest.permissions.filter((p) => p.name !== 'room.system.view-all') });
    chief = h.ws.createUser({ username: 'chief', roles: ['admin', 'user'] });
    ops = await h.ws.createRoom('private', { name: 'ops', owner: chief });
    h.ws.seedRoomKinds({ prefix: 'np', rooms: { private: 5 } });
    await h.ws.setAppSetting('policy_private_channel', 'required');
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

it('the report stops and names the permission to grant', async () => {
    const told = (await command(h.ws, chief, ops, 'report')).split('\n');
    expect(told[told.length - 1]).toBe(say('report_incomplete', { reason: say('run_stopped_cannot_list_rooms') }));
    expect((await waitForRunEnd(h.ws, 'report')).stopReason).toBe('cannot-list-rooms');
});

it('enforcement is not started, and says which permission to grant', async () => {
    const { ws } = h;
    const told = await command(ws, chief, ops, 'enforce private-channel');
    expect(told).toBe(say('enforce_not_started', { reason: say('run_stopped_cannot_list_rooms') }));
    expect(ws.openModals(chief)).toEqual([]);
});
