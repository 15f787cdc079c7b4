// Runs scripts/prepare-deno.js (idempotent, fast when ready) so the engine's Deno child can start offline.
import { execFileSync } from 'child_process';
import path from 'path';

import { PROJECT_ROOT } from './Engine';

export function prepareDeno(): void {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'prepare-deno.js')], { cwd: PROJECT_ROOT, stdio: 'inherit' });
}
