// `/e2e enforce` across a dying process, in the real runtime: the app's Deno child killed in the middle of a slice,
// and the whole server stopped mid-run and started again from its saved state (jobs included, as Agenda keeps them
// in the database). The run continues from its last checkpoint and never switches a room twice.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { ModalView, RcRoom, RcUser, Workspace } from '../../workspace/Workspace';
import { isText } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditSince, mark, runState, START_TIMEOUT, startHarness, toldSince, waitFor, waitForRunEnd } from '../harness/workspace';

let h: Harness;
/** the workspace running now (a restart starts a new one) */
let current: Workspace | undefined;
let chief: RcUser;
let ops: RcRoom;
let serial = 0;

beforeAll(async () => {
    h = await startHarness();
    const { ws } = h;
    chief = ws.createUser({ username: 'chief', roles: ['admin', 'user'] });
    ops = await ws.createRoom('private', { name: 'ops', owner: chief });
    // a short request timeout makes the lease short: a run nobody works on is taken over after a few seconds
    await ws.setAppSetting('request_timeout_seconds', 1);
    await ws.setAppSetting('enforcement_rate', 10);
    await ws.setAppSetting('policy_private_channel', 'required');
}, START_TIMEOUT);

afterAll(async () => {
    await (current ?? h?.ws)?.stop();
});

function outOfLine(ws: Workspace): Array<RcRoom> {
    return [...ws.server.model.rooms.values()].filter((r) => r.t === 'p' && !r.prid && !r.teamMain && !r.encrypted);
}

async function start(ws: Workspace, who: RcUser): Promise<void> {
    await ws.runSlashCommand(who, ops, '/e2e enforce private-channel');
    const modal = ws.openModals(who).find((m) => m.id.startsWith('e2ee-enforce-')) as ModalView;
    await ws.submitModal(who, modal.id, {});
}

const changes = (ws: Workspace, room: RcRoom) => ws.messages(room).filter((m) => m.t === 'room_e2e_enabled').length;

describe('a run', () => {
    it('continues after the app’s process is killed in the middle of a slice, switching no room twice', async () => {
        const { ws } = h;
        serial += 1;
        ws.seedRoomKinds({ prefix: `k${serial}`, rooms: { private: { count: 60 } } });
        const targets = outOfLine(ws);
        const since = mark(ws);
        const slice = ws.nextJobRun('e2ee-enforcement');
        await start(ws, chief);
        await slice;
        await waitFor(() => targets.length - outOfLine(ws).length >= 5, 'some rooms switched', 10000);
        const { killedPid, newPid } = await ws.killAppProcess();
        expect(newPid).toBeDefined();
        expect(newPid).not.toBe(killedPid);
        // the slice that was running is lost with the process (its call fails after the runtime timeout, and Agenda
        // does not run a failed one-time job again); the app finds the run left behind once its lease is over and
        // takes it up from the last checkpoint
        const ended = await waitForRunEnd(ws, 'enforce', 60000);
        expect(ws.jobRuns().some((r) => r.processorId === 'e2ee-enforcement' && r.ok === false)).toBe(true);
        expect(ended.status).toBe('done');
        expect(outOfLine(ws)).toEqual([]);
        expect(targets.map((r) => changes(ws, r))).toEqual(targets.map(() => 1));
        const told = toldSince(ws, since, chief);
        expect(isText('enforce_done', told[told.length - 1])).toBe(true);
        expect(auditSince(ws, since, chief).filter((r) => r.action === 'enforce-end')).toHaveLength(1);
    }, 90000);

    it('continues after the whole server stopped mid-run and started again from its saved state', async () => {
        serial += 1;
        h.ws.seedRoomKinds({ prefix: `s${serial}`, rooms: { private: { count: 60 } } });
        const targets = outOfLine(h.ws).map((r) => r._id);
        await start(h.ws, chief);
        await waitFor(() => targets.length - outOfLine(h.ws).length >= 5, 'some rooms switched', 10000);
        const before = runState(h.ws, 'enforce');
        expect(before?.status).toBe('running');
        // a crash: the state as it is at this instant, the running slice's job still locked
        current = await h.ws.restart({ crash: true });
        const ws = current;
        const ended = await waitForRunEnd(ws, 'enforce', 60000);
        expect(ended.status).toBe('done');
        expect(ended.runId).toBe(before?.runId);
        expect(outOfLine(ws)).toEqual([]);
        expect(targets.map((id) => changes(ws, ws.room(id) as RcRoom))).toEqual(targets.map(() => 1));
    }, 120000);
});
