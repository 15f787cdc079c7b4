// `/e2e report` and `/e2e enforce` against the size of the workspace: the stand-in is filled with rooms of every kind
// (as if they were there before the app), the report is timed from the command to its last notice (it lists every
// room page by page, in background slices), and enforcement is run at a set rate over a bounded sample of changes and
// cancelled (enforcing 100,000 rooms at 5 a second takes hours): its measured rate is the number of changes over the
// time between the first and the last of them. The Deno child's memory is read before and after; then the report runs
// once more in a fresh workspace whose Deno child has a small, fixed V8 heap (REPORT_HEAP_CAP_MIB), which it can only
// finish at every size if what the app keeps does not grow with the number of rooms.
import { text, translate } from '../src/i18n/translate';
import type { RcRoom, RcUser } from '../workspace/Workspace';
import { Workspace } from '../workspace/Workspace';
import type { Memory } from './instrument';
import { capDenoHeap, denoMemory } from './instrument';
import { since } from './stats';

export interface RateSample {
    /** the enforcement_rate setting */
    rate: number;
    /** changes measured before the run is cancelled */
    changes: number;
}

/** The V8 old space the capped report runs in, MiB. */
export const REPORT_HEAP_CAP_MIB = 32;

export interface RunsOptions {
    zipPath: string;
    samples: RateSample[];
    log: (line: string) => void;
}

export interface EnforcementSample {
    rate: number;
    changes: number;
    /** first to last change */
    seconds: number;
    /** changes after the first one, per second between the first and the last */
    measuredRate: number;
    /** rooms switched twice (must be 0) */
    switchedTwice: number;
}

export interface RunsRow {
    rooms: number;
    /** rooms of the kinds the policy covers (DMs, private channels, teams, discussions) */
    supported: number;
    outOfPolicy: number;
    report: {
        ms: number;
        /** the app's getAllRooms requests (pages of at most 100) */
        pages: number;
        /** CSV files sent */
        files: number;
        /** the numbers in the app's state equal the workspace's */
        correct: boolean;
    };
    /** `/e2e enforce private-channel` to the dialog (the numbers come from the fresh report) */
    dialogMs: number;
    enforcement: EnforcementSample[];
    memory: { start: Memory; afterReport: Memory; end: Memory };
    /** the report again, in a fresh workspace whose Deno child's V8 old space is capped at REPORT_HEAP_CAP_MIB */
    capped: { heapMiB: number; ms: number; correct: boolean; memory: { start: Memory; end: Memory } };
}

const KINDS = ['direct', 'private_channel', 'private_team', 'discussion'] as const;
type Kind = (typeof KINDS)[number];

function kindOf(room: RcRoom): Kind | undefined {
    if (room.t === 'd') {
        return 'direct';
    }
    if (room.t !== 'p') {
        return undefined;
    }
    return room.prid ? 'discussion' : room.teamMain ? 'private_team' : 'private_channel';
}

/** The report's numbers as the workspace holds them (the app's own direct messages are never out of policy). */
function expectedTally(ws: Workspace, wanted: Partial<Record<Kind, boolean>>): Record<Kind, { rooms: number; encrypted: number; outOfPolicy: number; waiting: number }> {
    const tally = Object.fromEntries(KINDS.map((k) => [k, { rooms: 0, encrypted: 0, outOfPolicy: 0, waiting: 0 }])) as Record<Kind, { rooms: number; encrypted: number; outOfPolicy: number; waiting: number }>;
    const bot = ws.appUser()?._id ?? '-';
    for (const room of ws.server.model.rooms.values()) {
        const kind = kindOf(room);
        if (!kind) {
            continue;
        }
        const t = tally[kind];
        t.rooms += 1;
        t.encrypted += room.encrypted ? 1 : 0;
        t.waiting += (room.usersWaitingForE2EKeys ?? []).length > 0 ? 1 : 0;
        const appDirect = room.t === 'd' && (room.uids ?? []).includes(bot);
        if (!appDirect && wanted[kind] !== undefined && Boolean(room.encrypted) !== wanted[kind]) {
            t.outOfPolicy += 1;
        }
    }
    return tally;
}

interface RunRecord {
    type: string;
    seq: number;
    status: string;
    tally?: unknown;
    [field: string]: unknown;
}

function runState(ws: Workspace, type: 'report' | 'enforce'): RunRecord | undefined {
    return ws
        .persistedRecords()
        .map((r) => r.data as RunRecord & { v?: unknown })
        .filter((d) => d.v === 1 && d.type === type && typeof d.seq === 'number')
        .reduce<RunRecord | undefined>((a, b) => (!a || b.seq > a.seq ? b : a), undefined);
}

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!probe()) {
        if (Date.now() > end) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

/** Seeds `rooms` rooms of every kind: 40 % private channels, 30 % DMs, 20 % public, 5 % private discussions, 5 % private teams. */
function seed(ws: Workspace, rooms: number): void {
    const share = (p: number) => Math.floor(rooms * p);
    const counted = share(0.4) + share(0.3) + share(0.2) + share(0.05) + share(0.05);
    ws.seedRoomKinds({
        prefix: 'bench',
        // a tenth as many people as rooms (at least 10, so that every DM is a pair of its own)
        users: Math.max(10, Math.ceil(rooms / 10)),
        rooms: {
            private: { count: share(0.4) + (rooms - counted), encrypted: share(0.1), waiting: share(0.01) },
            dm: { count: share(0.3), encrypted: share(0.03) },
            public: share(0.2),
            'private-discussion': { count: share(0.05), encrypted: share(0.01) },
            'private-team': { count: share(0.05), encrypted: share(0.01) },
        },
    });
}

async function enforceSample(ws: Workspace, admin: RcUser, where: RcRoom, sample: RateSample, log: (line: string) => void): Promise<EnforcementSample & { dialogMs: number }> {
    await ws.setAppSetting('enforcement_rate', sample.rate);
    const known = new Set(ws.openModals(admin).map((m) => m.id));
    const start = process.hrtime.bigint();
    await ws.runSlashCommand(admin, where, '/e2e enforce private-channel');
    const dialogMs = since(start);
    const dialog = ws.openModals(admin).find((m) => !known.has(m.id) && m.id.startsWith('e2ee-enforce-'));
    if (!dialog) {
        throw new Error('/e2e enforce opened no dialog');
    }
    const from = ws.rest.requests.length;
    const changes = () => ws.rest.requests.slice(from).filter((r) => r.path.endsWith('rooms.saveRoomSettings') && r.status === 200);
    await ws.submitModal(admin, dialog.id, {});
    await until(`${sample.changes} changes at ${sample.rate}/s`, () => changes().length >= sample.changes, (sample.changes / sample.rate) * 1000 * 3 + 30000);
    await ws.runSlashCommand(admin, where, '/e2e enforce cancel');
    const made = changes().slice(0, sample.changes);
    const seconds = (Date.parse(made[made.length - 1].at) - Date.parse(made[0].at)) / 1000;
    const switchedTwice = [...ws.server.model.rooms.values()].filter((r) => ws.messages(r).filter((m) => m.t === 'room_e2e_enabled').length > 1).length;
    const measuredRate = seconds > 0 ? (made.length - 1) / seconds : NaN;
    log(`    enforcement at ${sample.rate}/s: ${made.length} changes in ${seconds.toFixed(2)} s = ${measuredRate.toFixed(2)}/s`);
    return { rate: sample.rate, changes: made.length, seconds, measuredRate, switchedTwice, dialogMs };
}

/** A workspace with the service account, an administrator and their room, the policies set, and `rooms` rooms seeded. */
async function prepare(rooms: number, zipPath: string): Promise<{ ws: Workspace; admin: RcUser; where: RcRoom; expected: ReturnType<typeof expectedTally> }> {
    const ws = await Workspace.start({ zipPath, settings: { E2E_Enable: true } });
    try {
        const service = ws.createUser({ username: 'bench-service', roles: ['admin', 'user'] });
        const pat = ws.createPersonalAccessToken(service, 'bench', { bypassTwoFactor: true });
        await ws.setAppSetting('service_user_id', pat.userId);
        await ws.setAppSetting('service_token', pat.token);
        const admin = ws.createUser({ username: 'bench-admin', roles: ['admin', 'user'] });
        const where = await ws.createRoom('private', { owner: admin, name: 'bench-ops' });
        await ws.settle();
        // the policies are set after the administrator's room exists (a new private channel would be encrypted right after creation)
        await ws.setAppSetting('policy_private_channel', 'required');
        await ws.setAppSetting('policy_direct', 'disabled');
        seed(ws, rooms);
        // the app's start-up jobs (maintenance, resume) run now, not in the middle of a measurement
        await ws.runDueJobs({ withinMs: 60_000 });
        return { ws, admin, where, expected: expectedTally(ws, { private_channel: true, direct: false }) };
    } catch (error) {
        await ws.stop();
        throw error;
    }
}

/** `/e2e report` from the command to the notice with the numbers, and whether they equal the workspace's. */
async function timedReport(ws: Workspace, admin: RcUser, where: RcRoom, expected: ReturnType<typeof expectedTally>): Promise<{ ms: number; correct: boolean }> {
    const header = translate('en', text('report_header_on'));
    const before = runState(ws, 'report')?.seq ?? -1;
    const start = process.hrtime.bigint();
    await ws.runSlashCommand(admin, where, '/e2e report');
    await until(
        'the report',
        () => {
            const state = runState(ws, 'report');
            return state !== undefined && state.seq > before && state.status === 'done' && ws.notificationsFor(admin).some((n) => n.text.startsWith(header));
        },
        30 * 60_000,
    );
    const ms = since(start);
    const correct = JSON.stringify(runState(ws, 'report')?.tally) === JSON.stringify(Object.fromEntries(KINDS.map((k) => [k, expected[k]])));
    return { ms, correct };
}

export async function measureRuns(rooms: number, o: RunsOptions): Promise<RunsRow> {
    const uncapped = await measureUncapped(rooms, o);
    const restore = capDenoHeap(REPORT_HEAP_CAP_MIB);
    try {
        const { ws, admin, where, expected } = await prepare(rooms, o.zipPath);
        try {
            const start = denoMemory(ws);
            const { ms, correct } = await timedReport(ws, admin, where, expected);
            o.log(`    /e2e report in a ${REPORT_HEAP_CAP_MIB} MiB V8 heap: ${(ms / 1000).toFixed(1)} s, numbers ${correct ? 'correct' : 'WRONG'}`);
            return { ...uncapped, capped: { heapMiB: REPORT_HEAP_CAP_MIB, ms, correct, memory: { start, end: denoMemory(ws) } } };
        } finally {
            await ws.stop();
        }
    } finally {
        restore();
    }
}

async function measureUncapped(rooms: number, o: RunsOptions): Promise<Omit<RunsRow, 'capped'>> {
    const { ws, admin, where, expected } = await prepare(rooms, o.zipPath);
    try {
        const supported = KINDS.reduce((n, k) => n + expected[k].rooms, 0);
        const outOfPolicy = KINDS.reduce((n, k) => n + expected[k].outOfPolicy, 0);
        o.log(`  ${rooms} rooms (${supported} of the kinds the policy covers, ${outOfPolicy} out of policy)`);
        const memoryStart = denoMemory(ws);

        ws.resetCounters();
        const uploadsBefore = ws.uploads().length;
        const { ms: reportMs, correct } = await timedReport(ws, admin, where, expected);
        const pages = Object.entries(ws.counters().roundTripsByMethod)
            .filter(([method]) => /getAllRooms$/.test(method))
            .reduce((n, [, count]) => n + count, 0);
        const files = ws.uploads().length - uploadsBefore;
        o.log(`    /e2e report: ${(reportMs / 1000).toFixed(1)} s, ${pages} pages, ${files} file(s), numbers ${correct ? 'correct' : 'WRONG'}`);
        const memoryAfterReport = denoMemory(ws);

        const enforcement: EnforcementSample[] = [];
        let dialogMs = NaN;
        for (const sample of o.samples) {
            const available = [...ws.server.model.rooms.values()].filter((r) => kindOf(r) === 'private_channel' && !r.encrypted).length;
            const changes = Math.min(sample.changes, available);
            if (changes < 2) {
                break;
            }
            const measured = await enforceSample(ws, admin, where, { rate: sample.rate, changes }, o.log);
            dialogMs = Number.isNaN(dialogMs) ? measured.dialogMs : dialogMs;
            enforcement.push({ rate: measured.rate, changes: measured.changes, seconds: measured.seconds, measuredRate: measured.measuredRate, switchedTwice: measured.switchedTwice });
        }
        return {
            rooms,
            supported,
            outOfPolicy,
            report: { ms: reportMs, pages, files, correct },
            dialogMs,
            enforcement,
            memory: { start: memoryStart, afterReport: memoryAfterReport, end: denoMemory(ws) },
        };
    } finally {
        await ws.stop();
    }
}
