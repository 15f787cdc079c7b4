import { describe, expect, it } from '@jest/globals';

import type { Actor } from '../../src/policy/authorization';
import {
    authorizeEnforcement,
    authorizeKeyAdministration,
    authorizeReport,
    authorizeRoomInspection,
    authorizeToggle,
    seesServiceHealth,
    toggleNeedsPermissionTable,
} from '../../src/policy/authorization';
import { buildPermissionTable, GUEST_PERMISSIONS, hasPermission, isRestrictedForRoles, Permission } from '../../src/policy/permissions';
import { DEFAULT_PERMISSIONS } from '../support/fakes';

const defaults = buildPermissionTable(Object.entries(DEFAULT_PERMISSIONS).map(([_id, roles]) => ({ _id, roles })));
const actor = (globalRoles: Array<string>, isEnabled = true): Actor => ({ id: 'u', globalRoles, isEnabled });

describe('hasPermission', () => {
    it('holds when any global or room role is listed, as Rocket.Chat unions them', () => {
        expect(hasPermission(defaults, Permission.EditRoom, ['user'])).toBe(false);
        expect(hasPermission(defaults, Permission.EditRoom, ['user', 'moderator'])).toBe(true);
        expect(hasPermission(defaults, Permission.ToggleRoomE2E, ['user', 'moderator'])).toBe(false);
        expect(hasPermission(defaults, Permission.EditOtherUserE2EE, ['admin'])).toBe(true);
    });

    it('denies a permission the table does not list', () => {
        expect(hasPermission(buildPermissionTable([]), Permission.EditRoom, ['admin'])).toBe(false);
    });
});

describe('guests (Rocket.Chat Enterprise’s role restriction, applied on every edition)', () => {
    /** A table that grants guests everything, as a careless administrator might. */
    const generous = buildPermissionTable(Object.values(Permission).map((id) => ({ _id: id, roles: ['admin', 'owner', 'guest'] })));

    it('refuses every permission the app checks to a role list holding guest, whatever the table or room roles say', () => {
        const actions = [Permission.EditRoom, Permission.ToggleRoomE2E, Permission.EditOtherUserE2EE, Permission.ViewRoomAdministration];
        for (const permission of actions) {
            expect(GUEST_PERMISSIONS).not.toContain(permission);
            expect(hasPermission(generous, permission, ['guest'])).toBe(false);
            expect(hasPermission(generous, permission, ['guest', 'owner'])).toBe(false);
            expect(hasPermission(generous, permission, ['user', 'guest', 'admin'])).toBe(false);
            expect(hasPermission(generous, permission, ['owner'])).toBe(true);
        }
        // what the whitelist names (reading rooms) is left to the table, as Rocket.Chat does
        for (const permission of [Permission.ViewJoinedRoom, Permission.ViewPrivateRoom, Permission.ViewDirectRoom]) {
            expect(hasPermission(generous, permission, ['guest'])).toBe(true);
        }
        expect(hasPermission(generous, Permission.ViewPublicRoom, ['guest'])).toBe(false);
        expect(isRestrictedForRoles('start-discussion', ['guest'])).toBe(false);
        expect(isRestrictedForRoles('edit-room', ['user'])).toBe(false);
    });

    it('refuses a guest who owns a room the toggle, key administration and room inspection; their own DM stays theirs', () => {
        const guest = actor(['guest']);
        expect(authorizeToggle({ actor: guest, roomRoles: ['owner'], isDirect: false, isMember: true, table: generous })).toEqual({
            allowed: false,
            missing: [Permission.EditRoom, Permission.ToggleRoomE2E],
        });
        expect(authorizeToggle({ actor: guest, roomRoles: [], isDirect: true, isMember: false, table: generous })).toEqual({ allowed: false, missing: [Permission.EditRoom] });
        expect(authorizeToggle({ actor: guest, roomRoles: [], isDirect: true, isMember: true, table: generous })).toEqual({ allowed: true });
        expect(authorizeKeyAdministration(guest, generous)).toEqual({ allowed: false, missing: [Permission.EditOtherUserE2EE] });
        expect(authorizeRoomInspection(actor(['guest', 'admin']), generous).allowed).toBe(false);
        expect(seesServiceHealth(actor(['guest', 'admin']))).toBe(false);
        expect(authorizeReport(actor(['guest', 'admin']), generous).allowed).toBe(false);
        expect(authorizeEnforcement(actor(['guest', 'admin']), generous).allowed).toBe(false);
    });
});

describe('authorizeToggle with the default table', () => {
    const cases: Array<[string, Array<string>, Array<string>, boolean, boolean, boolean | Array<Permission>]> = [
        // name, global roles, room roles, isDirect, isMember, expected (true or missing permissions)
        ['a DM member without any role', ['user'], [], true, true, true],
        ['a guest DM member', ['guest'], [], true, true, true],
        ['an admin outside the DM', ['admin', 'user'], [], true, false, true],
        ['a user outside the DM', ['user'], [], true, false, [Permission.EditRoom]],
        ['the room owner', ['user'], ['owner'], false, true, true],
        ['a moderator (edit-room but not toggle)', ['user'], ['moderator'], false, true, [Permission.ToggleRoomE2E]],
        ['a leader', ['user'], ['leader'], false, true, [Permission.EditRoom, Permission.ToggleRoomE2E]],
        ['a plain member', ['user'], [], false, true, [Permission.EditRoom, Permission.ToggleRoomE2E]],
        ['an admin who is not a member', ['admin'], [], false, false, true],
        ['a bot', ['bot'], [], false, true, [Permission.EditRoom, Permission.ToggleRoomE2E]],
    ];
    it.each(cases)('%s', (_name, globalRoles, roomRoles, isDirect, isMember, expected) => {
        const result = authorizeToggle({ actor: actor(globalRoles), roomRoles, isDirect, isMember, table: defaults });
        expect(result).toEqual(expected === true ? { allowed: true } : { allowed: false, missing: expected });
    });

    it('refuses a deactivated account, even in its own DM', () => {
        expect(authorizeToggle({ actor: actor(['admin'], false), roomRoles: [], isDirect: true, isMember: true, table: defaults }).allowed).toBe(false);
    });
});

describe('authorizeToggle honours the live table, not the defaults', () => {
    const custom = buildPermissionTable([
        { _id: 'edit-room', roles: ['admin', 'owner', 'moderator', 'e2ee-manager'] },
        { _id: 'toggle-room-e2e-encryption', roles: ['admin', 'e2ee-manager'] },
    ]);
    it('lets a custom global role toggle and takes it away from owners', () => {
        expect(authorizeToggle({ actor: actor(['user', 'e2ee-manager']), roomRoles: [], isDirect: false, isMember: true, table: custom }).allowed).toBe(true);
        expect(authorizeToggle({ actor: actor(['user']), roomRoles: ['owner'], isDirect: false, isMember: true, table: custom })).toEqual({
            allowed: false,
            missing: [Permission.ToggleRoomE2E],
        });
    });
});

describe('toggleNeedsPermissionTable', () => {
    it('is false only for a member of a direct message', () => {
        expect(toggleNeedsPermissionTable(true, true)).toBe(false);
        expect(toggleNeedsPermissionTable(true, false)).toBe(true);
        expect(toggleNeedsPermissionTable(false, true)).toBe(true);
    });
});

describe('key administration and room inspection', () => {
    it('need their global permission', () => {
        expect(authorizeKeyAdministration(actor(['admin']), defaults).allowed).toBe(true);
        expect(authorizeKeyAdministration(actor(['user']), defaults)).toEqual({ allowed: false, missing: [Permission.EditOtherUserE2EE] });
        expect(authorizeKeyAdministration(actor(['admin'], false), defaults).allowed).toBe(false);
        expect(authorizeRoomInspection(actor(['admin']), defaults).allowed).toBe(true);
        expect(authorizeRoomInspection(actor(['user']), defaults).allowed).toBe(false);
        expect(authorizeRoomInspection(actor(['admin'], false), defaults).allowed).toBe(false);
    });
});

describe('seesServiceHealth', () => {
    it('is for holders of the global admin role only', () => {
        expect(seesServiceHealth(actor(['admin', 'user']))).toBe(true);
        expect(seesServiceHealth(actor(['user', 'owner']))).toBe(false);
    });
});

describe('the report and enforcement', () => {
    it('need view-room-administration, and for enforcement also edit-room and toggle-room-e2e-encryption, through global roles', () => {
        expect(authorizeReport(actor(['admin']), defaults).allowed).toBe(true);
        expect(authorizeReport(actor(['user']), defaults)).toEqual({ allowed: false, missing: [Permission.ViewRoomAdministration] });
        expect(authorizeReport(actor(['admin'], false), defaults).allowed).toBe(false);
        expect(authorizeEnforcement(actor(['admin']), defaults).allowed).toBe(true);
        expect(authorizeEnforcement(actor(['admin'], false), defaults).allowed).toBe(false);
    });

    it('do not count room roles: an owner everywhere is still no one workspace-wide', () => {
        // owner and moderator are room roles; as global roles nobody holds them, and the actor's room roles are never asked
        expect(authorizeEnforcement(actor(['user']), defaults)).toEqual({
            allowed: false,
            missing: [Permission.ViewRoomAdministration, Permission.EditRoom, Permission.ToggleRoomE2E],
        });
        const custom = buildPermissionTable([
            { _id: Permission.ViewRoomAdministration, roles: ['auditor', 'enforcer'] },
            { _id: Permission.EditRoom, roles: ['enforcer'] },
            { _id: Permission.ToggleRoomE2E, roles: ['enforcer'] },
        ]);
        expect(authorizeReport(actor(['user', 'auditor']), custom).allowed).toBe(true);
        expect(authorizeEnforcement(actor(['user', 'auditor']), custom)).toEqual({ allowed: false, missing: [Permission.EditRoom, Permission.ToggleRoomE2E] });
        expect(authorizeEnforcement(actor(['user', 'enforcer']), custom).allowed).toBe(true);
    });
});
