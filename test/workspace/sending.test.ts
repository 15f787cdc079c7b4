// The DDP sendMessage method and REST chat.sendMessage in front of executeSendMessage
// (apps/meteor/app/lib/server/methods/sendMessage.ts, apps/meteor/app/api/server/v1/chat.ts): the same checks, but the
// method swallows every refusal except error-not-allowed and restricted-workspace, while the REST route answers it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import { RocketChatServer } from '../../workspace/rocketchat/Server';
import type { RcRoom, RcUser } from '../../workspace/rocketchat/types';
import { RestServer } from '../../workspace/rest/RestServer';
import { auth, request } from './httpClient';

const APP_REFUSAL = 'Refused by the app, in the sender’s language.';

/** An app whose pre-send listener refuses every message with an AppsEngineException (as the E2EE app's guards do). */
function refusingApp(rc: RocketChatServer): string[] {
    const events: string[] = [];
    rc.apps = {
        isLoaded: () => true,
        triggerEvent: async (event: AppInterface) => {
            events.push(event);
            if (event === AppInterface.IPreMessageSentPrevent) {
                const e = new Error(APP_REFUSAL);
                e.name = 'AppsEngineException';
                throw e;
            }
            return undefined;
        },
    };
    return events;
}

describe('the DDP method and chat.sendMessage', () => {
    const rc = new RocketChatServer();
    const rest = new RestServer(rc);
    let url = '';
    let alice: RcUser;
    let lobby: RcRoom;
    let vault: RcRoom;
    let token: string;
    const told = () => rc.model.notifications.filter((n) => n.userId === alice._id).map((n) => n.text);

    beforeAll(async () => {
        url = `${await rest.start()}/api/v1`;
        rc.model.settings.set('E2E_Enable', true);
        alice = rc.createUser({ username: 'alice' });
        lobby = await rc.createRoom('p', 'lobby', alice._id);
        vault = await rc.createRoom('p', 'vault', alice._id, [], { encrypted: true });
        token = rc.createLoginToken(alice._id);
    });

    afterAll(async () => {
        await rest.stop();
    });

    beforeEach(() => {
        rc.apps = undefined;
        rc.model.notifications.splice(0);
    });

    it('an app refusal: the method returns nothing, chat.sendMessage throws it; both tell the sender', async () => {
        const events = refusingApp(rc);
        expect(await rc.sendMessage(alice._id, lobby._id, { msg: 'hello' }, 'ddp')).toBeUndefined();
        expect(told()).toEqual([APP_REFUSAL]);
        await expect(rc.sendMessage(alice._id, lobby._id, { msg: 'hello' }, 'sendMessage')).rejects.toThrow(APP_REFUSAL);
        expect(told()).toEqual([APP_REFUSAL, APP_REFUSAL]);
        expect(events.filter((e) => e === AppInterface.IPreMessageSentPrevent)).toHaveLength(2);
        expect(rc.model.messagesByRoom(lobby._id)).toEqual([]);
    });

    it('over HTTP, chat.sendMessage answers an app refusal as a plain 400 (no errorType)', async () => {
        refusingApp(rc);
        const res = await request('POST', `${url}/chat.sendMessage`, { message: { rid: lobby._id, msg: 'hello' } }, auth(alice._id, token));
        expect(res.status).toBe(400);
        expect(res.json).toEqual({ success: false, error: APP_REFUSAL });
    });

    it('error-not-allowed passes through the method, rethrown as a Meteor error', async () => {
        const sending = rc.sendMessage(alice._id, vault._id, { msg: 'plaintext' }, 'ddp');
        await expect(sending).rejects.toMatchObject({ error: 'error-not-allowed', message: 'Not allowed to send un-encrypted messages in an encrypted room [error-not-allowed]', details: { method: 'sendMessage' } });
        // canSendMessage's `new Error('error-not-allowed')` (no access) keeps its code too
        const outsider = rc.createUser({ username: 'outsider' });
        await expect(rc.sendMessage(outsider._id, vault._id, { msg: 'x' }, 'ddp')).rejects.toMatchObject({ error: 'error-not-allowed', message: '[error-not-allowed]' });
    });

    it('other Rocket.Chat errors are swallowed by the method and answered by chat.sendMessage', async () => {
        const long = 'x'.repeat(5001);
        expect(await rc.sendMessage(alice._id, lobby._id, { msg: long }, 'ddp')).toBeUndefined();
        await expect(rc.sendMessage(alice._id, lobby._id, { msg: long }, 'sendMessage')).rejects.toThrow('[error-message-size-exceeded]');
        // the size check runs before executeSendMessage's try: nobody is told
        expect(told()).toEqual([]);
        const res = await request('POST', `${url}/chat.sendMessage`, { message: { rid: lobby._id, msg: long } }, auth(alice._id, token));
        expect(res.status).toBe(400);
        expect(res.json).toMatchObject({ success: false, errorType: 'error-message-size-exceeded' });
    });

    it('system message types are refused before executeSendMessage, by both, and over HTTP', async () => {
        await expect(rc.sendMessage(alice._id, lobby._id, { msg: 'x', t: 'uj' }, 'ddp')).rejects.toThrow("Cannot send system messages using 'sendMessage'");
        await expect(rc.sendMessage(alice._id, lobby._id, { msg: 'x', t: 'uj' }, 'sendMessage')).rejects.toThrow("Cannot send system messages using 'chat.sendMessage'");
        const res = await request('POST', `${url}/chat.sendMessage`, { message: { rid: lobby._id, msg: 'x', t: 'uj' } }, auth(alice._id, token));
        expect(res.status).toBe(400);
        expect(res.json).toEqual({ success: false, error: "Cannot send system messages using 'chat.sendMessage'" });
        expect(told()).toEqual([]);
    });

    it('a message both accept is stored and returned', async () => {
        const viaDdp = await rc.sendMessage(alice._id, lobby._id, { msg: 'one' }, 'ddp');
        const viaRest = await rc.sendMessage(alice._id, lobby._id, { msg: 'two' }, 'sendMessage');
        expect([viaDdp?.msg, viaRest?.msg]).toEqual(['one', 'two']);
    });
});
