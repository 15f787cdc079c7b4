// Shared set-up of the security tests: one workspace stand-in per file with the packaged app, a working
// service account, and the observation helpers every file uses (what a person was told, the audit records
// written, the REST calls made, a fingerprint of the state that must not change).
import fs from 'fs';
import path from 'path';

import { Workspace } from '../../../workspace/Workspace';
import type { ModalView, RcRoom, RcUser } from '../../../workspace/Workspace';
import type { PermissionTable } from '../expectations';
import type { LeakScanner } from './leaks';

export const OFFICER_ROLE = 'e2ee-officer';

export interface Harness {
    readonly ws: Workspace;
    /** the service account (admin + the custom officer role) */
    readonly svc: RcUser;
    svcToken: string;
    /** every record the app wrote to its persistence, in order (removals do not take them out) */
    readonly persisted: Array<{ _id: string; data: Record<string, unknown> }>;
}

/** Starts the workspace (E2E_Enable on), a custom role, and the service account configured in the app. */
export async function startHarness(scanner: LeakScanner, serverSettings: Record<string, string | number | boolean> = {}): Promise<Harness> {
    const ws = await Workspace.start({ settings: { E2E_Enable: true, ...serverSettings } });
    ws.createRole(OFFICER_ROLE, 'Users', 'E2EE officer');
    const svc = ws.createUser({ username: 'svc', roles: ['admin', 'user', OFFICER_ROLE] });
    const { token } = ws.createPersonalAccessToken(svc, 'e2ee-app', { bypassTwoFactor: true });
    scanner.register('service token', token);
    await ws.setAppSetting('service_user_id', svc._id);
    await ws.setAppSetting('service_token', token);
    const persisted: Harness['persisted'] = [];
    const store = ws.engine.ctx.persistence;
    const set = store.set.bind(store);
    store.set = (id, record) => {
        persisted.push({ _id: id, data: record.data as Record<string, unknown> });
        return set(id, record);
    };
    return { ws, svc, svcToken: token, persisted };
}

/** A new service token for the same account (the old one keeps working unless removed). */
export async function rotateServiceToken(h: Harness, scanner: LeakScanner, name: string): Promise<string> {
    const { token } = h.ws.createPersonalAccessToken(h.svc, name, { bypassTwoFactor: true });
    scanner.register('service token', token);
    h.svcToken = token;
    await h.ws.setAppSetting('service_token', token);
    return token;
}

// ------------------------------------------------------------------------------------------ texts
const EN = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'i18n', 'en.json'), 'utf8')) as Record<string, string>;

const templates = new Map<string, RegExp>();

/** Whether `line` is the English text `key` with any parameters filled in. */
export function isText(key: string, line: string): boolean {
    let pattern = templates.get(key);
    if (!pattern) {
        const template = EN[key];
        if (template === undefined) {
            throw new Error(`no English text ${key}`);
        }
        const source = template
            .split(/\{\w+\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[\\s\\S]+?');
        pattern = new RegExp(`^${source}$`);
        templates.set(key, pattern);
    }
    return pattern.test(line);
}

export function englishText(key: string): string {
    return EN[key];
}

// ------------------------------------------------------------------------------------------ observation
/** A point in time to observe what happened after it. */
export interface Mark {
    readonly notifications: number;
    readonly persisted: number;
    readonly requests: number;
}

export function mark(h: Harness): Mark {
    return { notifications: h.ws.server.model.notifications.length, persisted: h.persisted.length, requests: h.ws.rest.requests.length };
}

/** What `user` was told since the mark (each notification's text), optionally only in one room. */
export function toldSince(h: Harness, since: Mark, user: RcUser, room?: RcRoom): Array<string> {
    return h.ws.server.model.notifications
        .slice(since.notifications)
        .filter((n) => n.userId === user._id && n.kind === 'user' && (!room || n.roomId === room._id))
        .map((n) => n.text);
}

export interface AuditRow {
    readonly action: string;
    readonly outcome: string;
    readonly reason?: string;
    readonly actorId?: string;
    readonly roomId?: string;
    readonly targetUserId?: string;
    readonly count?: number;
}

function isAuditRow(data: Record<string, unknown>): boolean {
    return typeof data.action === 'string' && typeof data.outcome === 'string' && typeof data.at === 'string';
}

/** Audit records written since the mark, optionally only those of one actor. */
export function auditSince(h: Harness, since: Mark, actor?: RcUser): Array<AuditRow> {
    return h.persisted
        .slice(since.persisted)
        .map((r) => r.data)
        .filter(isAuditRow)
        .filter((d) => !actor || d.actorId === actor._id) as unknown as Array<AuditRow>;
}

/** Every audit record currently stored. */
export function auditRecords(h: Harness): Array<AuditRow> {
    return [...h.ws.engine.ctx.persistence.values()].map((r) => r.data as Record<string, unknown>).filter(isAuditRow) as unknown as Array<AuditRow>;
}

/** REST requests since the mark, as `METHOD route status`. */
export function requestsSince(h: Harness, since: Mark): Array<string> {
    return h.ws.rest.requests.slice(since.requests).map((r) => `${r.method} ${r.path.replace('/api/v1/', '')} ${r.status}${r.fault ? ` ${r.fault}` : ''}`);
}

/**
 * What must not change unless an action succeeds: every room's encryption and key queue, every user's
 * activity, E2EE keys and login tokens (hashes), every subscription's room key.
 */
export function fingerprint(ws: Workspace, rooms?: ReadonlyArray<RcRoom>, users?: ReadonlyArray<RcUser>): string {
    const model = ws.server.model;
    const roomIds = rooms ? new Set(rooms.map((r) => r._id)) : undefined;
    const userIds = users ? new Set(users.map((u) => u._id)) : undefined;
    const roomState = [...model.rooms.values()]
        .filter((r) => !roomIds || roomIds.has(r._id))
        .map((r) => [r._id, r.encrypted === true, JSON.stringify(r.usersWaitingForE2EKeys ?? [])]);
    const userState = [...model.users.values()]
        .filter((u) => !userIds || userIds.has(u._id))
        .map((u) => [u._id, u.username, u.active, u.type, JSON.stringify(u.e2e ?? null), (u.services?.resume?.loginTokens ?? []).map((t) => t.hashedToken).join(',')]);
    const subscriptionState = [...model.subscriptions.values()]
        .filter((s) => (!roomIds || roomIds.has(s.rid)) && (!userIds || userIds.has(s.u._id)))
        .map((s) => [s._id, s.E2EKey ?? null]);
    return JSON.stringify([roomState, userState, subscriptionState]);
}

/** The role-permission table as Rocket.Chat stores it. */
export function permissionTable(ws: Workspace): PermissionTable {
    return Object.fromEntries([...ws.server.model.permissions.values()].map((p) => [p._id, [...p.roles]]));
}

/** Replaces the whole role-permission table (a snapshot taken with permissionTable). */
export function restorePermissions(ws: Workspace, table: PermissionTable): void {
    const now = new Date().toISOString();
    ws.server.model.permissions.clear();
    for (const [id, roles] of Object.entries(table)) {
        ws.server.model.permissions.set(id, { _id: id, roles: [...roles], _updatedAt: now });
    }
}

// ------------------------------------------------------------------------------------------ dialogs
/** The reset dialogs open for `user` that are not in `known`. */
export function newResetDialogs(ws: Workspace, user: RcUser, known: ReadonlySet<string> = new Set()): Array<ModalView> {
    return ws.openModals(user).filter((m) => m.id.startsWith('e2ee-reset-') && !known.has(m.id));
}

export function dialogIds(ws: Workspace, user: RcUser): Set<string> {
    return new Set(ws.openModals(user).map((m) => m.id));
}

/** A view submission as a client sends it, by `user`, for a dialog that may have been opened for someone else. */
export function submitAs(ws: Workspace, user: RcUser, view: ModalView, state: Record<string, unknown> = {}): Promise<unknown> {
    return ws.sendInteraction(user, {
        type: 'viewSubmit',
        appId: view.appId,
        actionId: (view.view.submit as { actionId?: string } | undefined)?.actionId ?? '',
        triggerId: `forged-${Math.random().toString(36).slice(2)}`,
        payload: { view: { ...view.view, state } },
    });
}

/** Polls until `check` holds (for fire-and-forget effects), failing after `ms`. */
export async function eventually(check: () => boolean, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
        if (Date.now() > end) {
            throw new Error('condition not reached in time');
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}
