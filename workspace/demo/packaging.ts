// `npm start` packages the app (scripts/package.js, the same as `npm run package`) unless dist/ already holds a
// package at least as new as every file that goes into it: packaging compiles the whole app and takes most of
// the start-up time.
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

/** What scripts/package.js copies into the package, plus the lock file (engine and compiler versions). */
export const PACKAGE_INPUTS: ReadonlyArray<string> = ['app.json', 'package.json', 'package-lock.json', 'EncryptionApp.ts', 'icon.png', 'src', 'i18n'];

/** The newest modification time (ms) of a file or of any file below a folder; 0 when missing. */
export function newestMtime(target: string): number {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(target);
    } catch {
        return 0;
    }
    if (!stat.isDirectory()) {
        return stat.mtimeMs;
    }
    return fs.readdirSync(target).reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

/** Why the package must be (re)built, or undefined when it is current. */
export function packagingReason(root: string, zipPath: string): string | undefined {
    const zipTime = newestMtime(zipPath);
    if (zipTime === 0) {
        return `${path.relative(root, zipPath)} does not exist`;
    }
    const changed = PACKAGE_INPUTS.filter((input) => newestMtime(path.join(root, input)) > zipTime);
    return changed.length ? `changed since it was packaged: ${changed.join(', ')}` : undefined;
}

/** Runs scripts/package.js when needed (or always with `force`); returns whether it did. */
export function ensurePackaged(root: string, zipPath: string, out: (line: string) => void, force = false): boolean {
    const reason = force ? 'asked to (--repackage)' : packagingReason(root, zipPath);
    if (!reason) {
        out(`${path.relative(root, zipPath)} is up to date with the app's sources (--repackage rebuilds it anyway).`);
        return false;
    }
    out(`Packaging the app (${reason})...`);
    execFileSync(process.execPath, [path.join(root, 'scripts', 'package.js')], { cwd: root, stdio: 'inherit' });
    return true;
}
