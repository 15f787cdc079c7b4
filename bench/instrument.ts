// What the benchmark observes besides time: the calls the engine makes into an app's Deno process (check* and
// execute* methods), and that process's resident memory.
import fs from 'fs';
import os from 'os';
import path from 'path';

import type { Workspace } from '../workspace/Workspace';

interface RuntimeController {
    sendRequest(message: { method: string; params?: unknown[] }, options?: unknown): Promise<unknown>;
    deno?: { pid?: number };
}

function controllerOf(ws: Workspace): RuntimeController {
    return ws.engine.manager.getOneById(ws.appId).getRuntimeController() as unknown as RuntimeController;
}

/** Counts the requests the host sends to the app's process, by method (e.g. `app:checkPreMessageSentPrevent`). */
export class CallsIntoApp {
    private counts: Record<string, number> = {};

    constructor(ws: Workspace) {
        const controller = controllerOf(ws);
        const original = controller.sendRequest.bind(controller);
        controller.sendRequest = (message, options) => {
            const method = typeof message?.method === 'string' ? message.method : 'unknown';
            this.counts[method] = (this.counts[method] ?? 0) + 1;
            return original(message, options);
        };
    }

    reset(): void {
        this.counts = {};
    }

    /** Only the listener calls (app:check*, app:execute*). */
    snapshot(): Record<string, number> {
        const out: Record<string, number> = {};
        for (const [method, n] of Object.entries(this.counts)) {
            if (/^app:(check|execute)/.test(method)) {
                out[method.slice('app:'.length)] = n;
            }
        }
        return out;
    }
}

export function denoPid(ws: Workspace): number | undefined {
    return controllerOf(ws).deno?.pid;
}

export interface Memory {
    pid?: number;
    /** VmRSS, KiB */
    rssKiB?: number;
    /** VmHWM (peak resident), KiB */
    peakKiB?: number;
}

/** The Deno child's resident memory from /proc/<pid>/status (Linux). */
export function denoMemory(ws: Workspace): Memory {
    const pid = denoPid(ws);
    if (!pid) {
        return {};
    }
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        const field = (name: string) => {
            const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
            return m ? Number(m[1]) : undefined;
        };
        return { pid, rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
    } catch {
        return { pid };
    }
}

/**
 * Runs every Deno child spawned from now on with its V8 old space capped at `mib` MiB, until the returned function is
 * called. The Apps-Engine spawns `deno` found on the PATH it reads at spawn time (AppsEngineDenoRuntime passes
 * `process.env.PATH` and nothing else), so a wrapper put first on PATH adds the flag in front of the one
 * scripts/prepare-deno.js made. Used to show what the app really keeps: without a cap V8 sizes its heap by how much
 * is allocated, not by how much is live.
 */
export function capDenoHeap(mib: number): () => void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deno-heap-cap-'));
    const inner = (process.env.PATH ?? '').split(path.delimiter).find((p) => fs.existsSync(path.join(p, 'deno')));
    if (!inner) {
        throw new Error('no deno on PATH: run scripts/prepare-deno.js first');
    }
    const wrapper = path.join(dir, 'deno');
    fs.writeFileSync(
        wrapper,
        `#!/bin/sh\nif [ "$1" = "run" ]; then\n    shift\n    exec "${path.join(inner, 'deno')}" run --v8-flags=--max-old-space-size=${mib} "$@"\nfi\nexec "${path.join(inner, 'deno')}" "$@"\n`,
        { mode: 0o755 },
    );
    const before = process.env.PATH;
    process.env.PATH = `${dir}${path.delimiter}${before ?? ''}`;
    return () => {
        process.env.PATH = before;
        fs.rmSync(dir, { recursive: true, force: true });
    };
}
