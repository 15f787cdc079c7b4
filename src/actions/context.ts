import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Accessors } from '../app/Accessors';
import type { AppServices } from '../app/AppServices';
import type { AuditEntry } from '../audit/AuditRecord';
import type { Actor } from '../policy/authorization';
import type { AppSettings } from '../settings/AppSettings';

/**
 * What the app acts with, whether a person asked or not (an event, a background job): the
 * accessors that read, call out and store, the app's services and the settings in force.
 */
export interface AppContext {
    readonly read: IRead;
    readonly http: IHttp;
    readonly persis: IPersistence;
    readonly services: AppServices;
    readonly settings: AppSettings;
}

/** One person's request (a command, a button, a modal): also who asked, and the accessor to answer them. */
export interface ActionContext extends AppContext {
    readonly modify: IModify;
    readonly user: IUser;
}

/** Builds a person's context, re-reading the settings (which also refreshes the message path's copy). */
export async function createContext(accessors: Accessors, services: AppServices, user: IUser): Promise<ActionContext> {
    const settings = await services.settings.refresh(accessors.read.getEnvironmentReader().getSettings());
    return { ...accessors, services, settings, user };
}

/** The context of an event nobody asked for here, with the cached settings (no settings round trip). */
export function eventContext(accessors: Pick<Accessors, 'read' | 'http' | 'persis'>, services: AppServices): AppContext {
    return { read: accessors.read, http: accessors.http, persis: accessors.persis, services, settings: services.settings.get() };
}

export function actorOf(user: IUser): Actor {
    return { id: user.id, globalRoles: Array.isArray(user.roles) ? user.roles : [], isEnabled: user.isEnabled !== false };
}

/** Writes one audit record, naming `actor` as who acted (nobody for the app's own doing). Never throws. */
export function recordAudit(
    ctx: Pick<AppContext, 'read' | 'persis' | 'services'>,
    actor: Pick<IUser, 'id' | 'username'> | undefined,
    entry: Omit<AuditEntry, 'actorId' | 'actorUsername'>,
): Promise<boolean> {
    return ctx.services.audit.record(ctx.persis, ctx.read.getPersistenceReader(), { ...entry, actorId: actor?.id, actorUsername: actor?.username });
}
