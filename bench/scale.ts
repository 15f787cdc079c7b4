// Command and install times against the size of the workspace: the stand-in is filled with `rooms` rooms (and a
// tenth as many people, two members each) and the app installed into it; then `/e2e status` and `/e2e enable` run
// in a room of their own. Nothing on these paths may read every room or every user, so the times should not grow
// with the workspace; the bridge calls per command (which must not change with the size) show why.
import { Workspace } from '../workspace/Workspace';
import type { AppCounters } from '../workspace/engine/counters';
import type { RcRoom, RcUser } from '../workspace/Workspace';
import { since } from './stats';

/**
 * Bridge methods (host side, `room.doGetAllRooms`) and the app's requests (`accessor:...:getAllRooms`) that read a
 * whole collection: none may appear on a command path.
 */
export const WHOLE_COLLECTION_READS = [/getAllRooms$/, /getActiveUserCount$/, /(serverSetting\.doGetAll|getServerSettings:getAll)$/, /getCustomRoles$/];

export interface ScaleOptions {
    zipPath: string;
    /** timed repetitions per command (after `warmup`) */
    reps: number;
    warmup: number;
    /** timed installs (each one after an uninstall) */
    installReps: number;
    log: (line: string) => void;
}

export interface CommandSample {
    latenciesMs: number[];
    /** per command */
    bridgeCalls: number;
    httpCalls: number;
    roundTrips: number;
    bridgeCallsByMethod: Record<string, number>;
    roundTripsByMethod: Record<string, number>;
    /** commands that did what they should (status answered; enable turned encryption on) */
    succeeded: number;
}

export interface ScaleRow {
    rooms: number;
    users: number;
    subscriptions: number;
    seedMs: number;
    /** AppManager.add(zip, { enable: true }) as an administrator's install: unpack, Deno child, initialize, onEnable */
    installMs: number[];
    status: CommandSample;
    enable: CommandSample;
    wholeCollectionReads: string[];
}

function perCommand(c: AppCounters, n: number): Pick<CommandSample, 'bridgeCalls' | 'httpCalls' | 'roundTrips' | 'bridgeCallsByMethod' | 'roundTripsByMethod'> {
    const divide = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / n]));
    return {
        bridgeCalls: c.bridgeCalls / n,
        httpCalls: c.httpCalls / n,
        roundTrips: c.roundTrips / n,
        bridgeCallsByMethod: divide(c.bridgeCallsByMethod),
        roundTripsByMethod: divide(c.roundTripsByMethod),
    };
}

async function timeCommand(
    ws: Workspace,
    reps: number,
    warmup: number,
    run: () => Promise<boolean>,
    reset: () => void,
): Promise<CommandSample> {
    for (let i = 0; i < warmup; i++) {
        await run();
        reset();
    }
    ws.resetCounters();
    const latencies: number[] = [];
    let succeeded = 0;
    for (let i = 0; i < reps; i++) {
        const start = process.hrtime.bigint();
        const ok = await run();
        latencies.push(since(start));
        succeeded += ok ? 1 : 0;
        reset();
    }
    return { latenciesMs: latencies, succeeded, ...perCommand(ws.counters(), reps) };
}

export async function measureSize(rooms: number, o: ScaleOptions): Promise<ScaleRow> {
    const ws = await Workspace.start({ install: false, settings: { E2E_Enable: true } });
    try {
        const seedStart = process.hrtime.bigint();
        const seeded = ws.seedRooms({ rooms });
        const seedMs = since(seedStart);
        o.log(`  ${rooms} rooms, ${seeded.users.length} users, ${seeded.subscriptions} subscriptions seeded in ${Math.round(seedMs)} ms`);

        const installer = ws.engine.ctx.converters.userToApp(ws.admin);
        const installMs: number[] = [];
        for (let i = 0; i < o.installReps; i++) {
            if (i > 0) {
                await ws.engine.manager.remove(ws.appId, { user: installer as never });
            }
            const start = process.hrtime.bigint();
            await ws.installApp(o.zipPath);
            installMs.push(since(start));
            if (!(await ws.isAppEnabled())) {
                throw new Error('the app did not install enabled');
            }
        }
        // a service account as an administrator configures it, and a room of its owner's
        const service = ws.createUser({ username: 'bench-service', roles: ['admin', 'user'] });
        const pat = ws.createPersonalAccessToken(service, 'bench', { bypassTwoFactor: true });
        await ws.setAppSetting('service_user_id', pat.userId);
        await ws.setAppSetting('service_token', pat.token);
        const owner: RcUser = ws.createUser({ username: 'bench-owner' });
        const room: RcRoom = await ws.createRoom('private', { owner, name: 'bench-target', encrypted: false });
        await ws.settle();
        // the app's start-up jobs (maintenance, resume) run now, not in the middle of a measurement
        await ws.runDueJobs({ withinMs: 60_000 });
        ws.clearNotifications();

        const told = (user: RcUser) => ws.notificationsFor(user).length;
        const status = await timeCommand(
            ws,
            o.reps,
            o.warmup,
            async () => {
                const before = told(ws.admin);
                await ws.runSlashCommand(ws.admin, room, '/e2e status');
                return told(ws.admin) > before;
            },
            () => undefined,
        );
        const enable = await timeCommand(
            ws,
            o.reps,
            o.warmup,
            async () => {
                await ws.runSlashCommand(owner, room, '/e2e enable');
                return ws.room(room._id)?.encrypted === true;
            },
            // back to unencrypted directly in the database, so that every run does the whole enable path
            () => {
                const stored = ws.room(room._id);
                if (stored) {
                    stored.encrypted = false;
                }
                ws.clearNotifications();
            },
        );
        const used = [status, enable].flatMap((c) => [...Object.keys(c.bridgeCallsByMethod), ...Object.keys(c.roundTripsByMethod)]);
        return {
            rooms,
            users: seeded.users.length,
            subscriptions: seeded.subscriptions,
            seedMs,
            installMs,
            status,
            enable,
            wholeCollectionReads: [...new Set(used.filter((m) => WHOLE_COLLECTION_READS.some((r) => r.test(m))))],
        };
    } finally {
        await ws.stop();
    }
}
