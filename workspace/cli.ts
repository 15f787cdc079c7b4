// `npm start [-- --data PATH]`: runs the workspace stand-in with the packaged app until Ctrl-C.
// With --data, the state is loaded from PATH when it exists and saved back to it on exit.
import fs from 'fs';
import path from 'path';

import { prepareDeno } from './engine/prepare';
import { Workspace } from './Workspace';

function argValue(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
    prepareDeno();
    const dataPath = argValue('--data');
    const port = Number(argValue('--port') ?? 0);
    const ws = await Workspace.start({ dataPath: dataPath && fs.existsSync(dataPath) ? dataPath : undefined, restPort: port });
    console.log(`workspace stand-in: REST API at ${ws.restUrl}/api/v1`);
    console.log(`app ${ws.app?.name} ${ws.app?.version} (${ws.appId}) enabled=${await ws.isAppEnabled()}`);
    console.log(`administrator: username "admin", password "admin" (local test account)`);
    console.log(`slash commands: ${ws.registeredCommands().map((c) => '/' + c).join(', ') || 'none'}`);
    let stopping = false;
    const stop = async () => {
        if (stopping) {
            return;
        }
        stopping = true;
        if (dataPath) {
            ws.saveState(path.resolve(dataPath));
            console.log(`state saved to ${dataPath}`);
        }
        await ws.stop();
        process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
}

main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
});
