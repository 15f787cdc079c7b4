import { describe, expect, it } from '@jest/globals';

import { buildPermissionTable } from '../../src/policy/permissions';
import type { VisibilityFacts } from '../../src/policy/visibility';
import { decideRoomAccess, decideVisibility } from '../../src/policy/visibility';

/** Rocket.Chat's default role lists of the permissions the rule reads. */
const DEFAULTS: Record<string, Array<string>> = {
    'view-c-room': ['admin', 'user', 'bot', 'app', 'anonymous'],
    'view-p-room': ['admin', 'user', 'anonymous', 'guest'],
    'view-d-room': ['admin', 'user', 'bot', 'app', 'guest'],
    'view-joined-room': ['guest', 'bot', 'app', 'anonymous'],
    'view-room-administration': ['admin'],
};
const tableOf = (permissions: Record<string, Array<string>>) => buildPermissionTable(Object.entries(permissions).map(([_id, roles]) => ({ _id, roles })));
const table = tableOf(DEFAULTS);
const user = { id: 'u', globalRoles: ['user'], isEnabled: true };
const guest = { id: 'g', globalRoles: ['guest'], isEnabled: true };
const bot = { id: 'b', globalRoles: ['bot'], isEnabled: true };
const admin = { id: 'a', globalRoles: ['admin', 'user'], isEnabled: true };

const facts = (extra: Partial<VisibilityFacts>): VisibilityFacts => ({ actor: user, room: { type: 'p' }, ...extra });
const publicChannel = { type: 'c' };
const privateTeamChannel = { type: 'c', teamId: 'T1', isTeamMain: false };

describe('decideVisibility', () => {
    it('a public room outside teams: view-c-room from the table, before any bridge read', () => {
        expect(decideVisibility(facts({ room: publicChannel }))).toEqual({ need: 'permissions' });
        expect(decideVisibility(facts({ room: publicChannel, permissions: table }))).toBe(true);
        // a guest holds no view-c-room: only a subscription (with view-joined-room) shows it
        expect(decideVisibility(facts({ actor: guest, room: publicChannel, permissions: table }))).toEqual({ need: 'isMember' });
        expect(decideVisibility(facts({ actor: guest, room: publicChannel, permissions: table, isMember: false }))).toBe(false);
        expect(decideVisibility(facts({ actor: guest, room: publicChannel, permissions: table, isMember: true }))).toBe(true);
    });

    it('a public room of a private team: its members, whatever view-c-room says; subscribers of the room', () => {
        const outsider = facts({ room: privateTeamChannel, permissions: table, isMember: false });
        expect(decideVisibility(outsider)).toEqual({ need: 'team' });
        expect(decideVisibility({ ...outsider, team: { isPublic: false, isMember: false } })).toBe(false);
        expect(decideVisibility({ ...outsider, team: { isPublic: false, isMember: true } })).toBe(true);
        // a subscriber who is not in the team: no team lookup needed
        expect(decideVisibility(facts({ actor: guest, room: privateTeamChannel, permissions: table, isMember: true }))).toBe(true);
        // a team the app cannot read grants nothing
        expect(decideVisibility({ ...outsider, team: null })).toBe(false);
        // room administration still sees it
        expect(decideVisibility({ ...outsider, actor: admin, team: { isPublic: false, isMember: false } })).toBe(true);
    });

    it('a public room of a public team: view-c-room; team membership alone does not count', () => {
        const room = { type: 'c', teamId: 'T2' };
        expect(decideVisibility(facts({ room, permissions: table, isMember: false, team: { isPublic: true, isMember: false } }))).toBe(true);
        expect(decideVisibility(facts({ actor: guest, room, permissions: table, isMember: false, team: { isPublic: true, isMember: true } }))).toBe(false);
        // the main room of a public team is public: no team lookup
        expect(decideVisibility(facts({ room: { type: 'c', teamId: 'T2', isTeamMain: true }, permissions: table }))).toBe(true);
    });

    it('a subscription counts with view-joined-room or view-<t>-room, global roles only', () => {
        expect(decideVisibility(facts({}))).toEqual({ need: 'isMember' });
        expect(decideVisibility(facts({ isMember: true }))).toEqual({ need: 'permissions' });
        expect(decideVisibility(facts({ isMember: true, permissions: table }))).toBe(true);
        // bots hold view-joined-room, not view-p-room
        expect(decideVisibility(facts({ actor: bot, isMember: true, permissions: table }))).toBe(true);
        const noJoined = tableOf({ ...DEFAULTS, 'view-joined-room': [] });
        expect(decideVisibility(facts({ actor: bot, isMember: true, permissions: noJoined }))).toBe(false);
        const noPrivate = tableOf({ ...DEFAULTS, 'view-p-room': ['owner'] });
        expect(decideVisibility(facts({ isMember: true, permissions: noPrivate }))).toBe(false);
        // direct messages: view-d-room; an unknown room type: view-joined-room only
        expect(decideVisibility(facts({ room: { type: 'd' }, isMember: true, permissions: table }))).toBe(true);
        expect(decideVisibility(facts({ room: { type: 'v' }, isMember: true, permissions: table }))).toBe(false);
        expect(decideVisibility(facts({ actor: guest, room: { type: 'v' }, isMember: true, permissions: table }))).toBe(true);
    });

    it('without the table a subscription alone counts; public rooms and teams fail closed', () => {
        expect(decideVisibility(facts({ isMember: true, permissions: null }))).toBe(true);
        expect(decideVisibility(facts({ room: publicChannel, permissions: null, isMember: false }))).toBe(false);
        expect(decideVisibility(facts({ actor: admin, isMember: false, permissions: null }))).toBe(false);
    });

    it('a discussion through its parent room', () => {
        const discussion = { type: 'p', isDiscussion: true };
        expect(decideVisibility(facts({ room: discussion, isMember: false, permissions: table }))).toEqual({ need: 'parentVisible' });
        expect(decideVisibility(facts({ room: discussion, isMember: false, permissions: table, parentVisible: true }))).toBe(true);
        expect(decideVisibility(facts({ room: discussion, isMember: false, permissions: table, parentVisible: false }))).toBe(false);
        // a member of the discussion needs no parent
        expect(decideVisibility(facts({ room: discussion, isMember: true, permissions: table }))).toBe(true);
    });

    it('room administration (view-room-administration, global, enabled accounts only)', () => {
        expect(decideVisibility(facts({ isMember: false }))).toEqual({ need: 'permissions' });
        expect(decideVisibility(facts({ isMember: false, permissions: table }))).toBe(false);
        expect(decideVisibility(facts({ actor: admin, isMember: false, permissions: table }))).toBe(true);
        expect(decideVisibility(facts({ actor: { ...admin, isEnabled: false }, isMember: false, permissions: table }))).toBe(false);
        const parentHidden = facts({ actor: admin, room: { type: 'p', isDiscussion: true }, isMember: false, parentVisible: false, permissions: table });
        expect(decideVisibility(parentHidden)).toBe(true);
    });
});

describe('decideRoomAccess', () => {
    it('is canAccessRoom alone: room administration does not count (a discussion’s parent is checked with it)', () => {
        expect(decideRoomAccess(facts({ actor: admin, isMember: false, permissions: table }))).toBe(false);
        expect(decideRoomAccess(facts({ actor: admin, room: publicChannel, permissions: table }))).toBe(true);
    });
});
