import { describe, expect, it } from '@jest/globals';

import { Model } from '../../workspace/rocketchat/Model';
import { effectiveRoles, rolesHavePermission } from '../../workspace/rocketchat/permissions';
import { allowsE2ESettingChange, defaultEncryptedAtCreation, discussionTypeFor, forcedEncryptionAtCreation, isSystemMessageType, MeteorError, refusesUnencrypted } from '../../workspace/rocketchat/rules';
import { RocketChatServer } from '../../workspace/rocketchat/Server';

describe('Rocket.Chat rules', () => {
    it('formats Meteor errors as reason [error]', () => {
        const e = new MeteorError('error-action-not-allowed', 'Editing room is not allowed', { method: 'saveRoomSettings' });
        expect(e.message).toBe('Editing room is not allowed [error-action-not-allowed]');
        expect(e.error).toBe('error-action-not-allowed');
    });

    it('allows the E2E room setting per room type', () => {
        expect(allowsE2ESettingChange('p', true)).toBe(true);
        expect(allowsE2ESettingChange('d', true)).toBe(true);
        expect(allowsE2ESettingChange('p', false)).toBe(false);
        expect(allowsE2ESettingChange('d', false)).toBe(false);
        expect(allowsE2ESettingChange('c', true)).toBe(false);
        expect(allowsE2ESettingChange('l', false)).toBe(true);
        // Federation.isRoomSettingAllowed: only the name and topic of a federated room may change
        expect(allowsE2ESettingChange('p', true, true)).toBe(false);
        expect(allowsE2ESettingChange('d', true, true)).toBe(false);
    });

    it('derives a discussion type from its parent', () => {
        expect(discussionTypeFor('c')).toBe('c');
        expect(discussionTypeFor('p')).toBe('p');
        expect(discussionTypeFor('d')).toBe('p');
    });

    it('applies the E2E creation defaults only with E2E_Enable on', () => {
        const on = { e2eEnable: true, defaultDirect: true, defaultPrivate: true };
        expect(defaultEncryptedAtCreation('p', undefined, on)).toBe(true);
        expect(defaultEncryptedAtCreation('p', false, on)).toBe(false);
        expect(defaultEncryptedAtCreation('d', undefined, on)).toBe(true);
        expect(defaultEncryptedAtCreation('c', undefined, on)).toBeUndefined();
        expect(defaultEncryptedAtCreation('p', undefined, { ...on, e2eEnable: false })).toBeUndefined();
    });

    it('forces encryption on new private rooms under E2E_Force_Encryption_For_Private_Rooms (8.8), federated ones aside', () => {
        const force = { e2eEnable: true, forcePrivate: true, federated: false };
        expect(forcedEncryptionAtCreation('p', undefined, force)).toBe(true);
        expect(forcedEncryptionAtCreation('p', true, force)).toBe(true);
        expect(() => forcedEncryptionAtCreation('p', false, force)).toThrow('[error-encrypted-private-rooms-enforced]');
        expect(forcedEncryptionAtCreation('p', false, { ...force, federated: true })).toBe(false);
        expect(forcedEncryptionAtCreation('d', undefined, force)).toBeUndefined();
        expect(forcedEncryptionAtCreation('p', false, { ...force, forcePrivate: false })).toBe(false);
        expect(forcedEncryptionAtCreation('p', undefined, { ...force, e2eEnable: false })).toBeUndefined();
    });

    it('refuses plaintext only in an encrypted room with E2E on and unencrypted messages not allowed', () => {
        expect(refusesUnencrypted({ encrypted: true }, {}, true, false)).toBe(true);
        expect(refusesUnencrypted({ encrypted: true }, { t: 'e2e' }, true, false)).toBe(false);
        expect(refusesUnencrypted({ encrypted: true }, {}, false, false)).toBe(false);
        expect(refusesUnencrypted({ encrypted: true }, {}, true, true)).toBe(false);
        expect(refusesUnencrypted({ encrypted: false }, {}, true, false)).toBe(false);
    });
});

describe('MessageTypes.isSystemMessage (packages/message-types)', () => {
    it('is true only for types registered as system types', () => {
        for (const t of ['uj', 'ul', 'room_e2e_enabled', 'message_pinned_e2e', 'subscription-role-added', 'livechat-close', 'voip-call-started']) {
            expect(isSystemMessageType(t)).toBe(true);
        }
        // videoconf is registered with system: false; the others are not registered at all
        for (const t of ['videoconf', 'discussion-created', 'command', 'jitsi_call_started', 'otr', 'user_joined_otr', 'room_archived', 'e2e', 'x-custom', '', undefined]) {
            expect(isSystemMessageType(t)).toBe(false);
        }
    });
});

describe('hasPermission', () => {
    it('unions global roles with the room subscription roles', () => {
        expect(effectiveRoles(['user'], ['owner'])).toEqual(['owner', 'user']);
        expect(rolesHavePermission({ _id: 'edit-room', roles: ['owner'], _updatedAt: '' }, ['owner', 'user'])).toBe(true);
        expect(rolesHavePermission(undefined, ['admin'])).toBe(false);
    });

    it('scopes room roles to the room', async () => {
        const rc = new RocketChatServer();
        const alice = rc.createUser({ username: 'alice' });
        const bob = rc.createUser({ username: 'bob' });
        const room = await rc.createRoom('p', 'secret', alice._id, ['bob']);
        const other = await rc.createRoom('p', 'other', bob._id, ['alice']);
        expect(rc.model.hasPermission(alice._id, 'toggle-room-e2e-encryption', room._id)).toBe(true);
        expect(rc.model.hasPermission(alice._id, 'toggle-room-e2e-encryption', other._id)).toBe(false);
        expect(rc.model.hasPermission(alice._id, 'toggle-room-e2e-encryption')).toBe(false);
        expect(rc.model.hasPermission(bob._id, 'edit-room', room._id)).toBe(false);
        rc.setRoomRole(room._id, bob._id, 'moderator');
        expect(rc.model.hasPermission(bob._id, 'edit-room', room._id)).toBe(true);
        expect(rc.model.hasPermission(bob._id, 'toggle-room-e2e-encryption', room._id)).toBe(false);
    });

    it('restricts guests to the Enterprise whitelist only when a license is active', async () => {
        const rc = new RocketChatServer();
        const owner = rc.createUser({ username: 'owner' });
        const guest = rc.createUser({ username: 'guest', roles: ['guest'] });
        const parent = await rc.createRoom('p', 'parent', owner._id, ['guest']);
        const discussion = await rc.createDiscussion(guest._id, { prid: parent._id, t_name: 'by a guest' });
        expect(rc.model.subscription(discussion._id, guest._id)?.roles).toEqual(['owner']);
        // Community: the room role counts
        expect(rc.model.hasPermission(guest._id, 'toggle-room-e2e-encryption', discussion._id)).toBe(true);
        rc.model.enterprise = true;
        expect(rc.model.hasPermission(guest._id, 'toggle-room-e2e-encryption', discussion._id)).toBe(false);
        expect(rc.model.hasPermission(guest._id, 'edit-room', discussion._id)).toBe(false);
        expect(rc.model.hasPermission(guest._id, 'start-discussion', parent._id)).toBe(true);
        expect(rc.model.hasPermission(owner._id, 'edit-room', parent._id)).toBe(true);
    });

    it('honours edits of the permission table and custom roles', () => {
        const m = new Model();
        m.users.set('u1', { _id: 'u1', username: 'u1', name: 'u1', type: 'user', roles: ['user', 'auditor'], active: true, createdAt: '', _updatedAt: '' });
        expect(m.hasPermission('u1', 'edit-other-user-e2ee')).toBe(false);
        m.permissions.get('edit-other-user-e2ee')?.roles.push('auditor');
        expect(m.hasPermission('u1', 'edit-other-user-e2ee')).toBe(true);
        expect(m.hasPermission(undefined, 'edit-room')).toBe(false);
    });
});

describe('room creation', () => {
    it('marks teams, discussions and their types as Rocket.Chat does', async () => {
        const rc = new RocketChatServer();
        rc.model.settings.set('E2E_Enable', true);
        rc.model.settings.set('E2E_Enabled_Default_PrivateRooms', true);
        const alice = rc.createUser({ username: 'alice' });
        const bob = rc.createUser({ username: 'bob' });
        const team = await rc.createTeam('core', alice._id, true, ['bob']);
        expect(team).toMatchObject({ t: 'p', teamMain: true, encrypted: true });
        expect(team.teamId).toBeTruthy();
        const pub = await rc.createRoom('c', 'town', alice._id);
        expect(pub.encrypted).toBeUndefined();
        const d1 = await rc.createDiscussion(alice._id, { prid: pub._id, t_name: 'chat' });
        expect(d1).toMatchObject({ t: 'c', prid: pub._id, encrypted: false, fname: 'chat' });
        const d2 = await rc.createDiscussion(alice._id, { prid: team._id, t_name: 'secret-chat' });
        expect(d2).toMatchObject({ t: 'p', prid: team._id, encrypted: true });
        await expect(rc.createDiscussion(alice._id, { prid: team._id, t_name: 'x', reply: 'hello' })).rejects.toThrow('Encrypted discussions must not receive an initial reply.');
        const dm = await rc.createDirectRoom([alice._id, bob._id]);
        expect(dm.t).toBe('d');
        expect(dm.encrypted).toBeUndefined();
        expect(rc.model.subscription(team._id, alice._id)?.roles).toEqual(['owner']);
        expect(rc.model.subscription(dm._id, alice._id)?.roles).toBeUndefined();
    });
});
