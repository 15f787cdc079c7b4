// What changed in the workspace: a small snapshot of the things the E2EE policy app touches, and a pure diff of
// two snapshots into sentences. Never message text, ciphertext, keys or tokens: lengths, flags and counts only.
import type { Workspace } from '../Workspace';
import type { RcMessage } from '../rocketchat/types';
import { roomKind, roomLabel } from './labels';

export interface RoomState {
    label: string;
    kind: string;
    encrypted: boolean;
    keyId: boolean;
    waitingForKeys: string[];
    members: string[];
}

export interface MessageState {
    rid: string;
    sender: string;
    type?: string;
    /** 'text' (plain), 'ciphertext' (t e2e or a content payload), 'system' */
    form: 'text' | 'ciphertext' | 'system';
    textLength: number;
    contentAlgorithm?: string;
    contentLength?: number;
    /** a system message's text is a username or a room name, never user content */
    systemText?: string;
    edited?: string;
}

export interface UserState {
    username: string;
    hasKeys: boolean;
    roomKeys: number;
    sessionTokens: number;
    personalAccessTokens: number;
    active: boolean;
    roles: string[];
}

export interface AuditState {
    at: string;
    action: string;
    outcome: string;
    reason?: string;
    actorUsername?: string;
    roomName?: string;
    targetUsername?: string;
}

export interface RestCall {
    method: string;
    path: string;
    userId?: string;
    status: number;
}

export interface Snapshot {
    rooms: Record<string, RoomState>;
    messages: Record<string, MessageState>;
    users: Record<string, UserState>;
    audit: Record<string, AuditState>;
    appSettings: Record<string, unknown>;
    serverSettings: Record<string, unknown>;
    permissions: Record<string, string[]>;
    restCalls: number;
}

/** App settings whose value is a secret: their values are never shown. */
export const SECRET_SETTINGS: ReadonlyArray<string> = ['service_token'];

export function describeMessageForm(m: Pick<MessageState, 'form' | 'type' | 'textLength' | 'contentAlgorithm' | 'contentLength' | 'systemText'>): string {
    if (m.form === 'system') {
        return `system message ${m.type}${m.systemText ? ` (${m.systemText})` : ''}`;
    }
    if (m.form === 'ciphertext') {
        const content = m.contentAlgorithm ? `${m.contentAlgorithm} ciphertext (${m.contentLength} chars)` : 'ciphertext in the text field';
        const searchable = m.textLength === 0 ? 'searchable text empty' : `searchable text ${m.textLength} chars`;
        return `encrypted message: ${content}, ${searchable}`;
    }
    return `plain text (${m.textLength} chars)`;
}

export function messageState(m: RcMessage): MessageState {
    const system = typeof m.t === 'string' && m.t !== '' && m.t !== 'e2e';
    const ciphertext = m.t === 'e2e' || (typeof m.content === 'object' && m.content !== null);
    return {
        rid: m.rid,
        sender: m.u?.username ?? '?',
        type: m.t,
        form: system ? 'system' : ciphertext ? 'ciphertext' : 'text',
        textLength: typeof m.msg === 'string' ? m.msg.length : 0,
        ...(m.content && { contentAlgorithm: String(m.content.algorithm), contentLength: typeof m.content.ciphertext === 'string' ? m.content.ciphertext.length : 0 }),
        ...(system && typeof m.msg === 'string' && m.msg.length <= 64 && { systemText: m.msg }),
        ...(m.editedAt && { edited: String(m._updatedAt) }),
    };
}

function isAudit(data: unknown): data is AuditState {
    const r = data as AuditState;
    return typeof data === 'object' && data !== null && typeof r.at === 'string' && typeof r.action === 'string' && typeof r.outcome === 'string';
}

/** The audit records in the app's persistence, newest first (what `/e2e audit` reads). */
export function auditRecords(ws: Workspace): AuditState[] {
    return [...ws.engine.ctx.persistence.values()]
        .map((r) => r.data)
        .filter(isAudit)
        .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

export function takeSnapshot(ws: Workspace): Snapshot {
    const model = ws.server.model;
    const rooms: Record<string, RoomState> = {};
    for (const r of model.rooms.values()) {
        rooms[r._id] = {
            label: roomLabel(r),
            kind: roomKind(model, r),
            encrypted: Boolean(r.encrypted),
            keyId: Boolean(r.e2eKeyId),
            waitingForKeys: (r.usersWaitingForE2EKeys ?? []).map((q) => model.userById(q.userId)?.username ?? q.userId),
            members: model.subscriptionsByRoom(r._id).map((s) => s.u.username).sort(),
        };
    }
    const messages: Record<string, MessageState> = {};
    for (const m of model.messages.values()) {
        messages[m._id] = messageState(m);
    }
    const users: Record<string, UserState> = {};
    for (const u of model.users.values()) {
        const tokens = u.services?.resume?.loginTokens ?? [];
        users[u._id] = {
            username: u.username,
            hasKeys: Boolean(u.e2e),
            roomKeys: model.subscriptionsByUser(u._id).filter((s) => s.E2EKey).length,
            sessionTokens: tokens.filter((t) => t.type !== 'personalAccessToken').length,
            personalAccessTokens: tokens.filter((t) => t.type === 'personalAccessToken').length,
            active: u.active,
            roles: [...u.roles],
        };
    }
    const audit: Record<string, AuditState> = {};
    for (const r of ws.engine.ctx.persistence.values()) {
        if (isAudit(r.data)) {
            audit[r._id] = { ...r.data };
        }
    }
    const appSettings: Record<string, unknown> = {};
    if (ws.app) {
        for (const id of Object.keys(ws.engine.appSettings(ws.appId))) {
            appSettings[id] = ws.getAppSetting(id);
        }
    }
    const serverSettings: Record<string, unknown> = {};
    for (const s of model.settings.all()) {
        serverSettings[s._id] = s.value;
    }
    const permissions: Record<string, string[]> = {};
    for (const p of model.permissions.values()) {
        permissions[p._id] = [...p.roles];
    }
    return { rooms, messages, users, audit, appSettings, serverSettings, permissions, restCalls: ws.rest.requests.length };
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function show(value: unknown): string {
    return typeof value === 'string' ? (value === '' ? '""' : value) : JSON.stringify(value);
}

export function describeAudit(r: AuditState): string {
    const parts = [r.action, r.outcome, r.actorUsername && `by @${r.actorUsername}`, r.roomName, r.targetUsername && `@${r.targetUsername}`, r.reason && `reason ${r.reason}`];
    return parts.filter(Boolean).join(' · ');
}

/** What changed between two snapshots, as sentences. `restCalls` are the REST requests made in between. */
export function describeChanges(before: Snapshot, after: Snapshot, restCalls: ReadonlyArray<RestCall> = []): string[] {
    const lines: string[] = [];
    const userName = (id: string | undefined) => (id ? after.users[id]?.username ?? before.users[id]?.username ?? id : undefined);
    const roomName = (rid: string) => after.rooms[rid]?.label ?? before.rooms[rid]?.label ?? rid;

    for (const [id, a] of Object.entries(after.appSettings)) {
        const b = before.appSettings[id];
        if (JSON.stringify(a) !== JSON.stringify(b)) {
            lines.push(SECRET_SETTINGS.includes(id) ? `app setting ${id} changed (value hidden)` : `app setting ${id}: ${show(b)} → ${show(a)}`);
        }
    }
    for (const [id, a] of Object.entries(after.serverSettings)) {
        const b = before.serverSettings[id];
        if (JSON.stringify(a) !== JSON.stringify(b) && id !== 'Site_Url') {
            lines.push(`workspace setting ${id}: ${b === undefined ? '(unset)' : show(b)} → ${show(a)}`);
        }
    }
    for (const [id, roles] of Object.entries(after.permissions)) {
        const was = before.permissions[id] ?? [];
        if (roles.join(',') !== was.join(',')) {
            lines.push(`permission ${id}: [${was.join(', ')}] → [${roles.join(', ')}]`);
        }
    }
    for (const [rid, r] of Object.entries(after.rooms)) {
        const b = before.rooms[rid];
        if (!b) {
            lines.push(`new room ${r.label} (${r.kind}), members ${r.members.map((m) => '@' + m).join(' ') || 'none'}, encrypted: ${yesNo(r.encrypted)}`);
            continue;
        }
        if (b.encrypted !== r.encrypted) {
            lines.push(`${r.label}: encrypted ${yesNo(b.encrypted)} → ${yesNo(r.encrypted)}`);
        }
        if (!b.keyId && r.keyId) {
            lines.push(`${r.label}: room key created (e2eKeyId set)`);
        }
        for (const m of r.members.filter((m) => !b.members.includes(m))) {
            lines.push(`${r.label}: @${m} is now a member`);
        }
        for (const m of b.members.filter((m) => !r.members.includes(m))) {
            lines.push(`${r.label}: @${m} left`);
        }
        for (const w of r.waitingForKeys.filter((w) => !b.waitingForKeys.includes(w))) {
            lines.push(`${r.label}: @${w} queued to receive the room key (usersWaitingForE2EKeys)`);
        }
    }
    for (const rid of Object.keys(before.rooms).filter((rid) => !after.rooms[rid])) {
        lines.push(`room ${before.rooms[rid].label} removed`);
    }
    for (const [id, m] of Object.entries(after.messages)) {
        const b = before.messages[id];
        if (!b) {
            lines.push(`${roomName(m.rid)}: stored message ${id} from @${m.sender}: ${describeMessageForm(m)}`);
        } else if (b.edited !== m.edited || b.textLength !== m.textLength || b.contentLength !== m.contentLength) {
            lines.push(`${roomName(m.rid)}: message ${id} edited, now ${describeMessageForm(m)}`);
        }
    }
    for (const id of Object.keys(before.messages).filter((id) => !after.messages[id])) {
        lines.push(`${roomName(before.messages[id].rid)}: message ${id} deleted`);
    }
    for (const [id, u] of Object.entries(after.users)) {
        const b = before.users[id];
        if (!b) {
            lines.push(`new user @${u.username} (${u.roles.join(', ')})`);
            continue;
        }
        if (b.hasKeys !== u.hasKeys) {
            lines.push(u.hasKeys ? `@${u.username}: E2EE key pair stored` : `@${u.username}: E2EE key pair removed from the server`);
        }
        if (b.roomKeys !== u.roomKeys) {
            lines.push(`@${u.username}: room keys held ${b.roomKeys} → ${u.roomKeys}`);
        }
        if (b.sessionTokens !== u.sessionTokens || b.personalAccessTokens !== u.personalAccessTokens) {
            lines.push(
                `@${u.username}: login tokens ${b.sessionTokens} → ${u.sessionTokens}, personal access tokens ${b.personalAccessTokens} → ${u.personalAccessTokens}`,
            );
        }
        if (b.active !== u.active) {
            lines.push(`@${u.username}: ${u.active ? 'activated' : 'deactivated'}`);
        }
        if (b.roles.join(',') !== u.roles.join(',')) {
            lines.push(`@${u.username}: roles [${b.roles.join(', ')}] → [${u.roles.join(', ')}]`);
        }
    }
    const newAudit = Object.entries(after.audit)
        .filter(([id]) => !before.audit[id])
        .map(([, r]) => r)
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    for (const r of newAudit) {
        lines.push(`audit record added: ${describeAudit(r)}`);
    }
    for (const c of restCalls) {
        lines.push(`REST ${c.method} ${c.path} by ${c.userId ? '@' + (userName(c.userId) ?? c.userId) : 'an unauthenticated caller'} → HTTP ${c.status}`);
    }
    return lines;
}
