import type { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { PermissionCache } from '../api/PermissionCache';
import type { ServiceAccount } from '../api/WorkspaceClient';
import { WorkspaceClient } from '../api/WorkspaceClient';
import { resolveServiceAccount } from '../api/serviceAccount';
import type { AuditLog } from '../audit/AuditLog';
import type { AuditEntry } from '../audit/AuditRecord';
import type { Actor } from '../policy/authorization';
import type { AppSettings } from '../settings/AppSettings';
import type { SettingsCache } from '../settings/SettingsCache';

/** What lives as long as the app: caches and the audit trail. Nothing here is the only copy of any state. */
export interface AppServices {
    readonly settings: SettingsCache;
    readonly permissions: PermissionCache;
    readonly audit: AuditLog;
    readonly logger: ILogger;
}

/** One person's request (a command, a button, a modal): accessors, fresh settings, and who asked. */
export interface ActionContext {
    readonly read: IRead;
    readonly modify: IModify;
    readonly http: IHttp;
    readonly persis: IPersistence;
    readonly services: AppServices;
    readonly settings: AppSettings;
    readonly user: IUser;
}

/** Builds a context, re-reading the settings (which also refreshes the message path's copy). */
export async function createContext(
    accessors: Pick<ActionContext, 'read' | 'modify' | 'http' | 'persis'>,
    services: AppServices,
    user: IUser,
): Promise<ActionContext> {
    const settings = await services.settings.refresh(accessors.read.getEnvironmentReader().getSettings());
    return { ...accessors, services, settings, user };
}

export function actorOf(user: IUser): Actor {
    return { id: user.id, globalRoles: Array.isArray(user.roles) ? user.roles : [], isEnabled: user.isEnabled !== false };
}

export interface Workspace {
    readonly account: ServiceAccount;
    readonly client: WorkspaceClient;
}

/** The REST client as the service account, or undefined when it is not configured. */
export async function workspaceOf(ctx: ActionContext): Promise<Workspace | undefined> {
    const account = await resolveServiceAccount(ctx.read, ctx.settings);
    return account && { account, client: new WorkspaceClient(ctx.http, account) };
}

/** The permission table through the short-lived cache. */
export function permissionTable(ctx: ActionContext, workspace: Workspace) {
    return ctx.services.permissions.get(workspace.client, `${workspace.account.baseUrl}|${workspace.account.userId}`);
}

export function audit(ctx: ActionContext, entry: AuditEntry): Promise<boolean> {
    return ctx.services.audit.record(ctx.persis, ctx.read.getPersistenceReader(), { actorId: ctx.user.id, actorUsername: ctx.user.username, ...entry });
}
