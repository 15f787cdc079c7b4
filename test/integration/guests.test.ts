// Guests in the real runtime, on both editions of Rocket.Chat: Enterprise limits a guest to four permissions whatever
// their roles in a room (apps/meteor/ee/app/authorization/lib/guestPermissions.ts); Community lets room roles count.
// A guest who starts a discussion owns it. The app must refuse a guest every permission-based action on both
// editions (it cannot tell them apart), while a guest's own direct message stays theirs to toggle.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { expectedToggle } from '../harness/answers';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditSince, command, forceEncrypted, forgetPermissions, isEncrypted, label, mark, routesSince, START_TIMEOUT, startHarness } from '../harness/workspace';

let h: Harness;
let owner: RcUser;
let guest: RcUser;
let partner: RcUser;
let parent: RcRoom;
let elsewhere: RcRoom;

beforeAll(async () => {
    h = await startHarness();
    const { ws } = h;
    owner = ws.createUser({ username: 'host' });
    guest = ws.createUser({ username: 'visitor', roles: ['guest'] });
    partner = ws.createUser({ username: 'pal' });
    parent = await ws.createRoom('private', { name: 'board', owner, members: [guest], encrypted: true });
    elsewhere = await ws.createRoom('private', { name: 'elsewhere', owner });
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

afterEach(async () => {
    h.ws.server.model.enterprise = false;
    for (const permission of ['edit-other-user-e2ee', 'view-room-administration', 'edit-room', 'toggle-room-e2e-encryption']) {
        h.ws.revokePermission(permission, 'guest');
    }
    await forgetPermissions(h.ws);
});

describe.each(['Community', 'Enterprise'] as const)('a guest on %s', (edition) => {
    let discussion: RcRoom;

    beforeAll(async () => {
        h.ws.server.model.enterprise = edition === 'Enterprise';
        discussion = await h.ws.createRoom('discussion', { name: `guest-started-${edition}`, owner: guest, parent });
        await h.ws.settle();
    });

    it('who started a discussion owns it, and may still not switch its encryption through the app', async () => {
        const { ws } = h;
        ws.server.model.enterprise = edition === 'Enterprise';
        expect(ws.subscription(discussion, guest)?.roles).toEqual(['owner']);
        expect(isEncrypted(ws, discussion)).toBe(true);
        // what Rocket.Chat itself would let the guest do: Community counts the owner role, Enterprise does not
        expect(ws.hasPermission(guest, 'toggle-room-e2e-encryption', discussion)).toBe(edition === 'Community');
        const expected = expectedToggle(ws, discussion, guest, 'disable');
        expect(expected).toMatchObject({ done: false, audit: { outcome: 'refused', reason: 'not-allowed' } });
        const since = mark(ws);
        expect(await command(ws, guest, discussion, 'disable')).toBe(expected.text);
        expect(expected.text).toBe(say('toggle_not_allowed', { room: label(ws, discussion), permissions: 'edit-room, toggle-room-e2e-encryption' }));
        expect(isEncrypted(ws, discussion)).toBe(true);
        expect(routesSince(ws, since)).not.toContain('POST rooms.saveRoomSettings');
        expect(auditSince(ws, since, guest).map((r) => [r.action, r.outcome, r.reason])).toEqual([['disable', 'refused', 'not-allowed']]);
    });

    it('is refused even what the permission table grants to guests: toggles, key resets, the audit trail, the report, enforcement, other rooms', async () => {
        const { ws } = h;
        ws.server.model.enterprise = edition === 'Enterprise';
        for (const permission of ['edit-other-user-e2ee', 'view-room-administration', 'edit-room', 'toggle-room-e2e-encryption']) {
            ws.grantPermission(permission, 'guest');
        }
        await forgetPermissions(ws);
        const since = mark(ws);
        expect(await command(ws, guest, discussion, 'disable')).toBe(say('toggle_not_allowed', { room: label(ws, discussion), permissions: 'edit-room, toggle-room-e2e-encryption' }));
        expect(await command(ws, guest, parent, 'audit')).toBe(say('not_allowed', { permissions: 'edit-other-user-e2ee' }));
        expect(await command(ws, guest, parent, `reset-key @${partner.username}`)).toBe(say('not_allowed', { permissions: 'edit-other-user-e2ee' }));
        expect(await command(ws, guest, parent, 'report')).toBe(say('not_allowed', { permissions: 'view-room-administration' }));
        expect(await command(ws, guest, parent, 'enforce all')).toBe(say('not_allowed', { permissions: 'view-room-administration, edit-room, toggle-room-e2e-encryption' }));
        expect(ws.openModals(guest)).toEqual([]);
        expect(await command(ws, guest, parent, `status #${elsewhere.name}`)).toBe(say('room_not_found', { name: elsewhere.name as string }));
        expect(isEncrypted(ws, discussion)).toBe(true);
        expect(routesSince(ws, since)).not.toContain('POST rooms.saveRoomSettings');
        expect(routesSince(ws, since)).not.toContain('POST users.resetE2EKey');
    });

    it('may still switch the encryption of their own direct message, as any member of a DM may', async () => {
        const { ws } = h;
        ws.server.model.enterprise = edition === 'Enterprise';
        const dm = await ws.createRoom('dm', { owner: guest, members: [partner] });
        forceEncrypted(ws, dm, false);
        expect(await command(ws, guest, dm, 'enable')).toBe(say('toggle_enabled', { room: label(ws, dm) }));
        expect(isEncrypted(ws, dm)).toBe(true);
    });
});
