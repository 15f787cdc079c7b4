// `/e2e enforce` against a rate-limited workspace, in the real runtime: Rocket.Chat's REST rate limiter answers 429
// without Retry-After (X-RateLimit-Reset instead); the run waits as told, never hammers, and switches every room once.
import { afterAll, beforeAll, expect, it } from '@jest/globals';

import type { ModalView, RcRoom, RcUser } from '../../workspace/Workspace';
import { isText, say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { mark, START_TIMEOUT, startHarness, toldSince, waitForRunEnd } from '../harness/workspace';

let h: Harness;
let chief: RcUser;
let ops: RcRoom;

const LIMIT = 4;
const WINDOW_MS = 1500;

beforeAll(async () => {
    h = await startHarness({ rateLimiter: true });
    const { ws } = h;
    // the service account is an admin, and admins bypass the limiter by default: take that away
    ws.revokePermission('api-bypass-rate-limit', 'admin');
    ws.setServerSetting('API_Enable_Rate_Limiter_Limit_Calls_Default', LIMIT);
    ws.setServerSetting('API_Enable_Rate_Limiter_Limit_Time_Default', WINDOW_MS);
    chief = ws.createUser({ username: 'chief', roles: ['admin', 'user'] });
    ops = await ws.createRoom('private', { name: 'ops', owner: chief });
    await ws.setAppSetting('enforcement_rate', 50);
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

it('waits as the workspace tells it after a 429, never hammers, and switches every room once', async () => {
    const { ws } = h;
    ws.seedRoomKinds({ prefix: 'rl', rooms: { private: { count: 14 } } });
    await ws.setAppSetting('policy_private_channel', 'required');
    const targets = [...ws.server.model.rooms.values()].filter((r) => r.t === 'p' && !r.prid && !r.teamMain && !r.encrypted);
    await ws.runSlashCommand(chief, ops, '/e2e enforce private-channel');
    const modal = ws.openModals(chief).find((m) => m.id.startsWith('e2ee-enforce-')) as ModalView;
    const since = mark(ws);
    ws.rest.rateLimiter.reset();
    await ws.submitModal(chief, modal.id, {});
    await waitForRunEnd(ws, 'enforce', 60000);

    expect(targets.filter((r) => !ws.room(r._id)?.encrypted)).toEqual([]);
    expect(targets.map((r) => ws.messages(r).filter((m) => m.t === 'room_e2e_enabled').length)).toEqual(targets.map(() => 1));
    const calls = ws.rest.requests.slice(since.requests).filter((r) => r.path.endsWith('rooms.saveRoomSettings'));
    const limited = calls.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((r) => r.rateLimited === true)).toBe(true);
    // each window lets LIMIT calls through and refuses one at most: after a 429 the app waits for the window to reset
    for (const refusal of limited) {
        const next = calls[calls.indexOf(refusal) + 1];
        expect(next.status).toBe(200);
        expect(Date.parse(next.at) - Date.parse(refusal.at)).toBeGreaterThanOrEqual(900);
    }
    expect(calls.filter((r) => r.status === 200)).toHaveLength(targets.length);
    expect(limited.length).toBeLessThanOrEqual(Math.ceil(targets.length / LIMIT));
    const told = toldSince(ws, since, chief);
    expect(told[told.length - 1]).toBe(
        [say('enforce_done', { switched: targets.length, failed: 0, left: 0 }), say('enforce_rate_limited', { count: limited.length })].join('\n'),
    );
    expect(told.slice(1, -1).every((line) => isText('enforce_progress', line))).toBe(true);
}, 90000);
