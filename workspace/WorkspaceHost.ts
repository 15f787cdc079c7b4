// The running workspace and what an administrator does to it: the in-memory Rocket.Chat server, its REST port, the
// Apps-Engine with the installed app; settings, permissions and roles; counters, faults, logs and the saved state.
// Workspace (Workspace.ts) adds starting and stopping, and what people do in it.
import fs from 'fs';

import type { IPermission } from '@rocket.chat/apps-engine/definition/permissions/IPermission';

import type { AppCounters } from './engine/counters';
import type { Engine, InstalledApp } from './engine/Engine';
import { addPermissionToRole, addUserRoles, insertRole, removeRoleFromPermission } from './rocketchat/authorization/roles';
import { RocketChatServer } from './rocketchat/Server';
import type { SettingValue } from './rocketchat/settings';
import type { RcRole, RcRoom, RcUser } from './rocketchat/types';
import { RestServer } from './rest/RestServer';
import type { Fault } from './rest/RestServer';
import { captureState, writeState } from './state';
import type { WorkspaceState } from './state';

export abstract class WorkspaceHost {
    readonly server = new RocketChatServer();
    readonly rest = new RestServer(this.server);
    engine!: Engine;
    app?: InstalledApp;
    /** the first administrator (username 'admin', password 'admin') */
    admin!: RcUser;
    /** the package and permissions of the last installApp (a restart installs them again) */
    installedFrom?: { zipPath: string; permissionsGranted?: IPermission[] };

    get restUrl(): string {
        return this.rest.url;
    }

    get appId(): string {
        if (!this.app) {
            throw new Error('No app installed');
        }
        return this.app.appId;
    }

    /** Installs a package as an administrator does (enable, grant the manifest's permissions unless given). */
    async installApp(zipPath: string, permissionsGranted?: IPermission[]): Promise<InstalledApp> {
        const zip = fs.readFileSync(zipPath);
        this.installedFrom = { zipPath, permissionsGranted };
        this.app = await this.engine.install(zip, this.engine.ctx.converters.userToApp(this.admin) as never, permissionsGranted);
        return this.app;
    }

    async isAppEnabled(): Promise<boolean> {
        return this.engine.isEnabled(this.appId);
    }

    /** The app's user ('<nameSlug>.bot', type 'app'). */
    appUser(): RcUser | undefined {
        return this.server.model.userByAppId(this.appId);
    }

    // ------------------------------------------------------------------ settings, permissions
    /** Changes an app setting through the engine's settings manager: the app's onSettingUpdated runs. */
    async setAppSetting(id: string, value: unknown): Promise<void> {
        await this.engine.setAppSetting(this.appId, id, value);
        await this.settle();
    }

    getAppSetting(id: string): unknown {
        return this.engine.getAppSetting(this.appId, id);
    }

    setServerSetting(id: string, value: SettingValue): void {
        this.server.model.settings.set(id, value);
    }

    getServerSetting(id: string): SettingValue | undefined {
        return this.server.model.settings.get(id);
    }

    grantPermission(permission: string, role: string): void {
        addPermissionToRole(this.server.model, permission, role);
    }

    revokePermission(permission: string, role: string): void {
        removeRoleFromPermission(this.server.model, permission, role);
    }

    createRole(name: string, scope: RcRole['scope'] = 'Users', description = ''): RcRole {
        return insertRole(this.server.model, name, scope, description);
    }

    /** Adds a global role to a user (or, with a room, a room role on the subscription). */
    addUserRole(user: RcUser, role: string, room?: RcRoom): void {
        if (room) {
            this.server.setRoomRole(room._id, user._id, role, true);
        } else {
            addUserRoles(this.server.model, user._id, role);
        }
    }

    hasPermission(user: RcUser, permission: string, room?: RcRoom): boolean {
        return this.server.model.hasPermission(user._id, permission, room?._id);
    }

    // ------------------------------------------------------------------ instrumentation, faults
    counters(): AppCounters {
        return this.engine.counters.get(this.appId);
    }

    resetCounters(): void {
        this.engine.counters.reset();
    }

    injectFault(route: string, fault: Fault, times?: number): void {
        this.rest.injectFault(route, fault, times);
    }

    clearFaults(route?: string): void {
        this.rest.clearFaults(route);
    }

    /** The pid of the app's Deno child (the engine restarts the child when it dies), or undefined. */
    appProcessId(): number | undefined {
        return this.engine.processId(this.appId);
    }

    /** The app's log entries kept by the engine (for assertions that nothing secret was logged). */
    appLogs() {
        return this.engine.logs.entries.filter((e) => e.appId === this.appId);
    }

    /** Waits for the fire-and-forget events (post-send, post-create, post-join) to finish. */
    async settle(): Promise<void> {
        await this.server.settle();
    }

    // ------------------------------------------------------------------ state
    state(): WorkspaceState {
        return captureState(this.server.model, this.engine.ctx.persistence, this.app ? this.engine.appSettings(this.appId) : {}, this.engine.ctx.scheduler.snapshot());
    }

    saveState(file: string): void {
        writeState(file, this.state());
    }
}
