// `npm start [-- --data PATH --port N --no-tour --prompt --repackage --zip PATH]`: packages the app when its sources
// changed, then the workspace stand-in with a demo organisation, a guided tour of the app, then an interactive
// prompt (with a terminal). See workspace/demo/ and `npm start -- --help`.
import fs from 'fs';
import path from 'path';

import { PROJECT_ROOT } from './engine/Engine';
import { prepareDeno } from './engine/prepare';
import { DEFAULT_ZIP, Workspace } from './Workspace';
import { auditRecords } from './demo/effects';
import { findRoom } from './demo/labels';
import { CLI_USAGE, parseCliArgs } from './demo/options';
import { configureServiceAccount, createOrganisation, saveDemoState } from './demo/organisation';
import { ensurePackaged } from './demo/packaging';
import { runPrompt } from './demo/prompt';
import { DemoSession } from './demo/session';
import { runTour } from './demo/tour';

async function main(): Promise<number> {
    const options = parseCliArgs(process.argv.slice(2));
    if (options.help || options.errors.length) {
        for (const e of options.errors) {
            console.error(e);
        }
        console.log(CLI_USAGE);
        return options.errors.length ? 2 : 0;
    }
    const out = (line: string) => console.log(line);
    const terminal = Boolean(process.stdin.isTTY);
    const interactive = terminal || options.prompt;
    if (!options.zipPath) {
        ensurePackaged(PROJECT_ROOT, DEFAULT_ZIP, out, options.repackage);
    }
    prepareDeno();
    const load = options.dataPath && fs.existsSync(options.dataPath) ? options.dataPath : undefined;
    // as Rocket.Chat in production: the REST rate limiter on every route (the service account is admin: it bypasses it)
    const ws = await Workspace.start({ dataPath: load, restPort: options.port, zipPath: options.zipPath, rateLimiter: true });
    let exitCode = 0;
    let stopped = false;
    const shutdown = async () => {
        if (stopped) {
            return;
        }
        stopped = true;
        if (options.dataPath) {
            saveDemoState(ws, options.dataPath);
            out(`state saved to ${options.dataPath}`);
        }
        await ws.stop();
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
            void shutdown().finally(() => process.exit(130));
        });
    }
    try {
        const session = new DemoSession(ws, { out, color: Boolean(process.stdout.isTTY) });
        out(session.term.bold('E2EE Policy app in the workspace stand-in'));
        out('This is not Rocket.Chat and not a chat server: an in-memory stand-in for the parts of Rocket.Chat the app');
        out(`uses, running the packaged app (${path.relative(process.cwd(), options.zipPath ?? DEFAULT_ZIP)}) in the real Apps-Engine 1.59.0 runtime.`);
        out(`App ${ws.app?.name} ${ws.app?.version}, enabled: ${await ws.isAppEnabled()}; REST emulation at ${ws.restUrl}/api/v1 (what the app calls).`);
        out('');
        if (load) {
            await configureServiceAccount(ws);
            const model = ws.server.model;
            out(`Workspace loaded from ${load}: ${model.users.size} users, ${model.rooms.size} rooms, ${model.messages.size} messages, ${auditRecords(ws).length} audit records.`);
            out('The demo organisation is not recreated and the tour is skipped (it needs a fresh organisation);');
            out('the service account got a new personal access token (saved files never hold one).');
        } else {
            const org = await createOrganisation(ws, out);
            if (options.tour) {
                const result = await runTour(session, org);
                exitCode = result.passed ? 0 : 1;
            }
        }
        if (interactive) {
            session.here = findRoom(ws.server.model, '#general') ?? session.here;
            await runPrompt(session, { input: process.stdin, output: process.stdout, terminal });
        } else {
            out('');
            out('No terminal: done. In a terminal, npm start goes on to an interactive prompt (--prompt reads commands from stdin).');
        }
    } catch (e) {
        console.error(e instanceof Error ? e.stack ?? e.message : e);
        exitCode = 1;
    } finally {
        await shutdown();
    }
    return exitCode;
}

main().then(
    (code) => process.exit(code),
    (e) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
    },
);
