// Runs once before the suite: the integration tests load the packaged zip into the real
// Apps-Engine runtime, so package the app and make sure the offline Deno cache is ready.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

module.exports = async () => {
    const root = path.resolve(__dirname, '..');
    execFileSync(process.execPath, [path.join(root, 'scripts', 'package.js')], { cwd: root, stdio: 'ignore' });
    const prepare = path.join(root, 'scripts', 'prepare-deno.js');
    if (fs.existsSync(prepare)) {
        execFileSync(process.execPath, [prepare], { cwd: root, stdio: 'inherit' });
    }
};
