// `/e2e report` in the real runtime: the numbers per kind as the room reader lists the workspace, the CSV of the
// rooms out of policy delivered in the app's direct message with the administrator, and who may ask.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { parseCsv } from '../harness/csv';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditSince, command, forceEncrypted, isEncrypted, mark, START_TIMEOUT, startHarness, toldSince, waitFor, waitForRunEnd } from '../harness/workspace';

let h: Harness;
let admin: RcUser;
let where: RcRoom;

const POLICIES = { policy_direct: 'disabled', policy_private_channel: 'required', policy_private_team: 'optional', policy_discussion: 'default' } as const;

beforeAll(async () => {
    h = await startHarness();
    const { ws } = h;
    admin = ws.createUser({ username: 'chief', roles: ['admin', 'user'] });
    where = await ws.createRoom('private', { name: 'ops', owner: admin });
    ws.seedRoomKinds({
        prefix: 'r',
        rooms: {
            dm: { count: 12, encrypted: 5, waiting: 1 },
            private: { count: 20, encrypted: 8, waiting: 3 },
            'private-team': { count: 4, encrypted: 1 },
            'private-discussion': { count: 6, encrypted: 2, waiting: 2 },
            public: 7,
            'public-discussion': 3,
        },
    });
    for (const [id, value] of Object.entries(POLICIES)) {
        await ws.setAppSetting(id, value);
    }
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

/** Every room of a supported kind as the model holds it, classified as the app classifies it. */
function expectedTally(ws: Harness['ws']) {
    const rooms = [...ws.server.model.rooms.values()];
    const kindOf = (r: RcRoom) => (r.t === 'd' ? 'direct' : r.t !== 'p' ? undefined : r.prid ? 'discussion' : r.teamMain ? 'private_team' : 'private_channel');
    const wanted: Record<string, boolean | undefined> = { direct: false, private_channel: true, private_team: undefined, discussion: undefined };
    const tally: Record<string, { rooms: number; encrypted: number; outOfPolicy: number; waiting: number; ids: string[] }> = {};
    for (const kind of ['direct', 'private_channel', 'private_team', 'discussion']) {
        tally[kind] = { rooms: 0, encrypted: 0, outOfPolicy: 0, waiting: 0, ids: [] };
    }
    for (const room of rooms) {
        const kind = kindOf(room);
        if (!kind) {
            continue;
        }
        const t = tally[kind];
        const appDirect = room.t === 'd' && (room.uids ?? []).includes(ws.appUser()?._id ?? '-');
        t.rooms += 1;
        t.encrypted += room.encrypted ? 1 : 0;
        t.waiting += (room.usersWaitingForE2EKeys ?? []).length > 0 ? 1 : 0;
        if (!appDirect && wanted[kind] !== undefined && Boolean(room.encrypted) !== wanted[kind]) {
            t.outOfPolicy += 1;
            t.ids.push(room._id);
        }
    }
    return tally;
}

describe('/e2e report', () => {
    it('counts every kind, sends the rooms out of policy as a CSV in the direct message with the app, and audits it', async () => {
        const { ws } = h;
        const expected = expectedTally(ws);
        const since = mark(ws);
        const told = await command(ws, admin, where, 'report');
        const lines = told.split('\n');
        expect(lines[0]).toBe(say('report_header_on'));
        const line = (kind: 'direct' | 'private_channel' | 'private_team' | 'discussion', policy: string) =>
            say('report_line', {
                kind: say(`kinds_${kind}`),
                policy: say(`policy_name_${policy}` as never),
                rooms: expected[kind].rooms,
                encrypted: expected[kind].encrypted,
                outOfPolicy: expected[kind].outOfPolicy,
                waiting: expected[kind].waiting,
            });
        expect(lines.slice(1, 5)).toEqual([line('direct', 'disabled'), line('private_channel', 'required'), line('private_team', 'optional'), line('discussion', 'default')]);
        const outOfPolicy = expected.direct.outOfPolicy + expected.private_channel.outOfPolicy;
        expect(outOfPolicy).toBeGreaterThan(0);
        const day = new Date().toISOString().slice(0, 10);
        expect(lines[5]).toBe(say('report_file_sent', { count: outOfPolicy, file: `e2ee-report-${day}.csv` }));

        // the file: in the app's direct message with the administrator, posted by the app's user
        const bot = ws.appUser() as RcUser;
        const dm = ws.server.model.directRoomByUsernames([bot.username, admin.username]) as RcRoom;
        expect(dm).toBeDefined();
        const uploads = ws.uploads(dm);
        expect(uploads.map((u) => [u.name, u.userId])).toEqual([[`e2ee-report-${day}.csv`, bot._id]]);
        const rows = parseCsv(ws.uploadContent(uploads[0]._id).toString('utf8'));
        expect(rows[0]).toEqual(['room_id', 'kind', 'room', 'encrypted', 'policy', 'expected', 'members_waiting_for_keys']);
        const ids = rows.slice(1).map((r) => r[0]);
        expect([...ids].sort()).toEqual([...expected.direct.ids, ...expected.private_channel.ids].sort());
        for (const [id, kind, name, encrypted, policy, wanted, waiting] of rows.slice(1)) {
            const room = ws.room(id) as RcRoom;
            expect([kind, name, encrypted, policy, wanted, waiting]).toEqual([
                room.t === 'd' ? 'direct' : 'private_channel',
                room.t === 'd' ? (room.usernames ?? []).join(', ') : `#${room.fname ?? room.name}`,
                String(Boolean(room.encrypted)),
                room.t === 'd' ? 'disabled' : 'required',
                String(room.t !== 'd'),
                String((room.usersWaitingForE2EKeys ?? []).length),
            ]);
        }
        const file = ws.messages(dm).filter((m) => m.file);
        expect(file.map((m) => m.u._id)).toEqual([bot._id]);
        // the app's direct message is not out of policy although DMs are `disabled` and it is not encrypted either way
        expect(ids).not.toContain(dm._id);
        expect(auditSince(ws, since, admin).map((r) => [r.action, r.outcome, r.count])).toEqual([['report', 'done', outOfPolicy]]);
        // nothing left behind but the report's final state
        await waitFor(() => ws.jobs().filter((j) => j.processorId === 'e2ee-report-run').length === 0, 'no report job');
    });

    it('is refused to someone without view-room-administration', async () => {
        const { ws } = h;
        const someone = ws.createUser({ username: 'someone' });
        const room = await ws.createRoom('private', { name: 'someones', owner: someone });
        expect(await command(ws, someone, room, 'report')).toBe(say('not_allowed', { permissions: 'view-room-administration' }));
    });

    it('says when E2E_Enable is off', async () => {
        const { ws } = h;
        ws.setServerSetting('E2E_Enable', false);
        try {
            expect((await command(ws, admin, where, 'report')).split('\n')[0]).toBe(say('report_header_off'));
        } finally {
            ws.setServerSetting('E2E_Enable', true);
        }
    });

    it('does not post the file into an encrypted direct message with the app, and says so', async () => {
        const { ws } = h;
        const other = ws.createUser({ username: 'sealed-admin', roles: ['admin', 'user'] });
        const bot = ws.appUser() as RcUser;
        const dm = await ws.createRoom('dm', { owner: other, members: [bot] });
        forceEncrypted(ws, dm, true);
        const told = (await command(ws, other, where, 'report')).split('\n');
        expect(told[told.length - 1]).toBe(say('report_file_encrypted'));
        expect(ws.uploads(dm)).toEqual([]);
        expect(ws.messages(dm).filter((m) => m.file)).toEqual([]);
    });

    it('creates its direct message with an administrator unencrypted when Rocket.Chat encrypts new DMs by default, and sends the file there', async () => {
        const { ws } = h;
        const other = ws.createUser({ username: 'fresh-admin', roles: ['admin', 'user'] });
        const bot = ws.appUser() as RcUser;
        ws.setServerSetting('E2E_Enabled_Default_DirectRooms', true);
        await ws.setAppSetting('policy_direct', 'optional');
        try {
            // Rocket.Chat's default still encrypts a DM between people
            const between = await ws.createRoom('dm', { owner: other, members: [admin] });
            expect(isEncrypted(ws, between)).toBe(true);
            await command(ws, other, where, 'report');
            const dm = [...ws.server.model.rooms.values()].find((r) => r.t === 'd' && r.uids?.includes(other._id) && r.uids.includes(bot._id)) as RcRoom;
            expect(dm).toBeDefined();
            expect(isEncrypted(ws, dm)).toBe(false);
            await waitFor(() => ws.uploads(dm).length === 1, 'the report file');
        } finally {
            ws.setServerSetting('E2E_Enabled_Default_DirectRooms', false);
            await ws.setAppSetting('policy_direct', POLICIES.policy_direct);
        }
    });
});

describe('/e2e report on a large workspace', () => {
    it('goes on in the background, is prepared once at a time, and splits the file into parts of at most 10000 rooms', async () => {
        const { ws } = h;
        ws.seedRoomKinds({ prefix: 'big', rooms: { private: 30050 } });
        const expected = expectedTally(ws);
        const since = mark(ws);
        const first = await command(ws, admin, where, 'report');
        expect(first).toBe(say('report_started'));
        const other = ws.createUser({ username: 'second-admin', roles: ['admin', 'user'] });
        expect(await command(ws, other, where, 'report')).toBe(say('report_busy', { username: admin.username }));
        await waitForRunEnd(ws, 'report', 60000);
        const told = toldSince(ws, since, admin);
        const lines = told[told.length - 1].split('\n');
        expect(lines[2]).toBe(
            say('report_line', {
                kind: say('kinds_private_channel'),
                policy: say('policy_name_required'),
                rooms: expected.private_channel.rooms,
                encrypted: expected.private_channel.encrypted,
                outOfPolicy: expected.private_channel.outOfPolicy,
                waiting: expected.private_channel.waiting,
            }),
        );
        const outOfPolicy = expected.direct.outOfPolicy + expected.private_channel.outOfPolicy;
        const day = new Date().toISOString().slice(0, 10);
        expect(lines[5]).toBe(say('report_files_sent', { count: outOfPolicy, parts: 4, file: `e2ee-report-${day}-part1-of-4.csv` }));
        const bot = ws.appUser() as RcUser;
        const dm = ws.server.model.directRoomByUsernames([bot.username, admin.username]) as RcRoom;
        const files = ws.uploads(dm).slice(-4);
        expect(files.map((f) => f.name)).toEqual([1, 2, 3, 4].map((n) => `e2ee-report-${day}-part${n}-of-4.csv`));
        const rows = files.map((f) => parseCsv(ws.uploadContent(f._id).toString('utf8')));
        expect(rows.map((r) => r[0][0])).toEqual(['room_id', 'room_id', 'room_id', 'room_id']);
        expect(rows.every((r) => r.length - 1 <= 10000)).toBe(true);
        const ids = rows.flatMap((r) => r.slice(1).map((row) => row[0]));
        expect(new Set(ids).size).toBe(outOfPolicy);
        expect([...ids].sort()).toEqual([...expected.direct.ids, ...expected.private_channel.ids].sort());
        // the rows kept between slices are gone with the run
        expect(ws.persistedRecords().filter((r) => Array.isArray((r.data as { rows?: unknown }).rows))).toEqual([]);
    }, 90000);

});
