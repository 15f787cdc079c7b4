// `npm run bench [-- --n 2000 --sizes 1000,10000,100000 --out BENCHMARKS.md --json FILE --quick --strict]`
// Measures, in the real Apps-Engine runtime inside the workspace stand-in, what the app costs every message against
// a do-nothing baseline app, its commands and install against the size of the workspace, and its Deno child's
// memory; writes BENCHMARKS.md. See bench/report.ts for what each column means.
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { prepareDeno } from '../workspace/engine/prepare';
import { DEFAULT_ZIP, Workspace } from '../workspace/Workspace';
import { buildBaselineZip } from './baseline';
import { CallsIntoApp, denoMemory } from './instrument';
import type { Memory } from './instrument';
import { mergeSamples, prepareFixture, runScenario, SCENARIOS } from './messages';
import type { ScenarioSample } from './messages';
import { renderJson, renderMarkdown, runsVerdict, verdicts } from './report';
import type { BenchResult, Machine, RunSettings } from './report';
import type { RunsRow } from './runs';
import { measureRuns } from './runs';
import { measureSize } from './scale';
import type { ScaleRow } from './scale';

const ROOT = path.resolve(__dirname, '..');

export interface Options extends RunSettings {
    out: string;
    json?: string;
    zip: string;
    quick: boolean;
    strict: boolean;
}

const FULL: RunSettings = {
    n: 2000,
    warmup: 100,
    rounds: 4,
    sizes: [1000, 10000, 100000],
    reps: 30,
    commandWarmup: 5,
    installReps: 3,
    // enforcement at the default rate and at the highest one, each over about 5 seconds of changes
    samples: [
        { rate: 5, changes: 26 },
        { rate: 50, changes: 251 },
    ],
};
const QUICK: RunSettings = {
    n: 40,
    warmup: 5,
    rounds: 1,
    sizes: [100, 1000],
    reps: 5,
    commandWarmup: 1,
    installReps: 1,
    samples: [
        { rate: 5, changes: 6 },
        { rate: 50, changes: 26 },
    ],
};

const USAGE = `usage: npm run bench -- [options]
  --n N              measured messages per scenario and app (default ${FULL.n}; quick ${QUICK.n})
  --warmup W         warm-up messages per scenario in each workspace (default ${FULL.warmup}; quick ${QUICK.warmup})
  --rounds R         fresh workspaces per app, alternating app and baseline (default ${FULL.rounds}; quick ${QUICK.rounds})
  --sizes A,B,C      workspace sizes in rooms (default ${FULL.sizes.join(',')}; quick ${QUICK.sizes.join(',')})
  --reps K           timed runs per command and size (default ${FULL.reps}; quick ${QUICK.reps})
  --installs K       timed installs per size (default ${FULL.installReps}; quick ${QUICK.installReps})
  --out FILE         markdown report (default BENCHMARKS.md)
  --json FILE        also write a JSON summary
  --zip FILE         the app package (default dist/encryption-policy_1.0.0.zip)
  --quick            small defaults for a smoke run
  --strict           exit 1 when a budget is not met`;

function positiveInt(flag: string, value: string | undefined): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || (n === 0 && flag !== '--warmup')) {
        throw new Error(`${flag} needs a positive integer, got ${JSON.stringify(value)}`);
    }
    return n;
}

export function parseOptions(argv: string[]): Options {
    const quick = argv.includes('--quick');
    const o: Options = { ...(quick ? QUICK : FULL), sizes: [...(quick ? QUICK : FULL).sizes], out: path.join(ROOT, 'BENCHMARKS.md'), zip: DEFAULT_ZIP, quick, strict: false };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined) {
                throw new Error(`${flag} needs a value`);
            }
            return v;
        };
        switch (flag) {
            case '--quick':
                break;
            case '--strict':
                o.strict = true;
                break;
            case '--n':
                o.n = positiveInt(flag, value());
                break;
            case '--warmup':
                o.warmup = positiveInt(flag, value());
                break;
            case '--rounds':
                o.rounds = positiveInt(flag, value());
                break;
            case '--reps':
                o.reps = positiveInt(flag, value());
                break;
            case '--installs':
                o.installReps = positiveInt(flag, value());
                break;
            case '--sizes':
                o.sizes = value()
                    .split(',')
                    .filter(Boolean)
                    .map((s) => positiveInt(flag, s.replace(/_/g, '')));
                break;
            case '--out':
                o.out = path.resolve(value());
                break;
            case '--json':
                o.json = path.resolve(value());
                break;
            case '--zip':
                o.zip = path.resolve(value());
                break;
            case '--help':
            case '-h':
                console.log(USAGE);
                process.exit(0);
                break;
            default:
                throw new Error(`unknown option ${flag}\n${USAGE}`);
        }
    }
    if (o.rounds > o.n) {
        throw new Error('--rounds cannot exceed --n');
    }
    return o;
}

function log(line: string): void {
    console.error(`[bench] ${line}`);
}

function machine(): Machine {
    let nproc = os.cpus().length;
    try {
        nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
    } catch {
        // nproc missing: the CPU count the OS reports
    }
    let cpu = os.cpus()[0]?.model ?? 'unknown';
    try {
        const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
        cpu = m ? m[1].trim() : cpu;
    } catch {
        // not Linux
    }
    let deno = 'unknown';
    try {
        const out = execFileSync(path.join(ROOT, '.deno', 'bin', 'deno'), ['--version'], { encoding: 'utf8' });
        deno = /deno (\S+)/.exec(out)?.[1] ?? deno;
    } catch {
        // reported as unknown
    }
    const engine = JSON.parse(fs.readFileSync(require.resolve('@rocket.chat/apps-engine/package.json', { paths: [ROOT] }), 'utf8')) as { version: string };
    return {
        nproc,
        cpu,
        memoryGiB: os.totalmem() / 1024 ** 3,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        node: process.version,
        deno,
        appsEngine: engine.version,
    };
}

/** One fresh workspace with one app: every scenario, then the Deno child's memory. */
async function messageRound(zipPath: string, n: number, warmup: number): Promise<{ samples: ScenarioSample[]; memory: Memory }> {
    const ws = await Workspace.start({ zipPath, settings: { E2E_Enable: true } });
    try {
        const calls = new CallsIntoApp(ws);
        const fixture = await prepareFixture(ws);
        const samples: ScenarioSample[] = [];
        for (const def of SCENARIOS) {
            samples.push(await runScenario(ws, fixture, calls, def, n, warmup));
        }
        await ws.settle();
        return { samples, memory: denoMemory(ws) };
    } finally {
        await ws.stop();
    }
}

export async function runBench(o: Options, command: string): Promise<BenchResult> {
    prepareDeno();
    if (!fs.existsSync(o.zip)) {
        throw new Error(`${path.relative(ROOT, o.zip)} is missing: run \`npm run package\` (npm run bench does it first)`);
    }
    const baselineZip = buildBaselineZip(o.zip, log);
    const zips = { app: o.zip, baseline: baselineZip };

    const collected: Record<'app' | 'baseline', ScenarioSample[][]> = { app: [], baseline: [] };
    const memory: Record<'app' | 'baseline', Memory> = { app: {}, baseline: {} };
    const order: string[] = [];
    for (let round = 0; round < o.rounds; round++) {
        // N split over the rounds; app, baseline, baseline, app, ... so that a slow drift hits both alike
        const n = Math.floor(o.n / o.rounds) + (round < o.n % o.rounds ? 1 : 0);
        const kinds: Array<'app' | 'baseline'> = round % 2 === 0 ? ['app', 'baseline'] : ['baseline', 'app'];
        for (const kind of kinds) {
            log(`round ${round + 1}/${o.rounds}: ${kind}, ${n} messages per scenario`);
            const r = await messageRound(zips[kind], n, o.warmup);
            collected[kind].push(r.samples);
            memory[kind] = r.memory;
            order.push(kind);
        }
    }
    const messages = SCENARIOS.map((def, i) => ({
        def,
        app: mergeSamples(collected.app.map((round) => round[i])),
        baseline: mergeSamples(collected.baseline.map((round) => round[i])),
    }));

    const scale: ScaleRow[] = [];
    for (const rooms of o.sizes) {
        log(`workspace with ${rooms} rooms`);
        scale.push(await measureSize(rooms, { zipPath: o.zip, reps: o.reps, warmup: o.commandWarmup, installReps: o.installReps, log }));
    }

    const runs: RunsRow[] = [];
    for (const rooms of o.sizes) {
        log(`report and enforcement with ${rooms} rooms`);
        runs.push(await measureRuns(rooms, { zipPath: o.zip, samples: o.samples, log }));
    }

    const settings: RunSettings = {
        n: o.n,
        warmup: o.warmup,
        rounds: o.rounds,
        sizes: o.sizes,
        reps: o.reps,
        commandWarmup: o.commandWarmup,
        installReps: o.installReps,
        samples: o.samples,
    };
    return { date: new Date().toISOString(), command, machine: machine(), settings, order, messages, memory, scale, runs };
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    const options = parseOptions(argv);
    const command = argv.length === 0 ? 'npm run bench' : `npm run bench -- ${argv.join(' ')}`;
    const result = await runBench(options, command);
    const markdown = renderMarkdown(result);
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, markdown);
    if (options.json) {
        fs.mkdirSync(path.dirname(options.json), { recursive: true });
        fs.writeFileSync(options.json, renderJson(result));
    }
    console.log(markdown);
    log(`written to ${path.relative(process.cwd(), options.out) || options.out}`);
    const missed = verdicts(result).filter((v) => !v.met);
    if (options.strict && (missed.length > 0 || runsVerdict(result.runs)?.met === false)) {
        process.exitCode = 1;
    }
}

if (require.main === module) {
    main().catch((e) => {
        console.error(e instanceof Error ? e.stack ?? e.message : e);
        process.exit(1);
    });
}
