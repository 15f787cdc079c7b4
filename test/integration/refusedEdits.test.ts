// Edits Rocket.Chat refuses before any app sees them, in the real runtime with the app installed: a removed message,
// an empty text, editing switched off or past its time limit, a sender who may no longer write in the room. For each,
// Rocket.Chat's error, no IPreMessageUpdated* event handed to the engine, and nothing from the app (no notice, no
// audit record). The same plaintext edit that Rocket.Chat lets through is refused by the app: its listener runs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import type { RcMessage, RcRoom, RcUser } from '../../workspace/Workspace';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditSince, forceEncrypted, mark, START_TIMEOUT, startHarness, toldSince, waitFor } from '../harness/workspace';

let h: Harness;
let alice: RcUser;
let bob: RcUser;
let vault: RcRoom;
/** the events the server handed to the engine */
let triggered: string[];

beforeAll(async () => {
    h = await startHarness();
    const { ws } = h;
    alice = ws.createUser({ username: 'alice' });
    bob = ws.createUser({ username: 'bob' });
    vault = await ws.createRoom('private', { name: 'vault', owner: alice, members: [bob] });
    forceEncrypted(ws, vault, true);
    const hooks = ws.server.apps;
    if (!hooks) {
        throw new Error('no engine');
    }
    triggered = [];
    ws.server.apps = {
        isLoaded: () => hooks.isLoaded(),
        triggerEvent: (event: AppInterface, ...payload: unknown[]) => {
            triggered.push(event);
            return hooks.triggerEvent(event, ...payload);
        },
    };
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

beforeEach(() => {
    h.ws.setServerSetting('Message_AllowEditing', true);
    h.ws.setServerSetting('Message_AllowEditing_BlockEditInMinutes', 0);
    (h.ws.room(vault._id) as RcRoom).ro = false;
});

async function encryptedMessage(by: RcUser): Promise<RcMessage> {
    const sent = (await h.ws.sendEncrypted(by, vault)) as RcMessage;
    await h.ws.settle();
    return sent;
}

/** Edits to plaintext as `by`; Rocket.Chat refuses with `error`, and the app never hears of it. */
async function refusedByRocketChat(by: RcUser, message: RcMessage, text: string, error: string): Promise<void> {
    const { ws } = h;
    const before = JSON.stringify(ws.server.model.messageById(message._id));
    const since = mark(ws);
    triggered.length = 0;
    await expect(ws.editMessage(by, message._id, { text })).rejects.toThrow(error);
    await ws.settle();
    expect(triggered.filter((e) => e.startsWith('IPreMessageUpdated') || e === AppInterface.IPostMessageUpdated)).toEqual([]);
    expect(JSON.stringify(ws.server.model.messageById(message._id))).toBe(before);
    expect(toldSince(ws, since, by)).toEqual([]);
    expect(auditSince(ws, since)).toEqual([]);
}

describe('edits Rocket.Chat refuses never reach the app', () => {
    it('the app refuses a plaintext edit Rocket.Chat lets through (its listener runs)', async () => {
        const { ws } = h;
        const message = await encryptedMessage(alice);
        triggered.length = 0;
        const since = mark(ws);
        await expect(ws.editMessage(alice, message._id, { text: 'readable' })).rejects.toThrow(new Error(say('refused_edit_malformed')));
        expect(triggered).toContain(AppInterface.IPreMessageUpdatedPrevent);
        const records = await waitFor(() => auditSince(ws, since, alice).length > 0 && auditSince(ws, since, alice), 'the refusal record');
        expect(records.map((r) => [r.action, r.reason])).toEqual([['edit-refused', 'malformed-ciphertext']]);
    });

    it('a removed message (t: rm)', async () => {
        const message = await encryptedMessage(alice);
        (h.ws.server.model.messageById(message._id) as RcMessage).t = 'rm';
        await refusedByRocketChat(alice, message, 'readable', '[error-action-not-allowed]');
    });

    it('an empty text on a message without attachments or blocks', async () => {
        await refusedByRocketChat(alice, await encryptedMessage(alice), '  ', '[error-invalid-message]');
    });

    it('one’s own message with Message_AllowEditing off', async () => {
        const message = await encryptedMessage(bob);
        h.ws.setServerSetting('Message_AllowEditing', false);
        await refusedByRocketChat(bob, message, 'readable', '[error-action-not-allowed]');
    });

    it('past Message_AllowEditing_BlockEditInMinutes', async () => {
        const message = await encryptedMessage(bob);
        (h.ws.server.model.messageById(message._id) as RcMessage).ts = new Date(Date.now() - 3 * 60000).toISOString();
        h.ws.setServerSetting('Message_AllowEditing_BlockEditInMinutes', 2);
        await refusedByRocketChat(bob, message, 'readable', '[error-message-editing-blocked]');
    });

    it('canSendMessage failing: the room turned read-only', async () => {
        const message = await encryptedMessage(bob);
        (h.ws.room(vault._id) as RcRoom).ro = true;
        await refusedByRocketChat(bob, message, 'readable', 'room is read only [error-not-allowed]');
    });
});
