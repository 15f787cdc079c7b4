// The interactive prompt: one command a line (see commands.ts), carried out by the session, until quit,
// Ctrl-D or Ctrl-C.
import readline from 'readline';

import { parseCommand, USAGE } from './commands';
import { roomLabel } from './labels';
import { executeCommand } from './execute';
import type { DemoSession } from './session';

const COMMAND_WORDS = [...Object.keys(USAGE).filter((k) => k !== '/e2e'), 'exit', '/e2e'];

/** Tab completion: command names first, then #rooms, @users and the /e2e sub-commands. */
export function completions(line: string, names: { rooms: string[]; users: string[] }): [string[], string] {
    const parts = line.split(/\s+/);
    const word = parts[parts.length - 1] ?? '';
    let candidates: string[];
    if (parts.length <= 1) {
        candidates = COMMAND_WORDS;
    } else if (parts[0] === '/e2e' && parts.length === 2) {
        candidates = ['help', 'status', 'enable', 'disable', 'reset-key', 'audit'];
    } else if (word.startsWith('#')) {
        candidates = names.rooms.filter((r) => r.startsWith('#'));
    } else if (word.startsWith('@')) {
        candidates = [...names.users.map((u) => '@' + u), ...names.rooms.filter((r) => r.startsWith('@'))];
    } else if (parts[0] === 'click') {
        candidates = ['e2e-status', 'e2e-enable', 'e2e-disable'];
    } else if (parts[0] === 'as' || parts[0] === 'inspect') {
        candidates = names.users;
    } else {
        candidates = [];
    }
    const hits = candidates.filter((c) => c.startsWith(word));
    return [hits, word];
}

export async function runPrompt(session: DemoSession, io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; terminal: boolean }): Promise<void> {
    const rl = readline.createInterface({
        input: io.input,
        output: io.output,
        terminal: io.terminal,
        completer: (line: string) => {
            const model = session.ws.server.model;
            return completions(line, { rooms: [...model.rooms.values()].map(roomLabel), users: [...model.users.values()].map((u) => u.username) });
        },
    });
    rl.on('SIGINT', () => rl.close());
    session.term.print();
    session.term.print(session.term.bold('Interactive prompt') + ' — act as any user. Type help for the commands, quit to leave.');
    const prompt = () => {
        if (io.terminal) {
            rl.setPrompt(session.promptText());
            rl.prompt();
        }
    };
    prompt();
    try {
        for await (const line of rl) {
            if (!io.terminal && line.trim()) {
                // echo piped commands, so a transcript reads like a session
                session.term.print(`${session.promptText()}${line}`);
            }
            let result: 'quit' | undefined;
            try {
                result = await executeCommand(session, parseCommand(line));
            } catch (e) {
                session.term.print(`  error: ${e instanceof Error ? e.message : String(e)}`);
            }
            if (result === 'quit') {
                break;
            }
            prompt();
        }
    } finally {
        rl.close();
    }
}
