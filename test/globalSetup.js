// Runs once before the suite: the integration tests load the packaged zip into the real
// Apps-Engine runtime, so package the app and make sure the offline Deno cache is ready.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

module.exports = async () => {
    const root = path.resolve(__dirname, '..');
    try {
        execFileSync(process.execPath, [path.join(root, 'scripts', 'package.js')], { cwd: root, stdio: 'pipe' });
    } catch (error) {
        console.error(String(error.stdout || ''), String(error.stderr || ''));
        throw new Error('Packaging the app failed: see the output above (`npm run package` shows the same).');
    }
    const prepare = path.join(root, 'scripts', 'prepare-deno.js');
    if (fs.existsSync(prepare)) {
        execFileSync(process.execPath, [prepare], { cwd: root, stdio: 'inherit' });
    }
};
