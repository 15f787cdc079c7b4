// Starting the workspace stand-in with the packaged app for a runtime test file, and reading what happened:
// what a person was told, the audit records written, the REST calls the app made, the state that must not
// change. Everything is read through the Workspace's public methods and its Rocket.Chat model.
import type { ModalView, RcRoom, RcUser, WorkspaceOptions } from '../../workspace/Workspace';
import { Workspace } from '../../workspace/Workspace';
import type { PermissionTable } from '../oracle/authorization';
import { OFFICER_ROLE } from './cast';

export const START_TIMEOUT = 30000;

export interface Harness {
    readonly ws: Workspace;
    /** the service account: an administrator (and officer) with a personal access token that bypasses two-factor */
    readonly svc: RcUser;
    /** the token the app is configured with */
    token: string;
}

/**
 * Starts the workspace with E2E_Enable on (and any other server `settings`; the REST shapes of `restApi`, 8.x by
 * default), the custom officer role, and the service account configured in the app (workspace_url stays empty:
 * Site_Url is the stand-in's REST port).
 */
export async function startHarness(o: { settings?: Record<string, string | number | boolean> } & Omit<WorkspaceOptions, 'settings'> = {}): Promise<Harness> {
    const ws = await Workspace.start({ ...o, settings: { E2E_Enable: true, ...(o.settings ?? {}) } });
    try {
        ws.createRole(OFFICER_ROLE, 'Users', 'E2EE officer');
        const svc = ws.createUser({ username: 'svc', name: 'Service account', roles: ['admin', 'user', OFFICER_ROLE] });
        const { token } = ws.createPersonalAccessToken(svc, 'e2ee-policy-app', { bypassTwoFactor: true });
        await ws.setAppSetting('service_user_id', svc._id);
        await ws.setAppSetting('service_token', token);
        return { ws, svc, token };
    } catch (e) {
        await ws.stop();
        throw e;
    }
}

/** A new token for the same service account, configured in the app (the old one keeps working unless removed). */
export async function rotateServiceToken(h: Harness, name: string): Promise<string> {
    const { token } = h.ws.createPersonalAccessToken(h.svc, name, { bypassTwoFactor: true });
    h.token = token;
    await h.ws.setAppSetting('service_token', token);
    return token;
}

/** Any change of an app setting makes the app drop its briefly cached role-permission table. */
export async function forgetPermissions(ws: Workspace): Promise<void> {
    const days = ws.getAppSetting('audit_retention_days');
    await ws.setAppSetting('audit_retention_days', days === 91 ? 92 : 91);
    await ws.setAppSetting('audit_retention_days', days);
}

// ------------------------------------------------------------------------------------------ audit records
export interface AuditRow {
    readonly at: string;
    readonly action: string;
    readonly outcome: string;
    readonly reason?: string;
    readonly actorId?: string;
    readonly actorUsername?: string;
    readonly roomId?: string;
    readonly roomName?: string;
    readonly targetUserId?: string;
    readonly targetUsername?: string;
    readonly count?: number;
    /** refusals: the start of the time window the record counts refusals in */
    readonly window?: string;
    /** the id of the record's own association (how pruning removes it) */
    readonly ref?: string;
}

const isAuditRow = (data: Record<string, unknown>) => typeof data.at === 'string' && typeof data.action === 'string' && typeof data.outcome === 'string';

/** The audit records in the app's persistence with their record ids, in the order they were written. */
function auditEntries(ws: Workspace): Array<{ id: string; row: AuditRow }> {
    return ws
        .persistedRecords()
        .filter((r) => isAuditRow(r.data as Record<string, unknown>))
        .map((r) => ({ id: r._id, row: r.data as AuditRow }));
}

/** Every audit record in the app's persistence, in the order they were written. */
export function auditRecords(ws: Workspace): Array<AuditRow> {
    return auditEntries(ws).map((e) => e.row);
}

/** Audit records without their timestamps, refusal windows and association ids, for exact comparison. */
export function withoutTime(records: ReadonlyArray<AuditRow>): Array<Omit<AuditRow, 'at' | 'window' | 'ref'>> {
    return records.map((record) => {
        const rest: Record<string, unknown> = { ...record };
        delete rest.at;
        delete rest.window;
        delete rest.ref;
        return rest as unknown as Omit<AuditRow, 'at' | 'window' | 'ref'>;
    });
}

/**
 * Refused messages and edits are counted per sender, room, reason and 5-minute window: the first of a window is
 * written at once, the rest are counted in the app's memory and written later. `/e2e audit` writes out what the
 * app counts; run by the service account (an administrator) in `where`.
 */
export async function flushRefusals(h: Harness, where: RcRoom): Promise<void> {
    await h.ws.runSlashCommand(h.svc, where, '/e2e audit 1');
}

/** How many refusals the trail counts (the sum of the records' counts) that match `filter`. */
export function refusalCount(ws: Workspace, filter: Partial<Pick<AuditRow, 'action' | 'reason' | 'actorId' | 'roomId'>> = {}): number {
    return auditRecords(ws)
        .filter((r) => (r.action === 'message-refused' || r.action === 'edit-refused') && Object.entries(filter).every(([key, value]) => r[key as keyof AuditRow] === value))
        .reduce((n, r) => n + (r.count ?? 1), 0);
}

/**
 * The trail as `/e2e audit` lists it (test/oracle: the display rule): the records of one refusal window summed into
 * one, with the latest time; newest first, records of the same millisecond in the order they were written.
 */
export function listedRecords(ws: Workspace): Array<AuditRow> {
    const merged: Array<AuditRow> = [];
    const byKey = new Map<string, number>();
    for (const row of auditRecords(ws).map((r) => ({ ...r, ref: undefined }))) {
        const key = row.window && JSON.stringify([row.action, row.outcome, row.reason, row.actorId, row.roomId, row.window]);
        const index = key ? byKey.get(key) : undefined;
        if (key && index !== undefined) {
            const known = merged[index];
            merged[index] = { ...known, at: known.at > row.at ? known.at : row.at, count: (known.count ?? 1) + (row.count ?? 1) };
        } else {
            if (key) {
                byKey.set(key, merged.length);
            }
            merged.push(row);
        }
    }
    return merged.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

// ------------------------------------------------------------------------------------------ observation
/** A point in time, to observe what happened after it. */
export interface Mark {
    readonly notifications: number;
    readonly audit: ReadonlySet<string>;
    readonly requests: number;
}

export function mark(ws: Workspace): Mark {
    return { notifications: ws.server.model.notifications.length, audit: new Set(auditEntries(ws).map((e) => e.id)), requests: ws.rest.requests.length };
}

/** What `user` was told since the mark (each notification's text), optionally only in one room. */
export function toldSince(ws: Workspace, since: Mark, user: RcUser, room?: RcRoom): Array<string> {
    return ws.server.model.notifications
        .slice(since.notifications)
        .filter((n) => n.userId === user._id && (!room || n.roomId === room._id))
        .map((n) => n.text);
}

/** Audit records written since the mark, optionally only those of one actor. */
export function auditSince(ws: Workspace, since: Mark, actor?: RcUser): Array<AuditRow> {
    return auditEntries(ws)
        .filter((e) => !since.audit.has(e.id) && (!actor || e.row.actorId === actor._id))
        .map((e) => e.row);
}

/** REST calls the app made since the mark, as `METHOD route` (no tokens are recorded). */
export function routesSince(ws: Workspace, since: Mark): Array<string> {
    return ws.rest.requests.slice(since.requests).map((r) => `${r.method} ${r.path.replace('/api/v1/', '')}`);
}

/** REST calls since the mark, as `METHOD route status` and the fault injected, if any. */
export function requestsSince(ws: Workspace, since: Mark): Array<string> {
    return ws.rest.requests.slice(since.requests).map((r) => `${r.method} ${r.path.replace('/api/v1/', '')} ${r.status}${r.fault ? ` ${r.fault}` : ''}`);
}

/** What `who` was told while `action` ran. */
export async function toldDuring(ws: Workspace, who: RcUser, action: () => Promise<unknown>): Promise<Array<string>> {
    const since = mark(ws);
    await action();
    return toldSince(ws, since, who);
}

/** Audit records written while `action` ran (records of post-event listeners are awaited by the caller). */
export async function auditDuring(ws: Workspace, action: () => Promise<unknown>): Promise<Array<AuditRow>> {
    const since = mark(ws);
    await action();
    return auditSince(ws, since);
}

/**
 * Runs `action` of `who` and waits for what listeners that run after it (fire-and-forget in the engine) do: an
 * audit record naming `who` written and `who` told something. Returns both.
 */
export async function toldAndAudited(ws: Workspace, who: RcUser, action: () => Promise<unknown>): Promise<{ told: Array<string>; records: Array<AuditRow> }> {
    const since = mark(ws);
    await action();
    await waitFor(() => auditSince(ws, since, who).length > 0 && toldSince(ws, since, who).length > 0, 'the record and the notice');
    return { told: toldSince(ws, since, who), records: auditSince(ws, since, who) };
}

/** Runs `/e2e <words>` as `who` in `where` and returns what `who` was told. */
export async function command(ws: Workspace, who: RcUser, where: RcRoom, words: string): Promise<string> {
    return (await toldDuring(ws, who, () => ws.runSlashCommand(who, where, `/e2e ${words}`))).join('\n---\n');
}

/** Clicks a room action button as `who` in `where` and returns what `who` was told. */
export async function click(ws: Workspace, who: RcUser, where: RcRoom, actionId: 'e2e-status' | 'e2e-enable' | 'e2e-disable'): Promise<string> {
    return (await toldDuring(ws, who, () => ws.clickRoomAction(who, where, actionId))).join('\n---\n');
}

/** Polls until `probe` returns something truthy (post-event listeners are fire-and-forget in the engine). */
export async function waitFor<T>(probe: () => T | undefined | null | false, what = 'a condition', timeoutMs = 5000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
        const value = probe();
        if (value) {
            return value;
        }
        if (Date.now() > end) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

// ------------------------------------------------------------------------------------------ rooms
/** Sets a room's flag directly in the model: test set-up only, never what a test asserts. */
export function forceEncrypted(ws: Workspace, room: RcRoom, encrypted: boolean): void {
    const stored = ws.room(room._id);
    if (!stored) {
        throw new Error('no such room');
    }
    stored.encrypted = encrypted;
}

export function isEncrypted(ws: Workspace, room: RcRoom): boolean {
    return ws.room(room._id)?.encrypted === true;
}

/** A room as the app names it: `#name` (display name first), or `@a, @b` for a direct message. */
export function label(ws: Workspace, room: RcRoom): string {
    const stored = ws.room(room._id) ?? room;
    if (stored.t === 'd') {
        return (stored.usernames ?? []).map((username) => `@${username}`).join(', ');
    }
    return `#${stored.fname ?? stored.name}`;
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

// ------------------------------------------------------------------------------------------ permissions
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

/** Runs `/e2e reset-key @username` as `admin` in `where` and returns the one dialog it opened. */
export async function openResetDialog(ws: Workspace, admin: RcUser, where: RcRoom, username: string): Promise<ModalView> {
    const known = dialogIds(ws, admin);
    await ws.runSlashCommand(admin, where, `/e2e reset-key @${username}`);
    const opened = newResetDialogs(ws, admin, known);
    if (opened.length !== 1) {
        throw new Error(`/e2e reset-key @${username} opened ${opened.length} dialogs for ${admin.username}`);
    }
    return opened[0];
}

/** A view submission as a client can send it, by `user`, for a dialog that may have been opened for someone else. */
export function submitAs(ws: Workspace, user: RcUser, view: ModalView, state: Record<string, unknown> = {}): Promise<unknown> {
    return ws.sendInteraction(user, {
        type: 'viewSubmit',
        appId: view.appId,
        actionId: (view.view.submit as { actionId?: string } | undefined)?.actionId ?? '',
        triggerId: `forged-${Math.random().toString(36).slice(2)}`,
        payload: { view: { ...view.view, state } },
    });
}

/**
 * Moves the pending record of a reset dialog `minutes` into the past, as a record restored from a backup of
 * that time would be.
 */
export function ageDialog(ws: Workspace, view: ModalView, minutes: number): void {
    const record = ws.persistedRecords().find((r) => (r.data as { viewId?: string }).viewId === view.id);
    if (!record) {
        throw new Error(`no pending record for dialog ${view.id}`);
    }
    const data = record.data as { openedAt: number };
    ws.putPersistedRecord({ ...record, data: { ...data, openedAt: data.openedAt - minutes * 60 * 1000 } });
}

// ------------------------------------------------------------------------------------------ background runs
export interface RunRow {
    readonly type: 'enforce' | 'report';
    readonly seq: number;
    readonly runId: string;
    readonly status: 'running' | 'done' | 'cancelled' | 'stopped';
    readonly [field: string]: unknown;
}

/** The current state of the app's background run of `type` (`/e2e enforce`, `/e2e report`), as persisted: the highest seq. */
export function runState(ws: Workspace, type: RunRow['type']): RunRow | undefined {
    const rows = ws
        .persistedRecords()
        .map((r) => r.data as Partial<RunRow> & { v?: unknown })
        .filter((d): d is RunRow => d.v === 1 && d.type === type && typeof d.seq === 'number' && typeof d.status === 'string');
    return rows.reduce<RunRow | undefined>((a, b) => (!a || b.seq > a.seq ? b : a), undefined);
}

/**
 * Waits (real time) until the run of `type` has ended and its last slice has left the scheduler (the person who
 * started it has been told by then).
 */
export async function waitForRunEnd(ws: Workspace, type: RunRow['type'], timeoutMs = 30000): Promise<RunRow> {
    const processorId = type === 'enforce' ? 'e2ee-enforcement' : 'e2ee-report-run';
    return waitFor(
        () => {
            const run = runState(ws, type);
            const sliceLeft = ws.jobs().some((j) => j.type === 'normal' && j.processorId === processorId && (j.running || j.nextRunAt !== null));
            return run && run.status !== 'running' && !sliceLeft ? run : undefined;
        },
        `the ${type} run to end`,
        timeoutMs,
    );
}
