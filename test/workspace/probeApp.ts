// Zips the probe fixture app (test/workspace/fixtures/probe-app) into an installable package.
import fs from 'fs';
import os from 'os';
import path from 'path';

import AdmZip from 'adm-zip';

export const PROBE_APP_ID = '0f6b1f0e-9d7e-4f51-8a3a-5d1c9e2b7a10';

export function buildProbeZip(): string {
    const dir = path.join(__dirname, 'fixtures', 'probe-app');
    const zip = new AdmZip();
    for (const file of ['app.json', 'ProbeApp.js', 'icon.png']) {
        zip.addFile(file, fs.readFileSync(path.join(dir, file)));
    }
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probe-app-')), 'workspace-probe_0.0.1.zip');
    fs.writeFileSync(out, zip.toBuffer());
    return out;
}
