// Installs the packaged app (dist/encryption-policy_1.0.0.zip, built by globalSetup) in the real Apps-Engine
// runtime with the manifest's permissions, as an administrator would, and sees it enabled.
import fs from 'fs';
import os from 'os';
import path from 'path';

import { afterAll, describe, expect, it } from '@jest/globals';

import { DEFAULT_ZIP, Workspace } from '../../workspace/Workspace';

describe('packaged app in the workspace stand-in', () => {
    let ws: Workspace | undefined;

    afterAll(async () => {
        await ws?.stop();
    });

    it('installs enabled with the manifest permissions', async () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'app.json'), 'utf8')) as { id: string; permissions: Array<{ name: string }> };
        ws = await Workspace.start({ zipPath: DEFAULT_ZIP });
        expect(ws.appId).toBe(manifest.id);
        expect(await ws.isAppEnabled()).toBe(true);
        expect(ws.app?.permissionsGranted.map((p) => p.name).sort()).toEqual(manifest.permissions.map((p) => p.name).sort());
        expect(ws.appUser()?.type).toBe('app');
        expect(process.env.NODE_ENV).not.toBe('test');
    }, 30000);

    it('stops the Deno child and restarts from a saved state', async () => {
        if (!ws) {
            throw new Error('not started');
        }
        const owner = ws.createUser({ username: 'owner' });
        await ws.createRoom('private', { name: 'kept-room', owner });
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ws-state-')), 'state.json');
        ws.saveState(file);
        const controller = ws.engine.manager.getOneById(ws.appId).getRuntimeController() as unknown as { deno?: { pid?: number } };
        const pid = controller.deno?.pid;
        expect(pid).toBeGreaterThan(0);
        await ws.stop();
        ws = undefined;
        expect(() => process.kill(pid as number, 0)).toThrow();
        expect(process.env.NODE_ENV).toBe('test');

        ws = await Workspace.start({ dataPath: file });
        expect(ws.server.model.roomByName('kept-room')?.t).toBe('p');
        expect(ws.server.model.userByUsername('owner')).toBeDefined();
        expect(await ws.isAppEnabled()).toBe(true);
    }, 30000);
});
