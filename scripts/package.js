#!/usr/bin/env node
'use strict';
// Packages the app with `rc-apps package` from a staging folder that holds only the app's own
// files: the compiler would otherwise compile and zip every .ts file in the project (tests, the
// workspace stand-in) and rewrite the committed app.json in place.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const APP_FILES = ['app.json', 'package.json', 'EncryptionApp.ts', 'icon.png', 'src', 'i18n'];

// A fresh folder per run, so two runs at once (the test suite and `npm run package`) never collide.
fs.mkdirSync(path.join(root, 'build'), { recursive: true });
const stage = fs.mkdtempSync(path.join(root, 'build', 'package-'));
try {
    for (const entry of APP_FILES) {
        fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
    }
    // The compiler loads the engine's definitions from `<app folder>/node_modules`.
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

    const cli = require.resolve('@rocket.chat/apps-cli/bin/run', { paths: [root] });
    execFileSync(process.execPath, [cli, 'package'], { cwd: stage, stdio: 'inherit' });

    const manifest = JSON.parse(fs.readFileSync(path.join(stage, 'app.json'), 'utf8'));
    const zipName = `${manifest.nameSlug}_${manifest.version}.zip`;
    fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
    // Write beside, then rename: a reader never sees a half-written zip.
    const target = path.join(root, 'dist', zipName);
    fs.copyFileSync(path.join(stage, 'dist', zipName), `${target}.${process.pid}.tmp`);
    fs.renameSync(`${target}.${process.pid}.tmp`, target);
    console.log(`packaged dist/${zipName}`);
} finally {
    fs.rmSync(stage, { recursive: true, force: true });
}
