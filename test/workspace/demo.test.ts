// `npm start` without a terminal: the demo organisation and the guided tour, run in-process against the packaged
// app in the real runtime, then a few prompt commands and a save/load round trip. Asserts on the workspace.
import fs from 'fs';
import os from 'os';
import path from 'path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { parseCommand } from '../../workspace/demo/commands';
import { auditRecords } from '../../workspace/demo/effects';
import type { Organisation } from '../../workspace/demo/organisation';
import { configureServiceAccount, createOrganisation, saveDemoState, SERVICE_USERNAME } from '../../workspace/demo/organisation';
import { executeCommand } from '../../workspace/demo/execute';
import { DemoSession } from '../../workspace/demo/session';
import type { TourResult } from '../../workspace/demo/tour';
import { runTour } from '../../workspace/demo/tour';
import { Workspace } from '../../workspace/Workspace';

const START_TIMEOUT = 30000;

let ws: Workspace | undefined;
let org: Organisation;
let result: TourResult;
let serviceToken: string;
const output: string[] = [];

function live(): Workspace {
    if (!ws) {
        throw new Error('workspace not started');
    }
    return ws;
}

beforeAll(async () => {
    ws = await Workspace.start();
    org = await createOrganisation(ws, (line) => output.push(line));
    serviceToken = String(ws.getAppSetting('service_token'));
    result = await runTour(new DemoSession(ws, { out: (line) => output.push(line) }), org);
}, 90000);

afterAll(async () => {
    await ws?.stop();
});

describe('the guided tour', () => {
    it('passes every check it makes', () => {
        expect(result.checks.filter((c) => !c.ok)).toEqual([]);
        expect(result.checks.length).toBeGreaterThanOrEqual(15);
        expect(result.passed).toBe(true);
    });

    it('configured the service account as an administrator would', () => {
        const w = live();
        const service = w.server.model.userByUsername(SERVICE_USERNAME);
        expect(service?.roles).toEqual(['admin', 'user']);
        expect(w.getAppSetting('service_user_id')).toBe(service?._id);
        const pats = (service?.services?.resume?.loginTokens ?? []).filter((t) => t.type === 'personalAccessToken');
        expect(pats.map((t) => [t.name, t.bypassTwoFactor])).toEqual([['e2ee-policy-app', true]]);
        expect(w.getServerSetting('E2E_Enable')).toBe(true);
    });

    it('leaves the rooms as the tour said', () => {
        const w = live();
        const encrypted = (name: string) => Boolean(w.server.model.roomByName(name)?.encrypted);
        expect(encrypted('secret')).toBe(true);
        expect(encrypted('launch')).toBe(true);
        expect(encrypted('general')).toBe(false);
        expect(Boolean(w.room(org.rooms.secretDiscussion._id)?.encrypted)).toBe(false);
        const kinds = Object.values(org.rooms).map((r) => w.room(r._id)?.t);
        expect(new Set(kinds)).toEqual(new Set(['d', 'p', 'c', 'l']));
        // the revert: disabled by alice through Rocket.Chat, enabled again by the service account
        const types = w.messages(org.rooms.secret).map((m) => `${m.t ?? ''}:${m.u.username}`);
        expect(types).toContain('room_e2e_disabled:alice');
        expect(types.filter((t) => t === `room_e2e_enabled:${SERVICE_USERNAME}`)).toHaveLength(2);
    });

    it('stored only ciphertext in #secret, without a searchable copy', () => {
        const w = live();
        const userMessages = w.messages(org.rooms.secret).filter((m) => !m.t || m.t === 'e2e');
        expect(userMessages.length).toBe(2);
        for (const m of userMessages) {
            expect(m.t).toBe('e2e');
            expect(m.msg).toBe('');
            expect(m.content?.algorithm).toBe('rc.v2.aes-sha2');
        }
        expect(w.messages(org.rooms.general).some((m) => m.t === 'e2e')).toBe(false);
    });

    it('told dave about the encrypted room he joined and queued him for its key', () => {
        const w = live();
        expect(w.subscription(org.rooms.secret, org.dave)).toBeDefined();
        expect(w.notificationsFor(org.dave).some((n) => n.roomId === org.rooms.secret._id)).toBe(true);
        expect(w.room(org.rooms.secret._id)?.usersWaitingForE2EKeys?.map((q) => q.userId)).toContain(org.dave._id);
    });

    it('reset bob\'s key: keys gone, every token wiped, the modal closed', () => {
        const w = live();
        const bob = w.server.requireUser(org.bob._id);
        expect(bob.e2e).toBeUndefined();
        expect(bob.services?.resume?.loginTokens).toEqual([]);
        expect(w.server.model.subscriptionsByUser(bob._id).filter((s) => s.E2EKey)).toEqual([]);
        expect(w.openModals(org.admin)).toEqual([]);
        expect(w.rest.requests.filter((r) => r.path === '/api/v1/users.resetE2EKey').map((r) => r.status)).toEqual([200]);
    });

    it('left an audit record for every decision', () => {
        const actions = auditRecords(live()).map((r) => `${r.action}:${r.outcome}`);
        expect(new Set(actions)).toEqual(
            new Set([
                'enable:done',
                'disable:refused',
                'enable:refused',
                'message-refused:refused',
                'edit-refused:refused',
                'auto-enable:done',
                'revert:done',
                'reset-key:done',
                'report:done',
                'enforce-start:done',
                'enforce:done',
                'enforce-end:done',
            ]),
        );
    });

    it('printed each step without tokens or ciphertext', () => {
        const text = output.join('\n');
        expect(text).toContain('1. /e2e status');
        expect(text).toContain('Tour finished');
        expect(serviceToken.length).toBeGreaterThan(20);
        expect(text).not.toContain(serviceToken);
        const secrets = live()
            .server.model.messagesByRoom(org.rooms.secret._id)
            .flatMap((m) => [m.content?.ciphertext, m.content?.iv])
            .filter((s): s is string => typeof s === 'string');
        expect(secrets.length).toBeGreaterThan(0);
        for (const s of secrets) {
            expect(text).not.toContain(s);
        }
    });
});

describe('the prompt', () => {
    it('acts as any user: encrypts, inspects, refuses', async () => {
        const w = live();
        const lines: string[] = [];
        const session = new DemoSession(w, { out: (line) => lines.push(line) });
        for (const line of ['as carol', 'room #secret', 'send-encrypted', 'post plain words', 'inspect #secret', 'messages']) {
            expect(await executeCommand(session, parseCommand(line))).toBeUndefined();
        }
        expect(await executeCommand(session, parseCommand('quit'))).toBe('quit');
        const fromCarol = w.messages(org.rooms.secret).filter((m) => m.u._id === org.carol._id);
        expect(fromCarol.map((m) => m.t)).toEqual(['e2e']);
        const text = lines.join('\n');
        expect(text).toContain('refused by the app');
        expect(text).toContain('@dave');
        expect(text).not.toContain('plain words');
    });
});

describe('--data', () => {
    it('saves without the service token and comes back working with a new one', async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'demo-state-')), 'state.json');
        saveDemoState(live(), file);
        const saved = fs.readFileSync(file, 'utf8');
        expect(saved).not.toContain(serviceToken);
        await live().stop();
        ws = undefined;

        ws = await Workspace.start({ dataPath: file });
        const w = ws;
        expect(w.getAppSetting('service_token')).toBe('');
        await configureServiceAccount(w);
        const token = String(w.getAppSetting('service_token'));
        expect(token).not.toBe(serviceToken);
        expect(w.server.model.roomByName('secret')?.encrypted).toBe(true);
        expect(auditRecords(w).length).toBeGreaterThanOrEqual(8);
        const general = w.server.model.roomByName('general');
        if (!general) {
            throw new Error('no #general');
        }
        w.resetCounters();
        await w.runSlashCommand(w.admin, general, '/e2e status');
        expect(w.rest.requests.filter((r) => r.path === '/api/v1/me').pop()?.status).toBe(200);
    }, START_TIMEOUT);
});
