// Turns the measurements into BENCHMARKS.md (and a JSON summary): tables, budgets, machine, date, command.
import type { Memory } from './instrument';
import type { Outcome, ScenarioDef, ScenarioSample } from './messages';
import type { RateSample, RunsRow } from './runs';
import type { ScaleRow } from './scale';
import { median, summarize } from './stats';
import type { Summary } from './stats';

export interface Machine {
    nproc: number;
    cpu: string;
    memoryGiB: number;
    os: string;
    node: string;
    deno: string;
    appsEngine: string;
}

export interface RunSettings {
    n: number;
    warmup: number;
    rounds: number;
    sizes: number[];
    reps: number;
    commandWarmup: number;
    installReps: number;
    /** enforcement rates measured, each over a bounded number of changes */
    samples: RateSample[];
}

export interface ScenarioResult {
    def: ScenarioDef;
    app: ScenarioSample;
    baseline: ScenarioSample;
}

export interface BenchResult {
    date: string;
    command: string;
    machine: Machine;
    settings: RunSettings;
    order: string[];
    messages: ScenarioResult[];
    memory: { app: Memory; baseline: Memory };
    scale: ScaleRow[];
    runs: RunsRow[];
}

/** Per-scenario budget: no app calls and at most 10% slower in an unencrypted room; at most 25% slower in an encrypted one. */
export function budgetFor(def: ScenarioDef): { maxRatio: number; zeroCalls: boolean } {
    return def.room === 'unencrypted' ? { maxRatio: 1.1, zeroCalls: true } : { maxRatio: 1.25, zeroCalls: false };
}

export interface ScenarioVerdict {
    id: string;
    title: string;
    room: string;
    app: Summary & { perSecond: number };
    baseline: Summary & { perSecond: number };
    ratio: number;
    /** the app's requests to the host (bridges and accessors), host-side bridge calls, HTTP calls: per message */
    appRoundTripsPerMessage: number;
    appBridgeCallsPerMessage: number;
    appHttpCallsPerMessage: number;
    appCallsIntoAppPerMessage: Record<string, number>;
    baselineCallsIntoAppPerMessage: Record<string, number>;
    appRoundTripsByMethodPerMessage: Record<string, number>;
    outcomes: { app: Partial<Record<Outcome, number>>; baseline: Partial<Record<Outcome, number>> };
    behavedAsExpected: boolean;
    budget: { maxRatio: number; zeroCalls: boolean };
    ratioMet: boolean;
    callsMet: boolean;
    met: boolean;
}

const perMessage = (counts: Record<string, number>, n: number) => Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / n]));

export function verdicts(result: BenchResult): ScenarioVerdict[] {
    return result.messages.map(({ def, app, baseline }) => {
        const a = { ...summarize(app.latenciesMs), perSecond: (app.messages / app.wallMs) * 1000 };
        const b = { ...summarize(baseline.latenciesMs), perSecond: (baseline.messages / baseline.wallMs) * 1000 };
        const ratio = a.medianMs / b.medianMs;
        const budget = budgetFor(def);
        const roundTrips = app.counters.roundTrips / app.messages;
        const bridge = app.counters.bridgeCalls / app.messages;
        const httpCalls = app.counters.httpCalls / app.messages;
        const behaved = (app.outcomes[def.expect.app] ?? 0) === app.messages && (baseline.outcomes[def.expect.baseline] ?? 0) === baseline.messages;
        const ratioMet = ratio <= budget.maxRatio;
        const callsMet = !budget.zeroCalls || (roundTrips === 0 && bridge === 0 && httpCalls === 0);
        return {
            id: def.id,
            title: def.title,
            room: def.room,
            app: a,
            baseline: b,
            ratio,
            appRoundTripsPerMessage: roundTrips,
            appBridgeCallsPerMessage: bridge,
            appHttpCallsPerMessage: httpCalls,
            appCallsIntoAppPerMessage: perMessage(app.intoApp, app.messages),
            baselineCallsIntoAppPerMessage: perMessage(baseline.intoApp, baseline.messages),
            appRoundTripsByMethodPerMessage: perMessage(app.counters.roundTripsByMethod, app.messages),
            outcomes: { app: app.outcomes, baseline: baseline.outcomes },
            behavedAsExpected: behaved,
            budget,
            ratioMet,
            callsMet,
            met: ratioMet && callsMet && behaved,
        };
    });
}

// ------------------------------------------------------------------------------------------------ formatting
function ms(v: number): string {
    if (!Number.isFinite(v)) {
        return 'n/a';
    }
    return v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
}

function num(v: number): string {
    if (!Number.isFinite(v)) {
        return 'n/a';
    }
    return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function mib(kib?: number): string {
    return kib === undefined ? 'n/a' : (kib / 1024).toFixed(1);
}

function counts(c: Record<string, number>, strip = /^$/): string {
    const entries = Object.entries(c).sort(([x], [y]) => x.localeCompare(y));
    return entries.length === 0 ? '0' : entries.map(([k, v]) => `${k.replace(strip, '')} ${num(v)}`).join(', ');
}

function outcome(o: Partial<Record<Outcome, number>>): string {
    return Object.entries(o)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
}

const thousands = (n: number) => n.toLocaleString('en-US');

/** Median at the largest size over the median at the smallest: what the time grew by as the workspace grew. */
export function growth(rows: ScaleRow[], pick: (r: ScaleRow) => number[]): number {
    const bySize = [...rows].sort((a, b) => a.rooms - b.rooms);
    return median(pick(bySize[bySize.length - 1])) / median(pick(bySize[0]));
}

/** Up to this growth the time counts as flat (a shared machine's noise included); a scan of every room would be ×100. */
export const FLAT_LIMIT = 1.5;

/** The report's time per room at the largest size over that at the smallest: the time grows at most linearly up to this. */
export const LINEAR_LIMIT = 1.5;
/** A measured enforcement rate counts as the set one within these bounds (a slice may start a little late, never early). */
export const RATE_BOUNDS = { min: 0.85, max: 1.05 } as const;

export interface RunsVerdict {
    perRoomGrowth: number;
    linear: boolean;
    /** the uncapped Deno child's peak at the largest size over that at the smallest (V8 sizes its heap by allocation) */
    memoryGrowth: number;
    /** the capped report's Deno resident memory at its end, largest size over smallest */
    cappedGrowth: number;
    /** the report finished with the right numbers at every size with the Deno child's V8 heap capped */
    memoryFlat: boolean;
    atRate: boolean;
    correct: boolean;
    neverTwice: boolean;
    met: boolean;
}

export function runsVerdict(runs: ReadonlyArray<RunsRow>): RunsVerdict | undefined {
    if (runs.length === 0) {
        return undefined;
    }
    const bySize = [...runs].sort((a, b) => a.rooms - b.rooms);
    const [small, large] = [bySize[0], bySize[bySize.length - 1]];
    const perRoom = (r: RunsRow) => r.report.ms / Math.max(1, r.rooms);
    const perRoomGrowth = perRoom(large) / perRoom(small);
    const memoryGrowth = (large.memory.end.peakKiB ?? NaN) / (small.memory.end.peakKiB ?? NaN);
    const cappedGrowth = (large.capped.memory.end.rssKiB ?? NaN) / (small.capped.memory.end.rssKiB ?? NaN);
    const atRate = runs.every((r) => r.enforcement.every((e) => e.measuredRate >= e.rate * RATE_BOUNDS.min && e.measuredRate <= e.rate * RATE_BOUNDS.max));
    const correct = runs.every((r) => r.report.correct);
    const neverTwice = runs.every((r) => r.enforcement.every((e) => e.switchedTwice === 0));
    const linear = runs.length === 1 || perRoomGrowth <= LINEAR_LIMIT;
    const memoryFlat = runs.every((r) => r.capped.correct);
    return { perRoomGrowth, linear, memoryGrowth, cappedGrowth, memoryFlat, atRate, correct, neverTwice, met: linear && memoryFlat && atRate && correct && neverTwice };
}

function renderRuns(result: BenchResult, lines: string[]): void {
    const runs = result.runs;
    lines.push('## Workspace size: `/e2e report` and `/e2e enforce`');
    lines.push('');
    const rates = result.settings.samples.map((x) => x.rate);
    lines.push(
        '| Rooms | Of the kinds the policy covers | Out of policy | `/e2e report` s | ms per 1,000 rooms | getAllRooms pages | CSV files | Numbers right | Enforce dialog ms | ' +
            rates.map((r) => `Enforcement at ${r}/s: measured /s (changes)`).join(' | ') +
            ` | Deno RSS MiB: start / after report / end | Deno peak MiB | Report in a ${runs[0]?.capped.heapMiB ?? '?'} MiB V8 heap: s, numbers right, Deno RSS MiB at its end |`,
    );
    lines.push(`|---:|---:|---:|---:|---:|---:|---:|---|---:|${rates.map(() => '---:|').join('')}---|---:|---|`);
    for (const r of runs) {
        const samples = rates.map((rate) => {
            const e = r.enforcement.find((x) => x.rate === rate);
            return e ? `${e.measuredRate.toFixed(2)} (${e.changes})` : 'n/a';
        });
        lines.push(
            `| ${thousands(r.rooms)} | ${thousands(r.supported)} | ${thousands(r.outOfPolicy)} | ${(r.report.ms / 1000).toFixed(1)} | ${ms((r.report.ms / Math.max(1, r.rooms)) * 1000)} | ` +
                `${thousands(r.report.pages)} | ${r.report.files} | ${r.report.correct ? 'yes' : 'NO'} | ${ms(r.dialogMs)} | ${samples.join(' | ')} | ` +
                `${mib(r.memory.start.rssKiB)} / ${mib(r.memory.afterReport.rssKiB)} / ${mib(r.memory.end.rssKiB)} | ${mib(r.memory.end.peakKiB)} | ` +
                `${(r.capped.ms / 1000).toFixed(1)}, ${r.capped.correct ? 'yes' : 'NO'}, ${mib(r.capped.memory.end.rssKiB)} |`,
        );
    }
    lines.push('');
    const verdict = runsVerdict(runs);
    if (verdict) {
        lines.push(
            `Report time per room at the largest size / at the smallest: ${verdict.perRoomGrowth.toFixed(2)}× (${verdict.linear ? 'at most linear' : 'GROWS FASTER THAN LINEAR'}, ` +
                `counted as linear at ≤ ${LINEAR_LIMIT}×). The app's memory stays flat: ${verdict.memoryFlat ? 'yes' : 'NO'}, the report ` +
                `${verdict.memoryFlat ? 'finished with the right numbers at every size' : 'did NOT finish right at every size'} in a ${runs[0].capped.heapMiB} MiB V8 heap ` +
                `(Deno resident memory at its end, largest size / smallest: ${verdict.cappedGrowth.toFixed(2)}×; without a cap the peak grew ${verdict.memoryGrowth.toFixed(2)}×, ` +
                `as V8 sizes its heap by what is allocated, not by what is kept). Enforcement ran at the set rate ` +
                `(within ${RATE_BOUNDS.min}–${RATE_BOUNDS.max}× of it): ${verdict.atRate ? 'yes' : 'NO'}. The report's numbers equal the workspace's: ` +
                `${verdict.correct ? 'yes' : 'NO'}. No room was switched twice: ${verdict.neverTwice ? 'yes' : 'NO'}.`,
        );
        lines.push('');
    }
    lines.push('The rooms are seeded directly into the database (40 % private channels of which a quarter encrypted, 30 % direct messages of which a');
    lines.push('tenth encrypted, 20 % public channels, 5 % private discussions, 5 % private teams) with `policy_private_channel = required` and');
    lines.push('`policy_direct = disabled`. `/e2e report` is timed from the command to the notice with the numbers: it lists every room through the');
    lines.push('room reader (pages of 100), in slices of about 3 s on the apps scheduler, keeps the rows out of policy in the app\'s persistence');
    lines.push('and sends them as CSV files of at most 10,000 rows. Enforcement (`/e2e enforce private-channel`, then the dialog submitted) runs');
    lines.push('at each rate until the given number of rooms are switched, then is cancelled: the measured rate is the changes after the first');
    lines.push('over the time from the first to the last (`rooms.saveRoomSettings` answers as the REST server logged them). Enforcing every');
    lines.push('room would take hours at 5 a second: the time is the number of rooms out of policy over the rate.');
    lines.push('');
    lines.push('Memory: the 100,000-room report reads about 100 MB of rooms, and an uncapped V8 heap grows with that allocation and gives');
    lines.push('little back, so resident memory alone cannot tell what the app keeps. So the report also runs once more per size in a');
    lines.push('fresh workspace whose Deno child gets `--v8-flags=--max-old-space-size=<cap>` (a wrapper first on the PATH the');
    lines.push('Apps-Engine spawns `deno` from): it can finish with the right numbers at 100,000 rooms only if what the app keeps');
    lines.push('between pages does not grow with the rooms. What it holds at once is one page of 100 rooms and one CSV file of at most');
    lines.push('10,000 rows; the resident memory left beside the cap is the young generation and the file buffers.');
    lines.push('');
}

export function renderMarkdown(result: BenchResult): string {
    const v = verdicts(result);
    const s = result.settings;
    const m = result.machine;
    const lines: string[] = [];
    lines.push('# Benchmarks');
    lines.push('');
    lines.push('What the E2EE Policy app costs every message, and its commands against the size of the workspace, measured in the real');
    lines.push('Apps-Engine runtime (one Deno child process per app) inside the workspace stand-in. Written by `bench/run.ts`; re-run');
    lines.push('the command below to reproduce (the file is overwritten).');
    lines.push('');
    lines.push(`- Command: \`${result.command}\``);
    lines.push(`- Date: ${result.date}`);
    lines.push(`- Machine: ${m.nproc} CPUs (\`nproc\`), ${m.cpu}, ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.os}`);
    lines.push(`- Node ${m.node}, Deno ${m.deno}, @rocket.chat/apps-engine ${m.appsEngine}`);
    lines.push(
        `- Messages: N = ${thousands(s.n)} measured per scenario and app, ${s.warmup} warm-up messages per scenario discarded in each workspace, ` +
            `${s.rounds} round(s) in fresh workspaces in the order ${result.order.join(' → ')}`,
    );
    lines.push(`- Workspace sizes: ${s.sizes.map(thousands).join(', ')} rooms; ${s.reps} timed runs per command after ${s.commandWarmup} warm-up, ${s.installReps} install(s) per size`);
    lines.push('');

    lines.push('## Messages: the app against a do-nothing baseline');
    lines.push('');
    lines.push('| Scenario | App median ms | App p99 ms | App msg/s | Baseline median ms | Baseline p99 ms | Baseline msg/s | Ratio app/baseline | App bridge calls/msg | App HTTP calls/msg | Budget | Met |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
    for (const x of v) {
        const budget = x.budget.zeroCalls ? `≤ ${x.budget.maxRatio.toFixed(2)}, 0 calls` : `≤ ${x.budget.maxRatio.toFixed(2)}`;
        lines.push(
            `| ${x.title} | ${ms(x.app.medianMs)} | ${ms(x.app.p99Ms)} | ${Math.round(x.app.perSecond)} | ${ms(x.baseline.medianMs)} | ${ms(x.baseline.p99Ms)} | ` +
                `${Math.round(x.baseline.perSecond)} | ${x.ratio.toFixed(2)} | ${num(Math.max(x.appBridgeCallsPerMessage, x.appRoundTripsPerMessage))} | ${num(x.appHttpCallsPerMessage)} | ${budget} | ${x.met ? 'yes' : 'NO'} |`,
        );
    }
    lines.push('');
    const missed = v.filter((x) => !x.met);
    lines.push(missed.length === 0 ? '**Every message budget is met.**' : `**Budget not met:** ${missed.map((x) => `${x.title} (${reasons(x)})`).join('; ')}.`);
    lines.push('');
    lines.push('Budget: in an unencrypted room zero bridge and HTTP calls per message and a ratio of at most 1.10; in an encrypted room a ratio of at most 1.25.');
    lines.push('Ratio = app median / baseline median. Bridge calls = the larger of the app\'s requests to the host (bridges and accessors) and the');
    lines.push('host-side bridge calls made for it (`ws.counters()`), each divided by N.');
    lines.push('');
    lines.push('### What each message cost');
    lines.push('');
    lines.push('| Scenario | Path | Engine calls into the app per msg: app | baseline | App requests to the host per msg | Outcome: app | baseline |');
    lines.push('|---|---|---|---|---|---|---|');
    for (const x of v) {
        const def = result.messages.find((r) => r.def.id === x.id)?.def;
        lines.push(
            `| ${x.title} | ${def?.what ?? ''} | ${counts(x.appCallsIntoAppPerMessage)} | ${counts(x.baselineCallsIntoAppPerMessage)} | ` +
                `${counts(x.appRoundTripsByMethodPerMessage, /^accessor:getReader:getEnvironmentReader:|^accessor:|^bridges:/)} | ${outcome(x.outcomes.app)} | ${outcome(x.outcomes.baseline)} |`,
        );
    }
    lines.push('');
    lines.push('The app answers the engine\'s `check*` calls from the message and its cached settings alone, so an allowed message costs one');
    lines.push('check round trip per listener and the engine skips the `execute*` call; the baseline has no `check*` methods (the engine');
    lines.push('gets "method not found" and calls `execute*`). A refused message costs the refusal\'s reads (E2E_Enable and the workspace');
    lines.push('language, read together); the audit trail counts refusals per sender, room, reason and 5 minutes, so only the first refusal');
    lines.push('of a window writes a record (the sender does not wait for it) and the rest are counted in memory.');
    lines.push('');

    lines.push('## Workspace size: commands and install');
    lines.push('');
    lines.push(
        '| Rooms | Users | Subscriptions | `/e2e status` median ms (p99) | `/e2e enable` median ms (p99) | Install + enable median ms | ' +
            'App requests to the host per status / enable | Bridge calls per status / enable | HTTP calls per status / enable | Reads of a whole collection |',
    );
    lines.push('|---:|---:|---:|---:|---:|---:|---|---|---|---|');
    for (const r of result.scale) {
        const st = summarize(r.status.latenciesMs);
        const en = summarize(r.enable.latenciesMs);
        lines.push(
            `| ${thousands(r.rooms)} | ${thousands(r.users)} | ${thousands(r.subscriptions)} | ${ms(st.medianMs)} (${ms(st.p99Ms)}) | ${ms(en.medianMs)} (${ms(en.p99Ms)}) | ` +
                `${ms(median(r.installMs))} | ${num(r.status.roundTrips)} / ${num(r.enable.roundTrips)} | ${num(r.status.bridgeCalls)} / ${num(r.enable.bridgeCalls)} | ` +
                `${num(r.status.httpCalls)} / ${num(r.enable.httpCalls)} | ` +
                `${r.wholeCollectionReads.length === 0 ? 'none' : r.wholeCollectionReads.join(', ')} |`,
        );
    }
    lines.push('');
    if (result.scale.length > 1) {
        const sizes = [...result.scale].sort((a, b) => a.rooms - b.rooms);
        const grew = [
            ['`/e2e status`', growth(result.scale, (r) => r.status.latenciesMs)],
            ['`/e2e enable`', growth(result.scale, (r) => r.enable.latenciesMs)],
            ['install + enable', growth(result.scale, (r) => r.installMs)],
        ] as const;
        const calls = (c: ScaleRow['status']) => `${c.roundTrips}|${c.bridgeCalls}|${c.httpCalls}`;
        const sameCalls = result.scale.every((r) => calls(r.status) === calls(result.scale[0].status) && calls(r.enable) === calls(result.scale[0].enable));
        const noScans = result.scale.every((r) => r.wholeCollectionReads.length === 0);
        const ok = (r: number) => (r <= FLAT_LIMIT ? 'flat' : 'GROWS');
        lines.push(
            `Median at ${thousands(sizes[sizes.length - 1].rooms)} rooms / median at ${thousands(sizes[0].rooms)} rooms ` +
                `(${thousands(sizes[sizes.length - 1].rooms / sizes[0].rooms)}× the rooms): ${grew.map(([name, r]) => `${name} ${r.toFixed(2)}× (${ok(r)})`).join(', ')}; ` +
                `counted as flat at ≤ ${FLAT_LIMIT}×. Requests, bridge and HTTP calls per command ${sameCalls ? 'are the same at every size' : 'CHANGE with the size'}; ` +
                `${noScans ? 'no command read a whole collection' : 'a command READ A WHOLE COLLECTION'}.`,
        );
        lines.push('');
    }
    const enableDone = result.scale.every((r) => r.enable.succeeded === r.enable.latenciesMs.length);
    const statusDone = result.scale.every((r) => r.status.succeeded === r.status.latenciesMs.length);
    lines.push(
        `Every \`/e2e status\` answered: ${statusDone ? 'yes' : 'NO'}; every \`/e2e enable\` turned encryption on: ${enableDone ? 'yes' : 'NO'} ` +
            '(the room is set back to unencrypted in the database between runs, so each run takes the whole path: settings, E2E_Enable, service account, membership, room roles, permission table (cached 10 s by the app), POST rooms.saveRoomSettings, audit write, reply).',
    );
    lines.push('The rooms are seeded directly into the stand-in\'s database (half private, half public, every fourth one encrypted, two members each,');
    lines.push('a tenth as many people as rooms); the commands run as people who are members of a few rooms, `/e2e status` as an administrator');
    lines.push('(who is also shown the service account\'s health: GET /api/v1/me) and `/e2e enable` as the room\'s owner.');
    lines.push('');

    renderRuns(result, lines);

    lines.push('## Memory');
    lines.push('');
    lines.push('| App | Deno child VmRSS MiB | VmHWM (peak) MiB |');
    lines.push('|---|---:|---:|');
    lines.push(`| E2EE Policy | ${mib(result.memory.app.rssKiB)} | ${mib(result.memory.app.peakKiB)} |`);
    lines.push(`| do-nothing baseline | ${mib(result.memory.baseline.rssKiB)} | ${mib(result.memory.baseline.peakKiB)} |`);
    const { app, baseline } = result.memory;
    if (app.rssKiB !== undefined && baseline.rssKiB !== undefined) {
        lines.push(`| difference | ${mib(app.rssKiB - baseline.rssKiB)} | ${mib((app.peakKiB ?? 0) - (baseline.peakKiB ?? 0))} |`);
    }
    lines.push('');
    lines.push('Read from /proc/<pid>/status of each app\'s Deno child at the end of its last message round.');
    lines.push('');

    lines.push('## How it is measured');
    lines.push('');
    lines.push('- The baseline app is built by the benchmark (bench/baseline.ts): the same listener interfaces as EncryptionApp.ts, the same');
    lines.push('  manifest permissions, no `check*` methods, and every `execute*` returns at once. It is packaged with rc-apps like the app; the');
    lines.push('  benchmark checks that rc-apps found the same `implements` list in both packages.');
    lines.push('- One workspace (one AppManager) at a time. Each round starts a fresh workspace with one of the two apps, 8 people and two');
    lines.push('  private rooms (one encrypted), then runs every scenario: warm-up messages, counters reset, N measured messages.');
    lines.push('- Latency: the host-side call the sender waits for (`RocketChatServer.sendMessage` / `editMessage`: room checks, pre-send or');
    lines.push('  pre-update listeners in the app\'s Deno child, insert). Post-send events are fire-and-forget in Rocket.Chat; the benchmark');
    lines.push('  waits for them after each message, outside the timed call, so they never overlap the next message. Messages per second');
    lines.push('  = N / wall time of the whole scenario, post events included. With 8 senders, all 8 send at once and each message is');
    lines.push('  timed on its own.');
    lines.push('- Calls: the stand-in\'s counters (requests from the app\'s process to the host, bridge calls, HTTP requests) and the engine\'s');
    lines.push('  requests into the app\'s process, counted at its runtime controller.');
    lines.push('- Workspace size: for each size a fresh workspace is seeded (`Workspace.seedRooms`), then the app is installed (timed; uninstalled');
    lines.push('  in between when repeated), a service account configured, and the commands timed end to end (`Workspace.runSlashCommand`,');
    lines.push('  including the events they cause).');
    lines.push('');
    return lines.join('\n');
}

function reasons(x: ScenarioVerdict): string {
    const out: string[] = [];
    if (!x.ratioMet) {
        out.push(`ratio ${x.ratio.toFixed(2)} > ${x.budget.maxRatio.toFixed(2)}`);
    }
    if (!x.callsMet) {
        out.push(`${num(Math.max(x.appBridgeCallsPerMessage, x.appRoundTripsPerMessage))} bridge and ${num(x.appHttpCallsPerMessage)} HTTP calls per message`);
    }
    if (!x.behavedAsExpected) {
        out.push('messages did not end as expected');
    }
    return out.join(', ');
}

/** A compact machine-readable summary (no raw samples). */
export function renderJson(result: BenchResult): string {
    const scale = result.scale.map((r) => ({
        rooms: r.rooms,
        users: r.users,
        subscriptions: r.subscriptions,
        seedMs: r.seedMs,
        install: summarize(r.installMs),
        status: { ...summarize(r.status.latenciesMs), bridgeCalls: r.status.bridgeCalls, httpCalls: r.status.httpCalls, roundTrips: r.status.roundTrips, succeeded: r.status.succeeded },
        enable: { ...summarize(r.enable.latenciesMs), bridgeCalls: r.enable.bridgeCalls, httpCalls: r.enable.httpCalls, roundTrips: r.enable.roundTrips, succeeded: r.enable.succeeded },
        wholeCollectionReads: r.wholeCollectionReads,
    }));
    const grew =
        result.scale.length > 1
            ? {
                  status: growth(result.scale, (r) => r.status.latenciesMs),
                  enable: growth(result.scale, (r) => r.enable.latenciesMs),
                  install: growth(result.scale, (r) => r.installMs),
              }
            : undefined;
    return (
        JSON.stringify(
            {
                date: result.date,
                command: result.command,
                machine: result.machine,
                settings: result.settings,
                order: result.order,
                messages: verdicts(result),
                memory: result.memory,
                scale,
                growth: grew,
                runs: result.runs,
                runsVerdict: runsVerdict(result.runs),
            },
            null,
            2,
        ) + '\n'
    );
}
