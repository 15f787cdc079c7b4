import { describe, expect, it } from '@jest/globals';

import { buildPermissionTable } from '../../src/policy/permissions';
import type { VisibilityFacts } from '../../src/policy/visibility';
import { decideVisibility } from '../../src/policy/visibility';
import { DEFAULT_PERMISSIONS } from '../support/fakes';

const table = buildPermissionTable(Object.entries(DEFAULT_PERMISSIONS).map(([_id, roles]) => ({ _id, roles })));
const user = { id: 'u', globalRoles: ['user'], isEnabled: true };
const admin = { id: 'a', globalRoles: ['admin', 'user'], isEnabled: true };

const facts = (extra: Partial<VisibilityFacts>): VisibilityFacts => ({ actor: user, room: { type: 'p' }, ...extra });

describe('decideVisibility', () => {
    it('shows a public room to anyone without looking anything up', () => {
        expect(decideVisibility(facts({ room: { type: 'c' } }))).toBe(true);
    });

    it("shows one's own rooms", () => {
        expect(decideVisibility(facts({}))).toEqual({ need: 'isMember' });
        expect(decideVisibility(facts({ isMember: true }))).toBe(true);
    });

    it('shows a discussion of a public room, or of a room one belongs to', () => {
        expect(decideVisibility(facts({ room: { type: 'p', parent: { type: 'c' } }, isMember: false }))).toBe(true);
        expect(decideVisibility(facts({ room: { type: 'p', parent: { type: 'p' } }, isMember: false }))).toEqual({ need: 'isParentMember' });
        expect(decideVisibility(facts({ room: { type: 'p', parent: { type: 'p' } }, isMember: false, isParentMember: true }))).toBe(true);
    });

    it('shows any other room only with view-room-administration by the live table', () => {
        expect(decideVisibility(facts({ isMember: false }))).toEqual({ need: 'permissions' });
        expect(decideVisibility(facts({ isMember: false, permissions: table }))).toBe(false);
        expect(decideVisibility(facts({ actor: admin, isMember: false, permissions: table }))).toBe(true);
        expect(decideVisibility(facts({ actor: { ...admin, isEnabled: false }, isMember: false, permissions: table }))).toBe(false);
        const parentHidden = facts({ actor: admin, room: { type: 'p', parent: { type: 'p' } }, isMember: false, isParentMember: false, permissions: table });
        expect(decideVisibility(parentHidden)).toBe(true);
    });

    it('fails closed when the table cannot be read', () => {
        expect(decideVisibility(facts({ actor: admin, isMember: false, permissions: null }))).toBe(false);
    });
});
