// chat.postMessage → processWebhookMessage → getRoomByNameOrIdWithOptionToJoin (apps/meteor/app/api/server/v1/chat.ts,
// app/lib/server/functions/processWebhookMessage.ts, getRoomByNameOrIdWithOptionToJoin.ts): `channel` before `roomId`,
// `#`/`@` prefixes, bare ids and names, joining public rooms, creating direct messages.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { RocketChatServer } from '../../workspace/rocketchat/Server';
import type { RcRoom, RcUser } from '../../workspace/rocketchat/types';
import { RestServer } from '../../workspace/rest/RestServer';
import { auth, request } from './httpClient';

describe('chat.postMessage', () => {
    const rc = new RocketChatServer();
    const rest = new RestServer(rc);
    let url = '';
    let alice: RcUser;
    let bob: RcUser;
    let lobby: RcRoom;
    let vault: RcRoom;
    let headers: Record<string, string>;
    const post = (body: Record<string, unknown>) => request('POST', `${url}/chat.postMessage`, body, headers);
    const last = (room: RcRoom) => rc.model.messagesByRoom(room._id).filter((m) => !m.t).pop()?.msg;

    beforeAll(async () => {
        url = `${await rest.start()}/api/v1`;
        alice = rc.createUser({ username: 'alice' });
        bob = rc.createUser({ username: 'bob' });
        lobby = await rc.createRoom('c', 'lobby', bob._id);
        vault = await rc.createRoom('p', 'vault', alice._id);
        headers = auth(alice._id, rc.createLoginToken(alice._id));
    });

    afterAll(async () => {
        await rest.stop();
    });

    it('resolves channel before roomId', async () => {
        const res = await post({ channel: '#vault', roomId: lobby._id, text: 'to the vault' });
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ success: true, channel: '#vault', message: { rid: vault._id, msg: 'to the vault' } });
        expect(last(lobby)).toBeUndefined();
    });

    it('#name and #id find a room; posting into a public room joins it', async () => {
        expect(rc.model.subscription(lobby._id, alice._id)).toBeUndefined();
        expect((await post({ channel: '#lobby', text: 'hello lobby' })).json).toMatchObject({ success: true, channel: '#lobby' });
        expect(rc.model.subscription(lobby._id, alice._id)).toBeDefined();
        expect(rc.model.messagesByRoom(lobby._id).map((m) => m.t ?? m.msg)).toEqual(['uj', 'hello lobby']);
        expect((await post({ channel: `#${vault._id}`, text: 'by id' })).json).toMatchObject({ message: { rid: vault._id } });
    });

    it('a bare value is a room id or name, else a user id’s direct message', async () => {
        expect((await post({ roomId: vault._id, text: 'bare id' })).json).toMatchObject({ message: { rid: vault._id } });
        expect((await post({ channel: 'vault', text: 'bare name' })).json).toMatchObject({ message: { rid: vault._id } });
        const viaUserId = await post({ channel: bob._id, text: 'bare user id' });
        const dm = rc.model.directRoomByUserIds([alice._id, bob._id]) as RcRoom;
        expect(viaUserId.json).toMatchObject({ success: true, message: { rid: dm._id } });
    });

    it('@username finds (or creates) the direct message; the username must match exactly', async () => {
        const carol = rc.createUser({ username: 'carol' });
        expect(rc.model.directRoomByUserIds([alice._id, carol._id])).toBeUndefined();
        const res = await post({ channel: '@carol', text: 'hi carol' });
        const dm = rc.model.directRoomByUserIds([alice._id, carol._id]) as RcRoom;
        expect(res.json).toMatchObject({ success: true, channel: '@carol', message: { rid: dm._id } });
        expect((await post({ channel: '@carol', text: 'again' })).json).toMatchObject({ message: { rid: dm._id } });
        const wrongCase = await post({ channel: '@Carol', text: 'hi' });
        expect([wrongCase.status, wrongCase.json.errorType]).toEqual([400, 'invalid-channel']);
    });

    it('unknown rooms, users and a room of the wrong type are invalid-channel', async () => {
        for (const channel of ['#nowhere', '@nobody', 'nothing-at-all', `@${vault._id}`]) {
            const res = await post({ channel, text: 'x' });
            expect([channel, res.status, res.json.errorType]).toEqual([channel, 400, 'invalid-channel']);
        }
    });

    it('a list of channels posts to each, deduplicated; the answer names the first', async () => {
        const before = rc.model.messagesByRoom(vault._id).length;
        const res = await post({ channel: ['#vault', '#vault', '#lobby'], text: 'to both' });
        expect(res.json).toMatchObject({ success: true, channel: '#vault' });
        expect(rc.model.messagesByRoom(vault._id)).toHaveLength(before + 1);
        expect(last(lobby)).toBe('to both');
    });

    it('refuses a private room the poster cannot access, and text over Message_MaxAllowedSize', async () => {
        const other = await rc.createRoom('p', 'elsewhere', bob._id);
        const res = await post({ channel: '#elsewhere', text: 'let me in' });
        expect(res.status).toBe(400);
        expect(rc.model.messagesByRoom(other._id).filter((m) => !m.t)).toEqual([]);
        const long = await post({ channel: '#vault', text: 'x'.repeat(5001) });
        expect([long.status, long.json]).toEqual([400, { success: false, error: 'error-message-size-exceeded' }]);
    });
});
