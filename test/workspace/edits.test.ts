// Edits Rocket.Chat refuses before any app sees them (chat.update → executeUpdateMessage → updateMessage(), in
// apps/meteor/app/api/server/v1/chat.ts, app/lib/server/methods/updateMessage.ts, app/lib/server/functions/
// updateMessage.ts): each refusal, and that no IPreMessageUpdated* event was triggered for it.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import { addPermissionToRole, removeRoleFromPermission } from '../../workspace/rocketchat/authorization/roles';
import { RocketChatServer } from '../../workspace/rocketchat/Server';
import type { RcMessage, RcRoom, RcUser } from '../../workspace/rocketchat/types';

let rc: RocketChatServer;
let events: string[];
let alice: RcUser;
let bob: RcUser;
let mod: RcUser;
let room: RcRoom;

const updateEvents = () => events.filter((e) => e.startsWith('IPreMessageUpdated') || e === AppInterface.IPostMessageUpdated);

beforeEach(async () => {
    rc = new RocketChatServer();
    events = [];
    rc.apps = {
        isLoaded: () => true,
        triggerEvent: async (event: AppInterface) => {
            events.push(event);
            return undefined;
        },
    };
    alice = rc.createUser({ username: 'alice' });
    bob = rc.createUser({ username: 'bob' });
    mod = rc.createUser({ username: 'mod' });
    room = await rc.createRoom('p', 'room', alice._id, ['bob', 'mod']);
    rc.setRoomRole(room._id, mod._id, 'moderator');
    await rc.settle();
    events.length = 0;
});

async function sent(by: RcUser, msg = 'hello'): Promise<RcMessage> {
    const message = (await rc.sendMessage(by._id, room._id, { msg }, 'executeSendMessage')) as RcMessage;
    await rc.settle();
    events.length = 0;
    return message;
}

/** The edit is refused with `error` and no app event ran. */
async function refused(by: RcUser, id: string, text: string, error: string): Promise<void> {
    const before = JSON.stringify(rc.model.messageById(id));
    await expect(rc.editMessage(by._id, id, { text })).rejects.toThrow(error);
    await rc.settle();
    expect(updateEvents()).toEqual([]);
    expect(JSON.stringify(rc.model.messageById(id))).toBe(before);
}

describe('edits refused before the apps', () => {
    it('a removed message (t: rm)', async () => {
        const m = await sent(alice);
        (rc.model.messageById(m._id) as RcMessage).t = 'rm';
        await refused(alice, m._id, 'changed', 'Message editing not allowed [error-action-not-allowed]');
        // also an app's own edit through the message bridge (updateMessage() alone)
        await expect(rc.updateMessage(alice._id, m._id, { msg: 'changed' })).rejects.toThrow('[error-action-not-allowed]');
        expect(updateEvents()).toEqual([]);
    });

    it('an empty text, unless the message shows attachments or blocks', async () => {
        const m = await sent(alice);
        await refused(alice, m._id, '   ', 'Message cannot be empty [error-invalid-message]');
        await expect(rc.updateMessage(alice._id, m._id, { msg: '' })).rejects.toThrow('[error-invalid-message]');
        const withBlocks = await sent(alice, 'with a block');
        (rc.model.messageById(withBlocks._id) as RcMessage).blocks = [{ type: 'section' }];
        await rc.editMessage(alice._id, withBlocks._id, { text: '' });
        expect(updateEvents()).toContain(AppInterface.IPreMessageUpdatedPrevent);
    });

    it('someone else’s message without edit-message; one’s own with Message_AllowEditing off', async () => {
        const m = await sent(alice);
        await refused(bob, m._id, 'hijacked', '[error-action-not-allowed]');
        const own = await sent(bob);
        rc.model.settings.set('Message_AllowEditing', false);
        await refused(bob, own._id, 'mine', '[error-action-not-allowed]');
        // edit-message (the moderator, room-scoped) may edit anyone's, even with editing off
        expect((await rc.editMessage(mod._id, m._id, { text: 'moderated' }))?.msg).toBe('moderated');
        expect(updateEvents()).toContain(AppInterface.IPreMessageUpdatedPrevent);
    });

    it('past Message_AllowEditing_BlockEditInMinutes, for edit-message holders too, unless bypass-time-limit-edit-and-delete', async () => {
        const m = await sent(alice);
        (rc.model.messageById(m._id) as RcMessage).ts = new Date(Date.now() - 10 * 60000).toISOString();
        rc.model.settings.set('Message_AllowEditing_BlockEditInMinutes', 5);
        await refused(alice, m._id, 'late', 'Message editing is blocked [error-message-editing-blocked]');
        await refused(mod, m._id, 'late', '[error-message-editing-blocked]');
        rc.model.settings.set('Message_AllowEditing_BlockEditInMinutes', 15);
        expect((await rc.editMessage(alice._id, m._id, { text: 'in time' }))?.msg).toBe('in time');
        rc.model.settings.set('Message_AllowEditing_BlockEditInMinutes', 5);
        addPermissionToRole(rc.model, 'bypass-time-limit-edit-and-delete', 'moderator');
        expect((await rc.editMessage(mod._id, m._id, { text: 'bypassed' }))?.msg).toBe('bypassed');
    });

    it('canSendMessage failing: no access any more, a read-only room', async () => {
        const m = await sent(bob);
        removeRoleFromPermission(rc.model, 'view-p-room', 'user');
        await refused(bob, m._id, 'still here?', 'error-not-allowed');
        addPermissionToRole(rc.model, 'view-p-room', 'user');
        (rc.model.requireRoom(room._id) as RcRoom).ro = true;
        await refused(bob, m._id, 'read-only', 'room is read only [error-not-allowed]');
    });

    it('chat.update’s own checks: the room must match, content only for encrypted messages', async () => {
        const m = await sent(alice);
        await expect(rc.editMessage(alice._id, m._id, { text: 'x' }, 'another-room')).rejects.toThrow('The room id provided does not match where the message is from.');
        await expect(rc.editMessage(alice._id, m._id, { content: { algorithm: 'rc.v2.aes-sha2', ciphertext: 'x' } })).rejects.toThrow('Only encrypted messages can have content updated.');
        await expect(rc.editMessage(alice._id, 'nope', { text: 'x' })).rejects.toThrow('No message found with the id of "nope".');
        expect(updateEvents()).toEqual([]);
    });

    it('an unchanged text does nothing and triggers nothing', async () => {
        const m = await sent(alice);
        expect(await rc.editMessage(alice._id, m._id, { text: 'hello' })).toEqual(rc.model.messageById(m._id));
        expect(updateEvents()).toEqual([]);
    });
});

describe('edits that pass reach the apps', () => {
    it('Prevent, Extend, Modify, then the post event; the upload’s description takes the text', async () => {
        const m = await sent(alice);
        (rc.model.messageById(m._id) as RcMessage).attachments = [{ description: 'a photo' }];
        const edited = await rc.editMessage(alice._id, m._id, { text: 'a better photo' });
        await rc.settle();
        expect(updateEvents()).toEqual([AppInterface.IPreMessageUpdatedPrevent, AppInterface.IPreMessageUpdatedExtend, AppInterface.IPreMessageUpdatedModify, AppInterface.IPostMessageUpdated]);
        expect(edited).toMatchObject({ msg: 'hello', attachments: [{ description: 'a better photo' }], editedBy: { _id: alice._id } });
    });
});
