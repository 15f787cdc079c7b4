// `npm start [-- options]`: the command-line options, parsed by a pure function.

export interface CliOptions {
    /** keep the workspace in this file: loaded when it exists (no demo organisation, no tour), saved on exit */
    dataPath?: string;
    /** REST port (default: a free one) */
    port: number;
    /** the app package to install (default dist/encryption-policy_1.0.0.zip) */
    zipPath?: string;
    /** run the guided tour (fresh workspaces only) */
    tour: boolean;
    /** read commands even without a terminal (piped input) */
    prompt: boolean;
    /** package the app even when dist/ is up to date */
    repackage: boolean;
    help: boolean;
    errors: string[];
}

export const CLI_USAGE = `npm start [-- options]
Packages the app when its sources changed, starts the workspace stand-in with a demo organisation, runs a guided
tour of the app's features, then (with a terminal) an interactive prompt.
  --data PATH   keep the workspace in PATH: loaded when it exists (then no demo organisation is created and the
                tour is skipped), saved on exit (without the service account's token: a new one is issued on load)
  --port N      serve the REST emulation on port N (default: a free port)
  --zip PATH    install this app package instead of dist/encryption-policy_1.0.0.zip (not repackaged)
  --repackage   package the app even when dist/ is newer than every source file
  --no-tour     skip the guided tour
  --prompt      read prompt commands from stdin even when it is not a terminal (e.g. piped from a file)
  --help        this text
Without a terminal (CI, npm start < /dev/null) it runs the tour and exits: 0 when every check passed.`;

export function parseCliArgs(argv: ReadonlyArray<string>): CliOptions {
    const options: CliOptions = { port: 0, tour: true, prompt: false, repackage: false, help: false, errors: [] };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
        const value = () => inline ?? argv[++i];
        /** A file path after the flag (not another flag), or an error. */
        const filePath = (): string | undefined => {
            const v = value();
            if (v && !v.startsWith('--')) {
                return v;
            }
            options.errors.push(`${flag} needs a file path`);
            return undefined;
        };
        switch (flag) {
            case '--data':
                options.dataPath = filePath() ?? options.dataPath;
                break;
            case '--port': {
                const v = Number(value());
                if (Number.isInteger(v) && v >= 0 && v < 65536) {
                    options.port = v;
                } else {
                    options.errors.push('--port needs a port number');
                }
                break;
            }
            case '--zip':
                options.zipPath = filePath() ?? options.zipPath;
                break;
            case '--no-tour':
                options.tour = false;
                break;
            case '--repackage':
                options.repackage = true;
                break;
            case '--prompt':
                options.prompt = true;
                break;
            case '--help':
            case '-h':
                options.help = true;
                break;
            default:
                options.errors.push(`unknown option ${arg}`);
        }
    }
    return options;
}
