// Retries in the real runtime: an automatic enable or a revert that failed (the workspace answered 500) is kept in
// the app's persistence and tried again by the recurring maintenance job until it succeeds, the policy no longer asks
// for it, or the room is gone; the job follows `retry_interval_minutes`.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditSince, isEncrypted, label, mark, routesSince, START_TIMEOUT, startHarness, toldAndAudited, waitFor } from '../harness/workspace';

let h: Harness;
let owner: RcUser;
let mate: RcUser;
let serial = 0;

const MAINTENANCE = 'e2ee-maintenance';

beforeAll(async () => {
    h = await startHarness();
    owner = h.ws.createUser({ username: 'owner' });
    mate = h.ws.createUser({ username: 'mate' });
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

afterEach(async () => {
    h.ws.clearFaults();
    for (const id of ['policy_private_channel', 'policy_direct']) {
        await h.ws.setAppSetting(id, 'optional');
    }
});

/** Kept changes in the app's persistence, by room id. */
function kept(): Array<{ roomId: string; wanted: boolean; action: string; attempts: number }> {
    return h.ws
        .persistedRecords()
        .map((r) => r.data as { v?: number; roomId?: string; wanted?: boolean; action?: string; attempts?: number })
        .filter((d) => d.v === 1 && typeof d.roomId === 'string' && (d.action === 'auto-enable' || d.action === 'revert'))
        .map((d) => ({ roomId: d.roomId as string, wanted: d.wanted as boolean, action: d.action as string, attempts: d.attempts as number }));
}

/** Brings the recurring maintenance job forward, as if its interval had passed, and waits for it. */
async function runMaintenance(): Promise<void> {
    const runs = await h.ws.runDueJobs({ withinMs: 24 * 60 * 60_000, processorId: MAINTENANCE });
    expect(runs.map((r) => r.ok)).toEqual([true]);
}

async function createFailing(): Promise<RcRoom> {
    const { ws } = h;
    serial += 1;
    await ws.setAppSetting('policy_private_channel', 'default');
    ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 500 }, 1);
    let room: RcRoom | undefined;
    const { told, records } = await toldAndAudited(ws, owner, async () => {
        room = await ws.createRoom('private', { name: `flaky-${serial}`, owner, members: [mate] });
    });
    const created = room as RcRoom;
    expect(told).toEqual([say('auto_enable_unconfirmed', { room: label(ws, created), reason: say('failure_server_error', { status: 500 }) })]);
    expect(records.map((r) => [r.action, r.outcome, r.reason])).toEqual([['auto-enable', 'failed', 'server-error']]);
    await waitFor(() => kept().some((k) => k.roomId === created._id), 'the failed change to be kept');
    expect(isEncrypted(ws, created)).toBe(false);
    return created;
}

describe('a failed automatic enable', () => {
    it('is kept and retried by the maintenance job until it succeeds', async () => {
        const { ws } = h;
        const room = await createFailing();
        expect(kept().filter((k) => k.roomId === room._id)).toEqual([{ roomId: room._id, wanted: true, action: 'auto-enable', attempts: 1 }]);

        // the workspace still fails at the next interval: tried again, kept, one more attempt counted
        ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 500 }, 1);
        let since = mark(ws);
        await runMaintenance();
        expect(routesSince(ws, since).filter((r) => r === 'POST rooms.saveRoomSettings')).toEqual(['POST rooms.saveRoomSettings']);
        expect(kept().filter((k) => k.roomId === room._id).map((k) => k.attempts)).toEqual([2]);
        expect(auditSince(ws, since).map((r) => [r.action, r.outcome, r.reason, r.roomId, r.actorId])).toEqual([['auto-enable', 'failed', 'server-error', room._id, owner._id]]);

        // then it works
        since = mark(ws);
        await runMaintenance();
        expect(isEncrypted(ws, room)).toBe(true);
        expect(ws.messages(room).filter((m) => m.t === 'room_e2e_enabled').map((m) => m.u._id)).toEqual([h.svc._id]);
        expect(auditSince(ws, since).map((r) => [r.action, r.outcome, r.reason, r.roomId])).toEqual([['auto-enable', 'done', 'policy-default', room._id]]);
        expect(kept().filter((k) => k.roomId === room._id)).toEqual([]);

        // nothing left: the next run makes no call
        since = mark(ws);
        await runMaintenance();
        expect(routesSince(ws, since).filter((r) => r === 'POST rooms.saveRoomSettings')).toEqual([]);
    });

    it('is dropped without a call once the policy no longer asks for it', async () => {
        const { ws } = h;
        const room = await createFailing();
        await ws.setAppSetting('policy_private_channel', 'optional');
        const since = mark(ws);
        await runMaintenance();
        expect(routesSince(ws, since).filter((r) => r === 'POST rooms.saveRoomSettings')).toEqual([]);
        expect(isEncrypted(ws, room)).toBe(false);
        expect(kept().filter((k) => k.roomId === room._id)).toEqual([]);
    });

    it('is dropped without a call once the room is gone, or encrypted by someone else', async () => {
        const { ws } = h;
        const gone = await createFailing();
        const other = await createFailing();
        ws.server.model.rooms.delete(gone._id);
        ws.room(other._id)!.encrypted = true;
        const since = mark(ws);
        await runMaintenance();
        expect(routesSince(ws, since).filter((r) => r === 'POST rooms.saveRoomSettings')).toEqual([]);
        expect(kept().filter((k) => k.roomId === gone._id || k.roomId === other._id)).toEqual([]);
    });
});

describe('a failed revert', () => {
    it('is kept and retried until the room is back in line', async () => {
        const { ws } = h;
        serial += 1;
        await ws.setAppSetting('policy_private_channel', 'required');
        const created = mark(ws);
        const room = await ws.createRoom('private', { name: `strict-${serial}`, owner, members: [mate] });
        // The room is encrypted before the automatic enable's audit record is written: wait for both.
        await waitFor(() => isEncrypted(ws, room) && auditSince(ws, created, owner).some((r) => r.action === 'auto-enable'), 'the automatic enable');
        ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 500 }, 1);
        const { records } = await toldAndAudited(ws, owner, () => ws.saveRoomSettings(owner, room, { encrypted: false }));
        expect(records.map((r) => [r.action, r.outcome, r.reason])).toEqual([['revert', 'failed', 'server-error']]);
        await waitFor(() => kept().some((k) => k.roomId === room._id), 'the failed revert to be kept');
        expect(kept().filter((k) => k.roomId === room._id)).toEqual([{ roomId: room._id, wanted: true, action: 'revert', attempts: 1 }]);
        expect(isEncrypted(ws, room)).toBe(false);
        await runMaintenance();
        expect(isEncrypted(ws, room)).toBe(true);
        expect(kept().filter((k) => k.roomId === room._id)).toEqual([]);
    });
});

describe('the maintenance job', () => {
    it('runs every retry_interval_minutes, and follows a change of it', async () => {
        const { ws } = h;
        const job = () => ws.jobs().filter((j) => j.processorId === MAINTENANCE);
        expect(job().map((j) => [j.type, j.repeatInterval])).toEqual([['single', 5 * 60_000]]);
        await ws.setAppSetting('retry_interval_minutes', 30);
        await waitFor(() => job()[0]?.repeatInterval === 30 * 60_000, 'the new interval');
        expect(job()).toHaveLength(1);
        await ws.setAppSetting('retry_interval_minutes', 5);
    });
});
