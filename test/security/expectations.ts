// The expected outcome of every action the app offers, for any person, room, policy and role-permission
// table. Written from Rocket.Chat's rules (notes/rc-rooms-permissions.md and the files it cites) and the
// product rules of issues 2 and 3, WITHOUT calling any of the app's code: the authorization matrix compares
// the app, running in the real Apps-Engine runtime, against this.
//
// Rocket.Chat rules used here:
// - hasPermission (server/services/authorization/service.ts): effective roles = the user's global roles, plus
//   the roles on their subscription to the room when the check is scoped to a room; a permission is held when
//   its document lists any effective role. `user.active` is not consulted, but a deactivated user has every
//   login token removed (setUserActiveStatus.ts) and cannot act at all.
// - saveRoomSettings({ encrypted }) (channel-settings/server/methods/saveRoomSettings.ts): `edit-room` scoped to
//   the room; a direct message ('d') is exempt from it for the `encrypted` key; then
//   allowRoomSettingChange(E2E): true for 'p' and 'd' only while E2E_Enable is on, false for 'c'; then
//   `toggle-room-e2e-encryption` scoped to the room, except in 'd' rooms.
//   Rocket.Chat's method does not check membership of the direct message; issue 2 narrows the exemption to
//   "a DM member may toggle that DM", and so does this table.
// - users.resetE2EKey with a userId (api/server/v1/users.ts): `edit-other-user-e2ee`, unscoped (global roles
//   only: a room role such as moderator never grants it).
// - Who may see a room: canAccessRoom (public rooms, subscriptions, discussions of rooms one can access) and
//   the administration's room list (`view-room-administration`, unscoped). A person must learn nothing
//   about a room they cannot see.
// - Room kinds (roomTypes/*, createDiscussion.ts, team/service.ts): 'd' direct messages (group DMs too), 'p'
//   private channels, private teams (teamMain) and discussions (prid) of private rooms or DMs, 'c' public
//   channels, public teams and discussions of public channels, 'l' omnichannel. Only 'd' and 'p' can be
//   encrypted (issue 2 also rules omnichannel out).
//
// Product rules (issues 2 and 3, team brief), in the order the app refuses:
// - every action: a deactivated person is refused;
// - status / enable / disable on a room: a room the person cannot see is answered as unknown;
// - enable / disable: unsupported kind, then the policy of the room's kind (disabled forbids enabling,
//   required forbids disabling), then E2E_Enable off, then "already in that state", then an unconfigured
//   service account, then Rocket.Chat's own authorization (above); only then is anything changed;
// - reset-key and audit: an unconfigured service account, then `edit-other-user-e2ee`; reset-key opens a
//   confirmation dialog and changes nothing; only its single submission by the person it was opened for
//   resets the key;
// - refusals of enable, disable, reset-key and dialog submissions are audited (not those of a deactivated
//   account or about an invisible room); a refused status or audit listing is only answered.

export type Policy = 'disabled' | 'optional' | 'default' | 'required';
export const POLICY_VALUES: ReadonlyArray<Policy> = ['disabled', 'optional', 'default', 'required'];

export type Action = 'status' | 'enable' | 'disable' | 'reset-key' | 'audit' | 'e2e-status' | 'e2e-enable' | 'e2e-disable' | 'modal-submit';
export const ACTIONS: ReadonlyArray<Action> = ['status', 'enable', 'disable', 'reset-key', 'audit', 'e2e-status', 'e2e-enable', 'e2e-disable', 'modal-submit'];

export type RoomType = 'c' | 'p' | 'd' | 'l';

/** What Rocket.Chat stores about the room (rooms collection). */
export interface RoomFacts {
    readonly t: RoomType;
    readonly teamMain: boolean;
    /** a discussion: `prid` set */
    readonly discussion: boolean;
    readonly encrypted: boolean;
}

/** What Rocket.Chat stores about the person (users collection and their subscription to the room). */
export interface PersonFacts {
    readonly globalRoles: ReadonlyArray<string>;
    readonly active: boolean;
    readonly isMember: boolean;
    /** a discussion: whether they are a member of its parent room */
    readonly isParentMember: boolean;
    /** roles on their subscription to the room (owner, moderator, leader) */
    readonly roomRoles: ReadonlyArray<string>;
}

/** permission id -> roles, the live table (permissions collection). */
export type PermissionTable = Readonly<Record<string, ReadonlyArray<string>>>;

export interface WorkspaceFacts {
    /** the policy setting of each supported kind */
    readonly policies: Readonly<Record<SupportedKind, Policy>>;
    readonly e2eEnable: boolean;
    readonly serviceConfigured: boolean;
    readonly table: PermissionTable;
}

export type SupportedKind = 'direct' | 'private_channel' | 'private_team' | 'discussion';

export type RefusalReason =
    | 'inactive'
    | 'not-visible'
    | 'unsupported-kind'
    | 'policy-disabled'
    | 'policy-required'
    | 'workspace-e2e-off'
    | 'already'
    | 'not-configured'
    | 'not-allowed'
    | 'not-dialog-owner';

export type Expected =
    /** the person is told something (status, audit listing), nothing changes */
    | { readonly result: 'answered' }
    /** a confirmation dialog opens, nothing changes */
    | { readonly result: 'dialog' }
    /** the change is made and the person told so */
    | { readonly result: 'done' }
    /** nothing changes; the person is told why; `audited` says whether a refusal record is written */
    | { readonly result: 'refused'; readonly reason: RefusalReason; readonly audited: boolean };

export const EDIT_ROOM = 'edit-room';
export const TOGGLE_E2E = 'toggle-room-e2e-encryption';
export const RESET_KEYS = 'edit-other-user-e2ee';
export const ROOM_ADMINISTRATION = 'view-room-administration';

function holds(table: PermissionTable, permission: string, roles: ReadonlyArray<string>): boolean {
    const allowed = table[permission] ?? [];
    return roles.some((role) => allowed.includes(role));
}

/** The supported kind of a room, or undefined when Rocket.Chat (or issue 2) never encrypts it. */
export function supportedKind(room: RoomFacts): SupportedKind | undefined {
    if (room.t === 'd') {
        return 'direct';
    }
    if (room.t !== 'p') {
        return undefined;
    }
    if (room.discussion) {
        return 'discussion';
    }
    return room.teamMain ? 'private_team' : 'private_channel';
}

/**
 * canAccessRoom: public rooms, one's own rooms, and discussions of rooms one can access are visible; other
 * rooms only with `view-room-administration`. The app reads the role-permission table through the service
 * account, so without one it cannot tell and fails closed.
 */
export function maySeeRoom(person: PersonFacts, room: RoomFacts, ws: Pick<WorkspaceFacts, 'table' | 'serviceConfigured'>): boolean {
    return (
        room.t === 'c' ||
        person.isMember ||
        (room.discussion && person.isParentMember) ||
        (ws.serviceConfigured && holds(ws.table, ROOM_ADMINISTRATION, person.globalRoles))
    );
}

/** saveRoomSettings' checks for `{ encrypted }`, with the DM exemption narrowed to members (issue 2). */
export function mayToggle(person: PersonFacts, room: RoomFacts, table: PermissionTable): boolean {
    if (room.t === 'd' && person.isMember) {
        return true;
    }
    const roles = [...person.globalRoles, ...(person.isMember ? person.roomRoles : [])];
    if (!holds(table, EDIT_ROOM, roles)) {
        return false;
    }
    return room.t === 'd' || holds(table, TOGGLE_E2E, roles);
}

export function mayAdministerKeys(person: PersonFacts, table: PermissionTable): boolean {
    return holds(table, RESET_KEYS, person.globalRoles);
}

const refused = (reason: RefusalReason, audited: boolean): Expected => ({ result: 'refused', reason, audited });

function expectToggle(person: PersonFacts, room: RoomFacts, ws: WorkspaceFacts, encrypt: boolean): Expected {
    if (!person.active) {
        return refused('inactive', false);
    }
    if (!maySeeRoom(person, room, ws)) {
        return refused('not-visible', false);
    }
    const kind = supportedKind(room);
    if (kind === undefined) {
        return refused('unsupported-kind', true);
    }
    const policy = ws.policies[kind];
    if (encrypt && policy === 'disabled') {
        return refused('policy-disabled', true);
    }
    if (!encrypt && policy === 'required') {
        return refused('policy-required', true);
    }
    if (!ws.e2eEnable) {
        return refused('workspace-e2e-off', true);
    }
    if (room.encrypted === encrypt) {
        return refused('already', true);
    }
    if (!ws.serviceConfigured) {
        return refused('not-configured', true);
    }
    return mayToggle(person, room, ws.table) ? { result: 'done' } : refused('not-allowed', true);
}

function expectKeyAdministration(person: PersonFacts, ws: WorkspaceFacts, auditedRefusal: boolean, success: Expected): Expected {
    if (!person.active) {
        return refused('inactive', false);
    }
    if (!ws.serviceConfigured) {
        return refused('not-configured', auditedRefusal);
    }
    return mayAdministerKeys(person, ws.table) ? success : refused('not-allowed', auditedRefusal);
}

export interface Situation {
    readonly action: Action;
    readonly person: PersonFacts;
    readonly room: RoomFacts;
    readonly workspace: WorkspaceFacts;
    /** modal-submit: whether the dialog being submitted was opened for this person */
    readonly ownDialog?: boolean;
}

/** The one table of expected outcomes. */
export function expectedOutcome(s: Situation): Expected {
    const { person, room, workspace } = s;
    switch (s.action) {
        case 'status':
        case 'e2e-status':
            if (!person.active) {
                return refused('inactive', false);
            }
            return maySeeRoom(person, room, workspace) ? { result: 'answered' } : refused('not-visible', false);
        case 'enable':
        case 'e2e-enable':
            return expectToggle(person, room, workspace, true);
        case 'disable':
        case 'e2e-disable':
            return expectToggle(person, room, workspace, false);
        case 'reset-key':
            return expectKeyAdministration(person, workspace, true, { result: 'dialog' });
        case 'audit':
            return expectKeyAdministration(person, workspace, false, { result: 'answered' });
        case 'modal-submit':
            // Only the person the dialog was opened for may answer it; they may open one only when they
            // administer keys, so their own submission resets (the re-checks at submit time pass here).
            if (!s.ownDialog) {
                return refused('not-dialog-owner', true);
            }
            return expectKeyAdministration(person, workspace, true, { result: 'done' });
    }
}

/** Which person a dialog for `modal-submit` is opened for: the person, when they may open one at all. */
export function mayOpenDialog(person: PersonFacts, ws: WorkspaceFacts): boolean {
    return person.active && ws.serviceConfigured && mayAdministerKeys(person, ws.table);
}
