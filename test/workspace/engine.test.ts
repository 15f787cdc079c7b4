// The host plumbing, end to end in the real Apps-Engine runtime and Deno child, with the probe fixture app.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { Workspace } from '../../workspace/Workspace';
import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { buildProbeZip, PROBE_APP_ID } from './probeApp';

type Rec = Record<string, unknown>;

describe('workspace host with the probe app', () => {
    let ws: Workspace;
    let alice: RcUser;
    let bob: RcUser;
    let group: RcRoom;

    const records = (event?: string): Rec[] =>
        [...ws.engine.ctx.persistence.values()].filter((r) => r.appId === PROBE_APP_ID).map((r) => r.data as Rec).filter((d) => !event || d.event === event);

    async function waitFor<T>(fn: () => T | undefined, timeoutMs = 3000): Promise<T> {
        const end = Date.now() + timeoutMs;
        for (;;) {
            const v = fn();
            if (v !== undefined && v !== null && (!Array.isArray(v) || v.length)) {
                return v;
            }
            if (Date.now() > end) {
                throw new Error('timed out waiting');
            }
            await new Promise((r) => setTimeout(r, 10));
        }
    }

    beforeAll(async () => {
        ws = await Workspace.start({ install: false, settings: { E2E_Enable: true } });
        await ws.installApp(buildProbeZip());
        alice = ws.createUser({ username: 'alice' });
        bob = ws.createUser({ username: 'bob' });
        group = await ws.createRoom('private', { name: 'vault', owner: alice, members: [bob], encrypted: true });
    }, 30000);

    afterAll(async () => {
        await ws?.stop();
    });

    it('installs and enables the app with the manifest permissions, and creates its user', async () => {
        expect(await ws.isAppEnabled()).toBe(true);
        expect(ws.app?.permissionsGranted.map((p) => p.name)).toContain('networking');
        expect(ws.appUser()).toMatchObject({ username: 'workspace-probe.bot', type: 'app', roles: ['app'] });
        expect(ws.registeredCommands()).toEqual(['probe']);
    });

    it('ran the pre-create listener with the E2E default visible', () => {
        expect(records('room-create')).toEqual(expect.arrayContaining([{ event: 'room-create', type: 'p', name: 'vault', encrypted: true }]));
    });

    it('refuses plaintext in an encrypted room before any listener (sendMessage path)', async () => {
        await expect(ws.sendMessage(alice, group, 'hello')).rejects.toThrow('Not allowed to send un-encrypted messages in an encrypted room [error-not-allowed]');
    });

    it('lets chat.postMessage plaintext through to the listeners, and Modify loses type', async () => {
        const before = records('prevent').length;
        const sent = await ws.sendMessage(alice, group, 'shout', { path: 'postMessage' });
        expect(sent?.msg).toBe('SHOUT');
        const prevent = records('prevent').slice(before);
        expect(prevent[0]).toMatchObject({ type: null, text: 'shout', roomType: 'p', roomEncrypted: true });
        await waitFor(() => records('post').find((r) => r.text === 'SHOUT'));
    });

    it('shows e2e messages with type and unmapped content to Prevent, without type to Modify, then IPostSystemMessageSent', async () => {
        const p0 = records('prevent').length;
        const m0 = records('modify').length;
        const sent = await ws.sendEncrypted(alice, group);
        expect(sent?.t).toBe('e2e');
        expect(records('prevent')[p0]).toMatchObject({ type: 'e2e', hasContent: true, unmapped: ['content', 'e2e'] });
        expect(records('modify')[m0]).toMatchObject({ type: null, hasContent: true }) // undefined in the app, null after msgpack;
        await waitFor(() => records('system').find((r) => r.type === 'e2e'));
    });

    it('lets an app prevent a message silently', async () => {
        const plain = await ws.createRoom('private', { name: 'lobby', owner: alice });
        expect(await ws.sendMessage(alice, plain, 'block me')).toBeUndefined();
        expect(ws.messages(plain).some((m) => m.msg === 'block me')).toBe(false);
    });

    it('prevents room creation through the app', async () => {
        await expect(ws.createRoom('private', { name: 'forbidden-room', owner: alice })).rejects.toThrow('A Rocket.Chat App prevented the room creation. [error-app-prevented]');
    });

    it('shows edits merged with the stored message', async () => {
        const sent = await ws.sendEncrypted(alice, group);
        await ws.editMessage(alice, sent?._id as string, { text: 'oops plaintext' });
        expect(records('update-prevent').pop()).toMatchObject({ type: 'e2e', text: 'oops plaintext', hasContent: true });
        await expect(ws.editMessage(alice, sent?._id as string, { text: 'forbidden edit' })).rejects.toThrow('[error-app-prevented-updating]');
    });

    it('fires IPostSystemMessageSent for room_e2e_disabled and IPostRoomUserJoined', async () => {
        await ws.saveRoomSettings(alice, group, { encrypted: false });
        await waitFor(() => records('system').find((r) => r.type === 'room_e2e_disabled'));
        const carol = ws.createUser({ username: 'carol' });
        await ws.addMember(group, carol, alice);
        await waitFor(() => records('joined').find((r) => r.user === 'carol'));
    });

    it('runs registered slash commands and captures what the user was told', async () => {
        await ws.runSlashCommand(bob, group, '/probe hello world');
        expect(records('command').pop()).toMatchObject({ args: ['hello', 'world'], sender: 'bob', roomType: 'p', triggerId: true });
        expect(ws.notificationsFor(bob).map((n) => n.text)).toContain('probe says: hello world');
        await expect(ws.runSlashCommand(bob, group, '/nope')).rejects.toThrow('Command not registered');
    });

    it('clicks a room action, captures the modal, submits with errors then success', async () => {
        const response = (await ws.clickRoomAction(bob, group, 'probe-action')) as Rec;
        expect(response).toMatchObject({ success: true, type: 'modal.open' });
        expect(records('button').pop()).toMatchObject({ actionId: 'probe-action', user: 'bob', roomType: 'p' });
        const [modalView] = ws.openModals(bob);
        expect(modalView.id).toBe('probe-view');
        await ws.clickBlockAction(bob, { viewId: 'probe-view' }, 'reason', 'value', 'typing', PROBE_APP_ID);
        expect(records('block').pop()).toMatchObject({ actionId: 'value', blockId: 'reason', value: 'typing', container: 'view' });
        await ws.submitModal(bob, 'probe-view', { reason: { value: 'bad' } });
        expect(ws.openModals(bob)[0].errors).toEqual({ reason: 'Not a good reason' });
        await ws.submitModal(bob, 'probe-view', { reason: { value: 'fine' } });
        expect(records('submit').pop()).toMatchObject({ viewId: 'probe-view', state: { reason: { value: 'fine' } }, user: 'bob' });
        expect(ws.openModals(bob)).toEqual([]);
    });

    it('captures modals opened through the UI controller, and closes them', async () => {
        await ws.runSlashCommand(bob, group, '/probe modal');
        expect(ws.openModals(bob).map((m) => m.id)).toEqual(['probe-view-cmd']);
        await ws.closeModal(bob, 'probe-view-cmd');
        expect(ws.openModals(bob)).toEqual([]);
        await waitFor(() => records('closed').find((r) => r.viewId === 'probe-view-cmd'));
    });

    it('stores webhook messages with bot.i and no plaintext guard', async () => {
        const sent = await ws.sendMessage(alice, group, { msg: 'from a hook', integrationId: 'hook1' }, { path: 'webhook' });
        expect(sent).toMatchObject({ msg: 'from a hook', bot: { i: 'hook1' } });
    });

    it('makes real HTTP calls through the bridge to the REST emulation, counted per app', async () => {
        ws.resetCounters();
        const pat = ws.createPersonalAccessToken(ws.admin, 'probe', { bypassTwoFactor: true });
        await ws.runSlashCommand(bob, group, `/probe http ${pat.userId} ${pat.token}`);
        expect(records('http').pop()).toMatchObject({ status: 200, username: 'admin' });
        const counters = ws.counters();
        expect(counters.httpCalls).toBe(1);
        expect(counters.roundTrips).toBeGreaterThan(1);
        expect(counters.roundTripsByMethod['bridges:getHttpBridge:doCall']).toBe(1);
        expect(counters.bridgeCalls).toBeGreaterThan(0);
    });

    it('returns HTTP errors and timeouts to the app', async () => {
        const pat = ws.createPersonalAccessToken(ws.admin, 'probe2', { bypassTwoFactor: true });
        ws.injectFault('me', { kind: 'status', status: 500 }, 1);
        await ws.runSlashCommand(bob, group, `/probe http ${pat.userId} ${pat.token}`);
        expect(records('http').pop()).toMatchObject({ status: 500 });
        ws.injectFault('me', { kind: 'hang' }, 1);
        await ws.runSlashCommand(bob, group, `/probe http ${pat.userId} ${pat.token} 200`);
        expect(String(records('http').pop()?.error)).toContain('network timeout at');
        ws.injectFault('me', { kind: 'close' }, 1);
        await ws.runSlashCommand(bob, group, `/probe http ${pat.userId} ${pat.token}`);
        expect(String(records('http').pop()?.error)).toContain('failed, reason');
    });

    it('changes app settings through the settings manager', async () => {
        await ws.setAppSetting('probe_flag', true);
        expect(ws.getAppSetting('probe_flag')).toBe(true);
    });

    it('saves and reloads state', () => {
        const state = ws.state();
        expect(state.model.rooms.some((r) => r.name === 'vault')).toBe(true);
        expect(state.persistence.length).toBeGreaterThan(0);
        expect(state.appSettings.probe_flag).toBe(true);
    });
});
