// saveRoomSettings as Rocket.Chat runs it: every validator before any saver, one saver per setting.
import { beforeEach, describe, expect, it } from '@jest/globals';

import { RocketChatServer } from '../../workspace/rocketchat/Server';
import type { RcRoom, RcUser } from '../../workspace/rocketchat/types';

describe('saveRoomSettings', () => {
    let rc: RocketChatServer;
    let owner: RcUser;
    let member: RcUser;
    let room: RcRoom;

    const systemMessages = () => rc.model.messagesByRoom(room._id).map((m) => `${m.t}:${m.msg}`);

    beforeEach(async () => {
        rc = new RocketChatServer();
        rc.model.settings.set('E2E_Enable', true);
        owner = rc.createUser({ username: 'owner' });
        member = rc.createUser({ username: 'member' });
        room = await rc.createRoom('p', 'plans', owner._id, ['member']);
    });

    it('refuses a setting it does not know, and anyone without edit-room', async () => {
        await expect(rc.saveRoomSettings(owner._id, room._id, { colour: 'red' })).rejects.toThrow('[error-invalid-settings]');
        await expect(rc.saveRoomSettings(member._id, room._id, { roomTopic: 'x' })).rejects.toThrow('Editing room is not allowed [error-action-not-allowed]');
    });

    it('validates every setting before saving any', async () => {
        // roomTopic is valid, `default` needs view-room-administration: nothing is saved
        await expect(rc.saveRoomSettings(owner._id, room._id, { roomTopic: 'launch', default: true })).rejects.toThrow('Viewing room administration is not allowed');
        expect(rc.model.roomById(room._id)?.topic).toBeUndefined();
        expect(systemMessages()).toEqual([]);
    });

    it('announces a new name, topic and description, and skips what did not change', async () => {
        await rc.saveRoomSettings(owner._id, room._id, { roomName: 'launch', roomTopic: 'dates', roomDescription: '' });
        expect(rc.model.roomById(room._id)).toMatchObject({ name: 'launch', fname: 'launch', topic: 'dates' });
        expect(systemMessages()).toEqual(['r:launch', 'room_changed_topic:dates']);
        await rc.saveRoomSettings(owner._id, room._id, { roomName: 'launch', roomTopic: 'dates' });
        expect(systemMessages()).toHaveLength(2);
    });

    it('changes the type of the room and of its subscriptions', async () => {
        await rc.saveRoomSettings(owner._id, room._id, { roomType: 'c' });
        expect(rc.model.roomById(room._id)?.t).toBe('c');
        expect(rc.model.subscriptionsByRoom(room._id).map((s) => s.t)).toEqual(['c', 'c']);
    });

    it('keeps encryption to private and direct rooms, and posts the change', async () => {
        await rc.saveRoomSettings(owner._id, room._id, { encrypted: true });
        expect(systemMessages()).toEqual(['room_e2e_enabled:owner']);
        const lobby = await rc.createRoom('c', 'lobby', owner._id);
        await expect(rc.saveRoomSettings(owner._id, lobby._id, { encrypted: true })).rejects.toThrow('Only groups or direct channels can enable encryption');
    });

    it('lets a DM member change only `encrypted`, without edit-room', async () => {
        const dm = await rc.createDirectRoom([owner._id, member._id]);
        await rc.saveRoomSettings(member._id, dm._id, { encrypted: true, roomTopic: 'ignored' });
        expect(rc.model.roomById(dm._id)).toMatchObject({ encrypted: true });
        expect(rc.model.roomById(dm._id)?.topic).toBeUndefined();
    });

    it('stores a setting it has no saver for as given', async () => {
        await rc.saveRoomSettings(owner._id, room._id, { joinCode: '1234' });
        expect(rc.model.roomById(room._id)?.joinCode).toBe('1234');
    });
});
