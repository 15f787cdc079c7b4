// The expected outcome of every action the app offers, for any person, room, policy and role-permission table:
// the one written-down model the runtime suites compare the app with. It is written from Rocket.Chat's files
// (cited below, read in RocketChat/Rocket.Chat) and the app's product rules, and imports nothing from the
// app's src/: a rule the app gets wrong is not copied into its own oracle.
//
// Rocket.Chat's rules:
// - hasPermission (apps/meteor/server/services/authorization/service.ts, getRoles + rolesHasPermission): the
//   effective roles are the user's global roles, plus the roles on their subscription to the room when the
//   check is scoped to a room; a permission is held when its document lists any effective role. `active` is
//   not consulted there, but a deactivated user loses every login token and cannot act at all.
// - saveRoomSettings({ encrypted }) (apps/meteor/app/channel-settings/server/methods/saveRoomSettings.ts):
//   `edit-room` scoped to the room, from which a direct message ('d') is exempt for the `encrypted` key; then
//   the `encrypted` validator: allowRoomSettingChange(room, E2E) of the room type (apps/meteor/server/lib/
//   rooms/roomTypes/private.ts and direct.ts: only while E2E_Enable is on; public.ts: never), then
//   `toggle-room-e2e-encryption` scoped to the room, except in 'd' rooms. Rocket.Chat does not check
//   membership of the direct message: the app narrows the exemption to its members (a product rule below).
// - users.resetE2EKey with a userId (apps/meteor/app/api/server/v1/users.ts): `edit-other-user-e2ee`, not
//   scoped to a room (global roles only: a room role such as moderator never grants it).
// - canAccessRoom (apps/meteor/server/services/authorization/canAccessRoom.ts, Rocket.Chat 8.x), its validators
//   as alternatives: a public room ('c') of a team: `view-c-room` when the team is public, membership of the team
//   when it is private (whatever `view-c-room` says); a public room outside teams: `view-c-room`; a subscription
//   (not a pending invitation) with `view-joined-room` or `view-<t>-room`; a discussion whose parent passes the
//   same rule. Every permission there is unscoped (global roles only). Beside it, the administration's room list
//   shows every room to `view-room-administration` (unscoped).
// - Room kinds (apps/meteor/server/lib/rooms/roomTypes/*, apps/meteor/app/discussion/server/methods/createDiscussion.ts,
//   apps/meteor/server/services/team/service.ts): 'd' direct messages (group DMs too); 'p' private channels, private
//   teams (teamMain), rooms of a team and discussions of private rooms or DMs; 'c' public channels, public
//   teams and discussions of public channels; 'l' omnichannel. Only 'd' and 'p' can be encrypted.
// - Guests (apps/meteor/ee/app/authorization/lib/guestPermissions.ts, AuthorizationUtils.isPermissionRestrictedForRoleList,
//   checked by rolesHasPermission before the table): with an Enterprise license, a role list holding `guest` holds
//   only view-d-room, view-joined-room, view-p-room and start-discussion, whatever the table or their room roles say
//   (a guest who starts a discussion owns it). The app cannot tell the edition and must never grant what Rocket.Chat
//   might refuse, so the app's rule is that restriction on every edition (below, in `holds`).
//
// The app's product rules, in the order it refuses:
// - every action: a deactivated person is refused;
// - status / enable / disable of a room: a room the person cannot see is answered as unknown, never
//   described. The app reads the table and a team's type through its service account; without one, a
//   subscription alone shows a room and nothing else does (public rooms, teams and administration fail closed);
// - enable / disable: a kind Rocket.Chat cannot encrypt (omnichannel is ruled out too), then the policy of the
//   room's kind (disabled forbids enabling, required forbids disabling), then E2E_Enable off, then "already in
//   that state", then an unconfigured service account, then Rocket.Chat's own authorization (above), with a
//   direct message open to its members only; only then is anything changed;
// - reset-key and audit: an unconfigured service account, then `edit-other-user-e2ee`; reset-key opens a
//   confirmation dialog and changes nothing; only its single submission by the person it was opened for resets
//   the key;
// - refusals of enable, disable, reset-key and dialog submissions are audited (not those of a deactivated
//   account or about a room the person cannot see); a refused status or audit listing is only answered;
// - the status of a room also tells holders of the global admin role how the service account is doing.

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

/** The team a room belongs to, by the team's type. */
export type TeamKind = 'none' | 'public' | 'private';

/** What canAccessRoom reads about a person and a room, and for a discussion the same about its parent room. */
export interface RoomAccess {
    readonly t: RoomType;
    readonly team: TeamKind;
    /** subscribed to the room (a pending invitation is none) */
    readonly subscribed: boolean;
    /** a member of the room's team (subscribed to the team's main room) */
    readonly teamMember: boolean;
    readonly parent?: RoomAccess;
}

/** What Rocket.Chat stores about the person (users collection and their subscription to the room). */
export interface PersonFacts {
    readonly globalRoles: ReadonlyArray<string>;
    readonly active: boolean;
    readonly isMember: boolean;
    /** what canAccessRoom reads about them and the room */
    readonly access: RoomAccess;
    /** roles on their subscription to the room (owner, moderator, leader) */
    readonly roomRoles: ReadonlyArray<string>;
}

/** permission id -> roles, the live table (permissions collection). */
export type PermissionTable = Readonly<Record<string, ReadonlyArray<string>>>;

export type SupportedKind = 'direct' | 'private_channel' | 'private_team' | 'discussion';

export interface WorkspaceFacts {
    /** the policy setting of each supported kind */
    readonly policies: Readonly<Record<SupportedKind, Policy>>;
    readonly e2eEnable: boolean;
    readonly serviceConfigured: boolean;
    readonly table: PermissionTable;
}

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

/** What a guest may ever hold (Rocket.Chat Enterprise's whitelist; the app applies it on every edition). */
export const GUEST_PERMISSIONS: ReadonlyArray<string> = ['view-d-room', 'view-joined-room', 'view-p-room', 'start-discussion'];

function holds(table: PermissionTable, permission: string, roles: ReadonlyArray<string>): boolean {
    if (roles.includes('guest') && !GUEST_PERMISSIONS.includes(permission)) {
        return false;
    }
    const allowed = table[permission] ?? [];
    return roles.some((role) => allowed.includes(role));
}

/** The supported kind of a room, or undefined when Rocket.Chat (or the app, for omnichannel) never encrypts it. */
export function supportedKind(room: Omit<RoomFacts, 'encrypted'>): SupportedKind | undefined {
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

export type KindLabel = 'direct' | 'private_channel' | 'private_team' | 'discussion' | 'public_channel' | 'public_team' | 'public_discussion' | 'livechat';

/** The name the app gives a room's kind (its `kind_<label>` text), supported or not. */
export function kindLabel(room: Omit<RoomFacts, 'encrypted'>): KindLabel {
    const supported = supportedKind(room);
    if (supported) {
        return supported;
    }
    if (room.t === 'l') {
        return 'livechat';
    }
    return room.discussion ? 'public_discussion' : room.teamMain ? 'public_team' : 'public_channel';
}

/** The app setting that holds the policy of a supported kind. */
export const policySetting = (kind: SupportedKind) => `policy_${kind}`;

/**
 * canAccessRoom as the app can apply it: `table` undefined when the app cannot read the table nor a team (no
 * service account), then a subscription alone counts.
 */
export function canAccessRoom(access: RoomAccess, roles: ReadonlyArray<string>, table: PermissionTable | undefined): boolean {
    const viewPublic = table !== undefined && holds(table, 'view-c-room', roles);
    if (access.t === 'c' && access.team !== 'none' && (access.team === 'public' ? viewPublic : table !== undefined && access.teamMember)) {
        return true;
    }
    if (access.t === 'c' && access.team === 'none' && viewPublic) {
        return true;
    }
    if (access.subscribed && (table === undefined || holds(table, 'view-joined-room', roles) || holds(table, `view-${access.t}-room`, roles))) {
        return true;
    }
    return access.parent !== undefined && canAccessRoom(access.parent, roles, table);
}

/** canAccessRoom, or the administration's room list. */
export function maySeeRoom(person: PersonFacts, ws: Pick<WorkspaceFacts, 'table' | 'serviceConfigured'>): boolean {
    const table = ws.serviceConfigured ? ws.table : undefined;
    return canAccessRoom(person.access, person.globalRoles, table) || (table !== undefined && holds(table, ROOM_ADMINISTRATION, person.globalRoles));
}

/**
 * The permissions saveRoomSettings would find missing for `{ encrypted }`, in the order it checks them, with
 * the DM exemption narrowed to the DM's members. Empty: the change is allowed.
 */
export function missingPermissions(person: PersonFacts, room: RoomFacts, table: PermissionTable): Array<string> {
    if (room.t === 'd' && person.isMember) {
        return [];
    }
    const roles = [...person.globalRoles, ...(person.isMember ? person.roomRoles : [])];
    const missing = holds(table, EDIT_ROOM, roles) ? [] : [EDIT_ROOM];
    if (room.t !== 'd' && !holds(table, TOGGLE_E2E, roles)) {
        missing.push(TOGGLE_E2E);
    }
    return missing;
}

export function mayToggle(person: PersonFacts, room: RoomFacts, table: PermissionTable): boolean {
    return missingPermissions(person, room, table).length === 0;
}

export function mayAdministerKeys(person: PersonFacts, table: PermissionTable): boolean {
    return holds(table, RESET_KEYS, person.globalRoles);
}

const refused = (reason: RefusalReason, audited: boolean): Expected => ({ result: 'refused', reason, audited });

function expectToggle(person: PersonFacts, room: RoomFacts, ws: WorkspaceFacts, encrypt: boolean): Expected {
    if (!person.active) {
        return refused('inactive', false);
    }
    if (!maySeeRoom(person, ws)) {
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
            return maySeeRoom(person, workspace) ? { result: 'answered' } : refused('not-visible', false);
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

/** Whether `/e2e status` also tells the person how the service account is doing (holders of the admin role, never a guest). */
export function seesServiceHealth(person: PersonFacts): boolean {
    return person.globalRoles.includes('admin') && !person.globalRoles.includes('guest');
}

/** Whether the person may open a reset dialog at all (who a `modal-submit` dialog can be opened for). */
export function mayOpenDialog(person: PersonFacts, ws: WorkspaceFacts): boolean {
    return person.active && ws.serviceConfigured && mayAdministerKeys(person, ws.table);
}

// ------------------------------------------------------------------------------------------ what the person is told
export const isToggle = (action: Action): boolean => action === 'enable' || action === 'disable' || action === 'e2e-enable' || action === 'e2e-disable';
export const wantsEncrypted = (action: Action): boolean => action === 'enable' || action === 'e2e-enable';

/** The text (an i18n key) that tells the person about a refusal. */
export function refusalKey(action: Action, reason: RefusalReason) {
    switch (reason) {
        case 'inactive':
            return 'not_allowed_inactive' as const;
        case 'not-visible':
            return 'room_not_found' as const;
        case 'unsupported-kind':
            return 'toggle_unsupported' as const;
        case 'policy-disabled':
            return 'toggle_policy_forbids_enable' as const;
        case 'policy-required':
            return 'toggle_policy_forbids_disable' as const;
        case 'workspace-e2e-off':
            return 'toggle_workspace_off' as const;
        case 'already':
            return wantsEncrypted(action) ? ('toggle_already_enabled' as const) : ('toggle_already_disabled' as const);
        case 'not-configured':
            return 'service_not_configured' as const;
        case 'not-allowed':
            return isToggle(action) ? ('toggle_not_allowed' as const) : ('not_allowed' as const);
        case 'not-dialog-owner':
            return 'reset_not_yours' as const;
    }
}

/** The text (an i18n key) that tells the person a change was made, for the actions that make one. */
export function successKey(action: Action) {
    if (isToggle(action)) {
        return wantsEncrypted(action) ? ('toggle_enabled' as const) : ('toggle_disabled' as const);
    }
    return action === 'modal-submit' ? ('reset_done' as const) : undefined;
}

/** The action an audit record names for an action of the app. */
export function auditedAction(action: Action): 'enable' | 'disable' | 'reset-key' {
    return isToggle(action) ? (wantsEncrypted(action) ? 'enable' : 'disable') : 'reset-key';
}
