// Boots the real Apps-Engine 1.59.0 AppManager (one per process: it is a singleton) with in-memory storages
// and the stand-in bridges, as Rocket.Chat's AppServerOrchestrator does (apps/meteor/ee/server/apps/orchestrator.js),
// and runs each app in the engine's own Deno child process.
import type { ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';

import { AppStatus, AppStatusUtils } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { IPermission } from '@rocket.chat/apps-engine/definition/permissions/IPermission';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp';

import type { RocketChatServer } from '../rocketchat/Server';
import { StandInBridges } from './bridges/AppBridges';
import { BridgeContext } from './bridges/BridgeContext';
import { Counters } from './counters';
import { MemoryLogStorage, MemoryMetadataStorage, MemorySourceStorage } from './storage';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const DENO_PREP = path.join(PROJECT_ROOT, '.deno');
const KEY_FILE = path.join(__dirname, '..', 'keys', 'federation-test-key.json');

export interface InstalledApp {
    appId: string;
    name: string;
    version: string;
    status: AppStatus;
    permissionsGranted: IPermission[];
}

/**
 * The environment the engine needs for its Deno child: the wrapper first on PATH (from scripts/prepare-deno.js),
 * DENO_DIR, a short runtime timeout, and NODE_ENV other than 'test' (which disables every permission check).
 */
export function prepareEnvironment(): { restore(): void } {
    const wrapperDir = path.join(DENO_PREP, 'bin');
    if (!fs.existsSync(path.join(wrapperDir, 'deno'))) {
        throw new Error('The Deno runtime is not prepared: run `node scripts/prepare-deno.js` first');
    }
    const PATH = process.env.PATH ?? '';
    if (!PATH.split(path.delimiter).includes(wrapperDir)) {
        process.env.PATH = `${wrapperDir}${path.delimiter}${PATH}`;
    }
    process.env.DENO_DIR = path.join(DENO_PREP, 'cache');
    if (!process.env.APPS_ENGINE_RUNTIME_TIMEOUT) {
        process.env.APPS_ENGINE_RUNTIME_TIMEOUT = '10000';
    }
    const previousNodeEnv = process.env.NODE_ENV;
    if (previousNodeEnv === 'test') {
        process.env.NODE_ENV = 'development';
    }
    return {
        restore() {
            if (previousNodeEnv === 'test') {
                process.env.NODE_ENV = previousNodeEnv;
            }
        },
    };
}

export class Engine {
    readonly ctx: BridgeContext;
    readonly bridges: StandInBridges;
    readonly manager: AppManager;
    readonly logs = new MemoryLogStorage();
    readonly metadata = new MemoryMetadataStorage();
    readonly sources = new MemorySourceStorage();
    private readonly instrumented = new WeakSet<object>();

    private constructor(readonly server: RocketChatServer, readonly counters: Counters) {
        const keys = JSON.parse(fs.readFileSync(KEY_FILE, 'utf8')) as { publicKey: string; privateKey: string };
        this.ctx = new BridgeContext(server, counters, keys);
        this.bridges = new StandInBridges(this.ctx);
        this.manager = new AppManager({ metadataStorage: this.metadata, logStorage: this.logs, bridges: this.bridges, sourceStorage: this.sources });
        this.ctx.manager = this.manager;
        server.apps = {
            isLoaded: () => this.manager.areAppsLoaded(),
            triggerEvent: (event, ...payload) => this.bridges.listener.handleEvent(event, ...payload),
        };
    }

    private environment?: { restore(): void };

    static async start(server: RocketChatServer, counters = new Counters()): Promise<Engine> {
        if (AppManager.Instance) {
            throw new Error('An AppManager is already running in this process: stop() it first');
        }
        const environment = prepareEnvironment();
        const engine = new Engine(server, counters);
        engine.environment = environment;
        await engine.manager.load();
        return engine;
    }

    /** The permissions an app's manifest asks for (what an administrator grants by installing it). */
    async manifestPermissions(zip: Buffer): Promise<IPermission[]> {
        const parsed = await this.manager.getParser().unpackageApp(zip);
        return (parsed.info.permissions ?? []) as IPermission[];
    }

    /** AppManager.add(zip, { enable: true, permissionsGranted, user }) as the admin's install does. */
    async install(zip: Buffer, installer: IUser, permissionsGranted?: IPermission[]): Promise<InstalledApp> {
        const granted = permissionsGranted ?? (await this.manifestPermissions(zip));
        const aff = await this.manager.add(zip, { enable: true, permissionsGranted: granted, user: installer });
        const app = aff.getApp();
        if (!app) {
            const problems = {
                license: aff.getLicenseValidationResult?.()?.getErrors?.(),
                storage: aff.getStorageError?.(),
                appUser: aff.getAppUserError?.(),
            };
            throw new Error(`App install failed: ${JSON.stringify(problems)}`);
        }
        this.instrument(app);
        return this.describe(app);
    }

    /** Counts every request the app's Deno process sends to the host (bridges:* and accessor:*). */
    private instrument(app: ProxiedApp): void {
        const controller = app.getRuntimeController() as unknown as { handleIncomingMessage(m: { payload: { method: string } }): Promise<void> };
        if (this.instrumented.has(controller)) {
            return;
        }
        this.instrumented.add(controller);
        const original = controller.handleIncomingMessage.bind(controller);
        const appId = app.getID();
        controller.handleIncomingMessage = (message) => {
            const method = message?.payload?.method;
            if (typeof method === 'string' && (method.startsWith('bridges:') || method.startsWith('accessor:'))) {
                this.counters.roundTrip(appId, method);
            }
            return original(message);
        };
    }

    async describe(app: ProxiedApp): Promise<InstalledApp> {
        return {
            appId: app.getID(),
            name: app.getName(),
            version: app.getVersion(),
            status: await app.getStatus(),
            permissionsGranted: this.manager.getPermissionsById(app.getID()),
        };
    }

    async isEnabled(appId: string): Promise<boolean> {
        const app = this.manager.getOneById(appId);
        return Boolean(app) && AppStatusUtils.isEnabled(await app.getStatus());
    }

    /** An app setting changed through the engine's settings manager: the app's onSettingUpdated runs. */
    async setAppSetting(appId: string, id: string, value: unknown): Promise<void> {
        const sm = this.manager.getSettingsManager();
        const current = sm.getAppSetting(appId, id) as ISetting;
        await sm.updateAppSetting(appId, { ...current, value } as ISetting);
    }

    getAppSetting(appId: string, id: string): unknown {
        const s = this.manager.getSettingsManager().getAppSetting(appId, id) as ISetting;
        return s.value ?? s.packageValue;
    }

    /** Every setting the app declares (id → setting, with its type and values). */
    appSettings(appId: string): Record<string, ISetting> {
        return this.manager.getSettingsManager().getAppSettings(appId) as Record<string, ISetting>;
    }

    /** The pid of the app's Deno child (the engine restarts the child when it dies), or undefined. */
    processId(appId: string): number | undefined {
        const controller = this.manager.getOneById(appId)?.getRuntimeController() as unknown as { deno?: { pid?: number } } | undefined;
        return controller?.deno?.pid;
    }

    /**
     * A slash command as Rocket.Chat's commands bridge runs it (_appCommandExecutor, apps/meteor/app/apps/server/
     * bridges/commands.ts): the sender and room converted for the app, the parameters split on spaces, and only
     * commands the engine registered through the bridge, and enabled, dispatched.
     */
    async executeCommand(command: string, parameters: string, userId: string, roomId: string, threadId?: string, triggerId?: string): Promise<void> {
        const sender = this.ctx.converters.userToApp(this.server.requireUser(userId)) as unknown as IUser;
        const room = await this.ctx.converters.roomById(roomId);
        const params = parameters.length === 0 || parameters === ' ' ? [] : parameters.split(' ');
        const key = command.toLowerCase().trim();
        const registered = this.ctx.registeredCommands.get(key);
        if (!registered || !registered.enabled) {
            throw new Error(`Command not registered: /${key}`);
        }
        const context = new SlashCommandContext(sender, room as never, params, threadId, triggerId);
        await this.manager.getCommandManager().executeCommand(key, context);
    }

    async stop(): Promise<void> {
        const controllers = (await this.manager.get().catch(() => [] as ProxiedApp[])).map((a) => a.getRuntimeController());
        const children = controllers
            .map((c) => (c as unknown as { deno?: ChildProcess }).deno)
            .filter((d): d is ChildProcess => Boolean(d));
        try {
            await this.manager.unload(false);
        } finally {
            // unload() does not wait for the Deno children to exit: make sure they are gone so jest can exit
            await Promise.all(controllers.map((c) => c.stopApp().catch(() => undefined)));
            await Promise.all(
                children.map(
                    (child) =>
                        new Promise<void>((resolve) => {
                            if (child.exitCode !== null || child.signalCode !== null) {
                                resolve();
                                return;
                            }
                            child.once('exit', () => resolve());
                            child.kill('SIGKILL');
                        }),
                ),
            );
            (AppManager as unknown as { Instance?: AppManager }).Instance = undefined;
            this.server.apps = undefined;
            // jest shares process.env between the test files of one worker: give NODE_ENV back
            this.environment?.restore();
        }
    }
}

export { AppStatus };
