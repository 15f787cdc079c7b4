// Shared set-up for the integration suite: a workspace stand-in running the packaged app, a working service
// account, the people and rooms the tables iterate over, and the expected texts straight from i18n/*.json.
import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import es from '../../i18n/es.json';
import fr from '../../i18n/fr.json';
import ptBR from '../../i18n/pt-BR.json';
import { expect } from '@jest/globals';

import { Workspace } from '../../workspace/Workspace';
import type { RcRoom, RcUser } from '../../workspace/Workspace';

export type Key = keyof typeof en;
export type Lang = 'en' | 'de' | 'es' | 'fr' | 'pt-BR';
const CATALOGS: Record<Lang, Record<string, string>> = { en, de, es, fr, 'pt-BR': ptBR };

/** The text the app's catalog has for `key`, with `{name}` placeholders filled. */
export function say(key: Key, params: Record<string, string | number> = {}, lang: Lang = 'en'): string {
    const template = CATALOGS[lang][key] ?? en[key];
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export const START_TIMEOUT = 30000;

export interface Harness {
    ws: Workspace;
    /** the service account: an administrator with a personal access token that bypasses two-factor */
    svc: RcUser;
    token: string;
}

/**
 * Starts the workspace with E2E_Enable on (unless overridden) and, unless `serviceAccount` is false, a service
 * account configured in the app settings (workspace_url stays empty: Site_Url is the stand-in's REST port).
 */
export async function startHarness(o: { settings?: Record<string, string | number | boolean>; serviceAccount?: boolean } = {}): Promise<Harness> {
    const ws = await Workspace.start({ settings: { E2E_Enable: true, ...(o.settings ?? {}) } });
    const svc = ws.createUser({ username: 'svc', name: 'Service account', roles: ['admin', 'user'] });
    const { token } = ws.createPersonalAccessToken(svc, 'e2ee-policy-app', { bypassTwoFactor: true });
    if (o.serviceAccount !== false) {
        await configureServiceAccount(ws, svc._id, token);
    }
    return { ws, svc, token };
}

export async function configureServiceAccount(ws: Workspace, userId: string, token: string): Promise<void> {
    await ws.setAppSetting('service_user_id', userId);
    await ws.setAppSetting('service_token', token);
}

/** What `who` was told (one entry per notification) while `action` ran. */
export async function toldDuring(ws: Workspace, who: RcUser, action: () => Promise<unknown>): Promise<string[]> {
    const before = ws.notificationsFor(who).length;
    await action();
    return ws.notificationsFor(who).slice(before).map((n) => n.text);
}

/** Runs `/e2e <words>` as `who` in `where` and returns what `who` was told. */
export async function command(ws: Workspace, who: RcUser, where: RcRoom, words: string): Promise<string> {
    return (await toldDuring(ws, who, () => ws.runSlashCommand(who, where, `/e2e ${words}`))).join('\n---\n');
}

/** Clicks a room action button as `who` in `where` and returns what `who` was told. */
export async function click(ws: Workspace, who: RcUser, where: RcRoom, actionId: 'e2e-status' | 'e2e-enable' | 'e2e-disable'): Promise<string> {
    return (await toldDuring(ws, who, () => ws.clickRoomAction(who, where, actionId))).join('\n---\n');
}

export interface AuditRow {
    at: string;
    action: string;
    outcome: string;
    reason?: string;
    actorId?: string;
    actorUsername?: string;
    roomId?: string;
    roomName?: string;
    targetUserId?: string;
    targetUsername?: string;
    count?: number;
}

/** The audit records in the app's persistence, in the order they were written. */
export function auditRecords(ws: Workspace): AuditRow[] {
    return [...ws.engine.ctx.persistence.values()]
        .filter((r) => r.appId === ws.appId)
        .map((r) => r.data as Record<string, unknown>)
        .filter((d): d is AuditRow & Record<string, unknown> => typeof d.at === 'string' && typeof d.action === 'string' && typeof d.outcome === 'string') as AuditRow[];
}

/** Audit records written while `action` ran. Post-event records are awaited with `waitFor` by the caller. */
export async function auditDuring(ws: Workspace, action: () => Promise<unknown>): Promise<AuditRow[]> {
    const before = auditRecords(ws).length;
    await action();
    return auditRecords(ws).slice(before);
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

/** REST requests the app made to a route since index `from` (method and path only; no tokens are recorded). */
export function restCalls(ws: Workspace, from = 0): string[] {
    return ws.rest.requests.slice(from).map((r) => `${r.method} ${r.path.replace('/api/v1/', '')}`);
}

/** A room as the app names it: `#name` (display name first), or `@a, @b` for a direct message. */
export function label(ws: Workspace, room: RcRoom): string {
    const stored = ws.room(room._id) ?? room;
    if (stored.t === 'd') {
        return (stored.usernames ?? []).map((username) => `@${username}`).join(', ');
    }
    return `#${stored.fname ?? stored.name}`;
}

// ---------------------------------------------------------------------------------------------- the tables
export const USER_KINDS = ['admin', 'owner', 'moderator', 'leader', 'member', 'outsider', 'guest', 'bot', 'inactive'] as const;
export type UserKind = (typeof USER_KINDS)[number];

export const ROOM_KINDS = ['dm', 'group-dm', 'private', 'private-team', 'private-discussion', 'public-discussion', 'public', 'public-team', 'livechat'] as const;
export type RoomKindName = (typeof ROOM_KINDS)[number];

/** The app's kind label key for each room kind, and whether Rocket.Chat can encrypt it. */
export const KIND_OF: Record<RoomKindName, { kind: Key; supported: boolean; policy?: string }> = {
    dm: { kind: 'kind_direct', supported: true, policy: 'policy_direct' },
    'group-dm': { kind: 'kind_direct', supported: true, policy: 'policy_direct' },
    private: { kind: 'kind_private_channel', supported: true, policy: 'policy_private_channel' },
    'private-team': { kind: 'kind_private_team', supported: true, policy: 'policy_private_team' },
    'private-discussion': { kind: 'kind_discussion', supported: true, policy: 'policy_discussion' },
    'public-discussion': { kind: 'kind_public_discussion', supported: false },
    public: { kind: 'kind_public_channel', supported: false },
    'public-team': { kind: 'kind_public_team', supported: false },
    livechat: { kind: 'kind_livechat', supported: false },
};

export interface Cast {
    admin: RcUser;
    owner: RcUser;
    moderator: RcUser;
    leader: RcUser;
    member: RcUser;
    outsider: RcUser;
    guest: RcUser;
    bot: RcUser;
    inactive: RcUser;
    /** the other side of each person's direct message */
    partner: RcUser;
}

export interface Stage {
    cast: Cast;
    /** the room where `who` holds the role its kind names (for direct messages: that person's own DM) */
    roomFor(kind: RoomKindName, who: UserKind): RcRoom;
    rooms: Record<Exclude<RoomKindName, 'dm'>, RcRoom>;
}

/**
 * Everyone of each kind, and a room of each kind where they hold their role: the owner created it,
 * the moderator and leader have those room roles, admin/member/guest/bot/inactive are plain members,
 * the outsider is not in it. The inactive user is deactivated after the rooms exist.
 */
export async function buildStage(ws: Workspace, prefix = ''): Promise<Stage> {
    const u = (username: string, extra: Partial<Parameters<Workspace['createUser']>[0]> = {}) => ws.createUser({ username: `${prefix}${username}`, ...extra });
    const cast: Cast = {
        admin: u('ada', { roles: ['admin', 'user'] }),
        owner: u('olga'),
        moderator: u('mona'),
        leader: u('leo'),
        member: u('mel'),
        outsider: u('otto'),
        guest: u('gus', { roles: ['guest'] }),
        bot: u('botty', { type: 'bot' }),
        inactive: u('ines'),
        partner: u('pat'),
    };
    const { owner } = cast;
    const members = [cast.admin, cast.moderator, cast.leader, cast.member, cast.guest, cast.bot, cast.inactive];
    const withRoles = async (room: RcRoom) => {
        ws.setRoomRole(room, cast.moderator, 'moderator');
        ws.setRoomRole(room, cast.leader, 'leader');
        return room;
    };
    const privateRoom = await withRoles(await ws.createRoom('private', { name: `${prefix}vault`, owner, members }));
    const publicRoom = await withRoles(await ws.createRoom('public', { name: `${prefix}lobby`, owner, members }));
    const rooms: Stage['rooms'] = {
        'group-dm': await ws.createRoom('group-dm', { owner, members }),
        private: privateRoom,
        'private-team': await withRoles(await ws.createRoom('private-team', { name: `${prefix}crew`, owner, members })),
        'private-discussion': await withRoles(await ws.createRoom('discussion', { name: `${prefix}plans`, owner, members, parent: privateRoom })),
        'public-discussion': await withRoles(await ws.createRoom('discussion', { name: `${prefix}chatter`, owner, members, parent: publicRoom })),
        public: publicRoom,
        'public-team': await withRoles(await ws.createRoom('public-team', { name: `${prefix}guild`, owner, members })),
        livechat: await ws.createRoom('livechat', { name: `${prefix}visitor`, owner }),
    };
    const dms = new Map<UserKind, RcRoom>();
    for (const who of USER_KINDS) {
        const person = who === 'outsider' ? cast.owner : cast[who];
        dms.set(who, await ws.createRoom('dm', { owner: person, members: [cast.partner] }));
    }
    await ws.settle();
    ws.deactivateUser(cast.inactive);
    return {
        cast,
        rooms,
        roomFor: (kind, who) => (kind === 'dm' ? (dms.get(who) as RcRoom) : rooms[kind]),
    };
}

// ---------------------------------------------------------------------------------------------- expectations
/**
 * Whether `who` may see the room of `kind` (public, a member, or view-room-administration). Rocket.Chat hands
 * commands and buttons any room id a client sends, so the app answers a room the person cannot see as not found.
 */
export function canSee(kind: RoomKindName, who: UserKind): boolean {
    if (who === 'admin' || kind === 'public' || kind === 'public-team' || kind === 'public-discussion') {
        return true;
    }
    // a livechat room has only its agent (the owner here) as a member
    return kind === 'livechat' ? who === 'owner' : who !== 'outsider';
}

/** What `/e2e status` (or the status button) tells `who` about a room under the default settings. */
export function expectedStatus(ws: Workspace, kind: RoomKindName, room: RcRoom, who: UserKind, o: { policy?: string; lang?: Lang } = {}): string {
    const lang = o.lang ?? 'en';
    if (who === 'inactive') {
        return say('not_allowed_inactive', {}, lang);
    }
    if (!canSee(kind, who)) {
        return say('room_not_found', { name: room._id }, lang);
    }
    const k = KIND_OF[kind];
    const kindText = say(k.kind, {}, lang);
    const lines = [
        say(isEncrypted(ws, room) ? 'status_encrypted' : 'status_not_encrypted', { room: label(ws, room) }, lang),
        say('status_kind', { kind: kindText }, lang),
        k.supported ? say('status_policy', { policy: say(`policy_${o.policy ?? 'optional'}` as Key, {}, lang) }, lang) : say('status_unsupported', { kind: kindText }, lang),
        say('status_workspace_on', {}, lang),
    ];
    if (who === 'admin') {
        lines.push(say('status_service_ok', { username: 'svc' }, lang));
    }
    return lines.join('\n');
}

export interface ToggleOutcome {
    text: string;
    done: boolean;
    /** the audit record's outcome and reason, or undefined when nothing is recorded */
    audit?: { outcome: 'done' | 'refused'; reason?: string };
}

/** What enabling or disabling a room of `kind` does for `who` under `optional` (Rocket.Chat's default role-permission table). */
export function expectedToggle(ws: Workspace, kind: RoomKindName, room: RcRoom, who: UserKind, enable: boolean): ToggleOutcome {
    const k = KIND_OF[kind];
    const roomLabel = label(ws, room);
    if (who === 'inactive') {
        return { text: say('not_allowed_inactive'), done: false };
    }
    if (!canSee(kind, who)) {
        return { text: say('room_not_found', { name: room._id }), done: false };
    }
    if (!k.supported) {
        return { text: say('toggle_unsupported', { kind: say(k.kind) }), done: false, audit: { outcome: 'refused', reason: 'unsupported-kind' } };
    }
    const direct = kind === 'dm' || kind === 'group-dm';
    let missing: string | undefined;
    if (direct) {
        missing = who === 'outsider' ? 'edit-room' : undefined;
    } else if (who === 'moderator') {
        missing = 'toggle-room-e2e-encryption';
    } else if (who !== 'admin' && who !== 'owner') {
        missing = 'edit-room, toggle-room-e2e-encryption';
    }
    if (missing) {
        return { text: say('toggle_not_allowed', { room: roomLabel, permissions: missing }), done: false, audit: { outcome: 'refused', reason: 'not-allowed' } };
    }
    return { text: say(enable ? 'toggle_enabled' : 'toggle_disabled', { room: roomLabel }), done: true, audit: { outcome: 'done' } };
}

/** Audit records without their timestamps, for exact comparison. */
export function withoutTime(records: AuditRow[]): Array<Omit<AuditRow, 'at'>> {
    return records.map(({ at: _at, ...rest }) => rest);
}

/**
 * One row of the command/button tables: status, enable, disable as `who` in the room of `kind`, through the
 * slash command or the room buttons. Asserts on what the person was told, the room's flag, the REST calls and
 * the audit record each step wrote.
 */
export async function statusEnableDisable(ws: Workspace, stage: Stage, kind: RoomKindName, who: UserKind, via: 'command' | 'button'): Promise<void> {
    const room = stage.roomFor(kind, who);
    const person = stage.cast[who];
    const act = (step: 'status' | 'enable' | 'disable') => (via === 'command' ? command(ws, person, room, step) : click(ws, person, room, `e2e-${step}`));
    const supported = KIND_OF[kind].supported;
    forceEncrypted(ws, room, false);

    expect(await act('status')).toBe(expectedStatus(ws, kind, room, who));

    for (const enable of [true, false]) {
        if (!enable && supported) {
            forceEncrypted(ws, room, true);
        }
        const expected = expectedToggle(ws, kind, room, who, enable);
        const restBefore = ws.rest.requests.length;
        const records = await auditDuring(ws, async () => expect(await act(enable ? 'enable' : 'disable')).toBe(expected.text));
        expect(restCalls(ws, restBefore).filter((c) => c === 'POST rooms.saveRoomSettings')).toHaveLength(expected.done ? 1 : 0);
        // done: the asked state; refused: unchanged (false before enable; true before disable where supported)
        expect(isEncrypted(ws, room)).toBe(expected.done ? enable : !enable && supported);
        const audit = expected.audit;
        expect(withoutTime(records)).toEqual(
            audit
                ? [
                      {
                          action: enable ? 'enable' : 'disable',
                          outcome: audit.outcome,
                          ...(audit.reason && { reason: audit.reason }),
                          actorId: person._id,
                          actorUsername: person.username,
                          roomId: room._id,
                          roomName: label(ws, room),
                      },
                  ]
                : [],
        );
    }
}
