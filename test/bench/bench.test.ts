// Runs the benchmark tool (bench/run.ts) in quick mode with a tiny N, as `npm run bench -- --quick` would, and checks
// what it wrote: a table with every scenario, and the counts (not timings, which this shared machine makes noisy).
import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { describe, expect, it } from '@jest/globals';

import { SCENARIOS } from '../../bench/messages';

const ROOT = path.resolve(__dirname, '..', '..');

interface Summary {
    messages: Array<{
        id: string;
        title: string;
        appRoundTripsPerMessage: number;
        appBridgeCallsPerMessage: number;
        appHttpCallsPerMessage: number;
        appCallsIntoAppPerMessage: Record<string, number>;
        outcomes: { app: Record<string, number>; baseline: Record<string, number> };
        behavedAsExpected: boolean;
    }>;
    scale: Array<{ rooms: number; status: { succeeded: number; count: number }; enable: { succeeded: number; count: number }; wholeCollectionReads: string[] }>;
    memory: { app: { rssKiB?: number }; baseline: { rssKiB?: number } };
    runs: Array<{
        rooms: number;
        outOfPolicy: number;
        report: { pages: number; files: number; correct: boolean };
        enforcement: Array<{ rate: number; changes: number; measuredRate: number; switchedTwice: number }>;
        memory: { end: { peakKiB?: number } };
        capped: { heapMiB: number; correct: boolean; memory: { end: { rssKiB?: number } } };
    }>;
    runsVerdict: { correct: boolean; neverTwice: boolean; memoryFlat: boolean };
}

function runTool(args: string[]): Promise<{ stdout: string; stderr: string }> {
    const tsx = require.resolve('tsx/cli', { paths: [ROOT] });
    return new Promise((resolve, reject) => {
        execFile(process.execPath, [tsx, path.join('bench', 'run.ts'), ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 400000 }, (error, stdout, stderr) => {
            if (error) {
                reject(new Error(`bench/run.ts failed: ${error.message}\n${stderr.slice(-4000)}`));
                return;
            }
            resolve({ stdout, stderr });
        });
    });
}

describe('npm run bench -- --quick', () => {
    it('writes the table with every scenario; an unencrypted room costs the app no bridge or HTTP call', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
        const out = path.join(dir, 'BENCHMARKS.md');
        const json = path.join(dir, 'bench.json');
        await runTool(['--quick', '--n', '16', '--warmup', '2', '--sizes', '50,200', '--reps', '2', '--out', out, '--json', json]);

        const markdown = fs.readFileSync(out, 'utf8');
        expect(markdown).toContain('npm run bench -- --quick --n 16');
        for (const def of SCENARIOS) {
            expect(markdown).toMatch(new RegExp(`^\\| ${def.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\|`, 'm'));
        }
        expect(markdown).toMatch(/^\| 50 \| /m);
        expect(markdown).toMatch(/^\| 200 \| /m);
        expect(markdown).toContain('| E2EE Policy |');

        const summary = JSON.parse(fs.readFileSync(json, 'utf8')) as Summary;
        expect(summary.messages.map((m) => m.id)).toEqual(SCENARIOS.map((d) => d.id));
        for (const def of SCENARIOS.filter((d) => d.room === 'unencrypted')) {
            const m = summary.messages.find((x) => x.id === def.id);
            expect(m).toMatchObject({ appRoundTripsPerMessage: 0, appBridgeCallsPerMessage: 0, appHttpCallsPerMessage: 0, behavedAsExpected: true });
            // an allowed message: only the two check calls, never an execute call
            expect(m?.appCallsIntoAppPerMessage).toEqual({ checkPreMessageSentPrevent: 1, checkPreMessageSentModify: 1 });
        }
        const refused = summary.messages.find((x) => x.id === 'plaintext-refused-encrypted');
        expect(refused?.outcomes).toEqual({ app: { refused: 16 }, baseline: { stored: 16 } });
        for (const row of summary.scale) {
            expect(row.status.succeeded).toBe(row.status.count);
            expect(row.enable.succeeded).toBe(row.enable.count);
            expect(row.wholeCollectionReads).toEqual([]);
        }
        expect(summary.memory.app.rssKiB).toBeGreaterThan(0);
        expect(summary.memory.baseline.rssKiB).toBeGreaterThan(0);

        // /e2e report and /e2e enforce at each size: the report's numbers are the workspace's, listed page by page;
        // enforcement switched rooms at both rates without switching any twice
        expect(markdown).toContain('## Workspace size: `/e2e report` and `/e2e enforce`');
        expect(summary.runs.map((r) => r.rooms)).toEqual([50, 200]);
        for (const row of summary.runs) {
            expect(row.outOfPolicy).toBeGreaterThan(0);
            expect(row.report).toMatchObject({ correct: true, files: 1 });
            expect(row.report.pages).toBeGreaterThanOrEqual(4);
            expect(row.enforcement.map((e) => e.rate)).toEqual([5, 50]);
            for (const e of row.enforcement) {
                expect(e.changes).toBeGreaterThanOrEqual(2);
                expect(e.measuredRate).toBeGreaterThan(0);
                expect(e.measuredRate).toBeLessThanOrEqual(e.rate * 1.05);
                expect(e.switchedTwice).toBe(0);
            }
            expect(row.memory.end.peakKiB).toBeGreaterThan(0);
            // the report again with the Deno child's V8 heap capped: the same numbers
            expect(row.capped).toMatchObject({ heapMiB: 32, correct: true });
            expect(row.capped.memory.end.rssKiB).toBeGreaterThan(0);
        }
        expect(summary.runsVerdict).toMatchObject({ correct: true, neverTwice: true, memoryFlat: true });
    }, 420000);
});
