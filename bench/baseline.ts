// The benchmark's reference point: an app that implements the same listener interfaces as EncryptionApp.ts and
// does nothing. No check* methods (a do-nothing app would not write them), no settings, no commands. Its sources
// are generated into a staging folder and packaged with rc-apps exactly as scripts/package.js packages the real
// app; the zip is cached under build/bench/ by a hash of its sources (packaging takes seconds).
import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

import AdmZip from 'adm-zip';

const ROOT = path.resolve(__dirname, '..');

export const BASELINE_APP_ID = '5f0c1c9a-7b1e-4c3b-9d8e-0b5e6a2f4c11';

/** The listener interfaces the app implements (EncryptionApp.ts); the baseline implements exactly these. */
export const LISTENER_INTERFACES = [
    'IPreMessageSentPrevent',
    'IPreMessageSentModify',
    'IPreMessageUpdatedPrevent',
    'IPreMessageUpdatedModify',
    'IPostSystemMessageSent',
    'IPreRoomCreatePrevent',
    'IPreRoomCreateModify',
    'IPostRoomCreate',
    'IPostRoomUserJoined',
    'IUIKitInteractionHandler',
] as const;

const BASELINE_SOURCE = `import type { IHttp, IMessageBuilder, IModify, IPersistence, IRead, IRoomBuilder } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import type {
    IMessage,
    IPostSystemMessageSent,
    IPreMessageSentModify,
    IPreMessageSentPrevent,
    IPreMessageUpdatedModify,
    IPreMessageUpdatedPrevent,
} from '@rocket.chat/apps-engine/definition/messages';
import type { IPostRoomCreate, IPostRoomUserJoined, IPreRoomCreateModify, IPreRoomCreatePrevent, IRoom, IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';
import type {
    IUIKitInteractionHandler,
    IUIKitResponse,
    UIKitActionButtonInteractionContext,
    UIKitViewCloseInteractionContext,
    UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';

/** Benchmark baseline: the same listener interfaces as the E2EE Policy app, and nothing done in any of them. */
export class BaselineApp
    extends App
    implements
        IPreMessageSentPrevent,
        IPreMessageSentModify,
        IPreMessageUpdatedPrevent,
        IPreMessageUpdatedModify,
        IPostSystemMessageSent,
        IPreRoomCreatePrevent,
        IPreRoomCreateModify,
        IPostRoomCreate,
        IPostRoomUserJoined,
        IUIKitInteractionHandler
{
    public async executePreMessageSentPrevent(_message: IMessage, _read: IRead, _http: IHttp, _persistence: IPersistence): Promise<boolean> {
        return false;
    }

    public async executePreMessageSentModify(message: IMessage, _builder: IMessageBuilder): Promise<IMessage> {
        return message;
    }

    public async executePreMessageUpdatedPrevent(_message: IMessage, _read: IRead, _http: IHttp, _persistence: IPersistence): Promise<boolean> {
        return false;
    }

    public async executePreMessageUpdatedModify(message: IMessage, _builder: IMessageBuilder): Promise<IMessage> {
        return message;
    }

    public async executePostSystemMessageSent(_message: IMessage, _read: IRead, _http: IHttp, _persis: IPersistence, _modify: IModify): Promise<void> {
        return;
    }

    public async executePreRoomCreatePrevent(_room: IRoom, _read: IRead, _http: IHttp, _persistence: IPersistence): Promise<boolean> {
        return false;
    }

    public async executePreRoomCreateModify(room: IRoom, _builder: IRoomBuilder, _read: IRead, _http: IHttp, _persistence: IPersistence): Promise<IRoom> {
        return room;
    }

    public async executePostRoomCreate(_room: IRoom, _read: IRead, _http: IHttp, _persis: IPersistence, _modify: IModify): Promise<void> {
        return;
    }

    public async executePostRoomUserJoined(_context: IRoomUserJoinedContext, _read: IRead, _http: IHttp, _persis: IPersistence, _modify?: IModify): Promise<void> {
        return;
    }

    public async executeActionButtonHandler(context: UIKitActionButtonInteractionContext): Promise<IUIKitResponse> {
        return context.getInteractionResponder().successResponse();
    }

    public async executeViewSubmitHandler(context: UIKitViewSubmitInteractionContext): Promise<IUIKitResponse> {
        return context.getInteractionResponder().successResponse();
    }

    public async executeViewClosedHandler(context: UIKitViewCloseInteractionContext): Promise<IUIKitResponse> {
        return context.getInteractionResponder().successResponse();
    }
}
`;

interface Manifest {
    id: string;
    version: string;
    name: string;
    nameSlug: string;
    classFile: string;
    description: string;
    implements: string[];
    permissions: Array<{ name: string }>;
    [key: string]: unknown;
}

/** The baseline's manifest: the app's, with its own id, name and class, and the same permissions. */
function baselineManifest(): Manifest {
    const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as Manifest;
    return {
        ...app,
        id: BASELINE_APP_ID,
        version: '0.0.1',
        name: 'Benchmark Baseline',
        nameSlug: 'bench-baseline',
        classFile: 'BaselineApp.ts',
        description: 'Does nothing in the listeners the E2EE Policy app implements; the benchmark measures the app against it.',
        implements: [],
        permissions: app.permissions,
    };
}

/** A packaged zip's app.json (adm-zip is the engine's own dependency; its local typings are minimal). */
export function packagedManifest(zipPath: string): Manifest {
    const zip = new AdmZip(zipPath) as unknown as { readAsText(entry: string): string };
    return JSON.parse(zip.readAsText('app.json')) as Manifest;
}

/** The `implements` list rc-apps wrote into a packaged zip's app.json. */
export function implementedInterfaces(zipPath: string): string[] {
    return [...(packagedManifest(zipPath).implements ?? [])].sort();
}

export function manifestPermissions(zipPath: string): string[] {
    return (packagedManifest(zipPath).permissions ?? []).map((p) => p.name).sort();
}

/**
 * Packages the baseline app (or returns the cached package) and checks that rc-apps found the same listener
 * interfaces in it as in the app's package.
 */
export function buildBaselineZip(appZip: string, log: (line: string) => void = () => undefined): string {
    const manifest = baselineManifest();
    const cli = require.resolve('@rocket.chat/apps-cli/bin/run', { paths: [ROOT] });
    const cliVersion = (JSON.parse(fs.readFileSync(path.join(path.dirname(cli), '..', 'package.json'), 'utf8')) as { version: string }).version;
    const hash = crypto.createHash('sha256').update(BASELINE_SOURCE).update(JSON.stringify(manifest)).update(cliVersion).update(fs.readFileSync(path.join(ROOT, 'package.json'))).digest('hex').slice(0, 16);
    const cacheDir = path.join(ROOT, 'build', 'bench');
    const cached = path.join(cacheDir, `bench-baseline-${hash}.zip`);
    if (!fs.existsSync(cached)) {
        log('packaging the baseline app with rc-apps...');
        fs.mkdirSync(cacheDir, { recursive: true });
        const stage = fs.mkdtempSync(path.join(ROOT, 'build', 'bench-baseline-'));
        try {
            fs.writeFileSync(path.join(stage, 'app.json'), JSON.stringify(manifest, null, 4) + '\n');
            fs.writeFileSync(path.join(stage, 'BaselineApp.ts'), BASELINE_SOURCE);
            // rc-apps reads the engine version from package.json's dependencies: the project's own file, as scripts/package.js
            fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(stage, 'package.json'));
            fs.copyFileSync(path.join(ROOT, 'icon.png'), path.join(stage, 'icon.png'));
            fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
            execFileSync(process.execPath, [cli, 'package'], { cwd: stage, stdio: 'pipe' });
            const built = path.join(stage, 'dist', `${manifest.nameSlug}_${manifest.version}.zip`);
            fs.copyFileSync(built, `${cached}.${process.pid}.tmp`);
            fs.renameSync(`${cached}.${process.pid}.tmp`, cached);
        } finally {
            fs.rmSync(stage, { recursive: true, force: true });
        }
    }
    const want = implementedInterfaces(appZip);
    const have = implementedInterfaces(cached);
    if (JSON.stringify(want) !== JSON.stringify(have)) {
        throw new Error(`The baseline implements ${have.join(', ')} but the app implements ${want.join(', ')}`);
    }
    if (JSON.stringify(manifestPermissions(appZip)) !== JSON.stringify(manifestPermissions(cached))) {
        throw new Error('The baseline does not ask for the same permissions as the app');
    }
    return cached;
}
