// The audit trail in app persistence: a record for every kind of event, never content or secrets, listed by
// `/e2e audit [n]` for those who hold edit-other-user-e2ee, pruned by the retention setting.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import type { AuditRow, Harness, Key } from './harness';
import { auditRecords, command, forceEncrypted, label, say, START_TIMEOUT, startHarness, waitFor } from './harness';

let h: Harness;
let admin: RcUser;
let owner: RcUser;
let member: RcUser;
let bob: RcUser;
let vault: RcRoom;
const PLAINTEXT = 'the launch code is 0000';
const secrets: string[] = [];

beforeAll(async () => {
    h = await startHarness();
    const { ws } = h;
    admin = ws.createUser({ username: 'ada', roles: ['admin', 'user'] });
    owner = ws.createUser({ username: 'olga' });
    member = ws.createUser({ username: 'mel' });
    bob = ws.createUser({ username: 'bob', e2e: { public_key: 'pub-bob-secret', private_key: 'priv-bob-secret' } });
    vault = await ws.createRoom('private', { name: 'vault', owner, members: [member, admin, bob] });
    secrets.push(PLAINTEXT, h.token, 'priv-bob-secret', ws.createPersonalAccessToken(bob, 'bob-pat').token, ws.loginToken(bob));
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

/** What `/e2e audit` shows for one record (the audit_line template, filled as the spec describes). */
function line(r: AuditRow): string {
    return say('audit_line', {
        at: r.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        action: say(`audit_action_${r.action}` as Key),
        outcome: say(`audit_outcome_${r.outcome}` as Key),
        actor: r.actorUsername ? `@${r.actorUsername}` : (r.actorId ?? '-'),
        subject: r.roomName ?? (r.targetUsername ? `@${r.targetUsername}` : (r.roomId ?? r.targetUserId ?? '-')),
        reason: r.reason ?? '-',
    });
}

/** Newest first; records of the same millisecond keep the order they were written in. */
const newestFirst = (records: AuditRow[]) => [...records].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

describe('/e2e audit', () => {
    it('says the trail is empty at first', async () => {
        expect(auditRecords(h.ws)).toEqual([]);
        expect(await command(h.ws, admin, vault, 'audit')).toBe(say('audit_empty'));
    });

    it('records every kind of event, with identifiers and reasons only', async () => {
        const { ws } = h;
        // toggles: done, refused, failed
        await command(ws, owner, vault, 'enable');
        await command(ws, member, vault, 'disable');
        ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 500 }, 1);
        await command(ws, owner, vault, 'disable');
        // refused messages and edits (counts, not content)
        await expect(ws.sendMessage(member, vault, PLAINTEXT, { path: 'postMessage' })).rejects.toThrow(say('refused_plaintext'));
        await waitFor(() => auditRecords(ws).some((r) => r.action === 'message-refused'), 'the message record');
        const sent = await ws.sendEncrypted(member, vault);
        secrets.push(sent?.content?.ciphertext as string);
        await expect(ws.editMessage(member, sent?._id as string, { text: PLAINTEXT })).rejects.toThrow(say('refused_edit_malformed'));
        await waitFor(() => auditRecords(ws).some((r) => r.action === 'edit-refused'), 'the edit record');
        // creation refused, automatic enable, revert
        await expect(ws.server.createRoom('c', 'enc-lobby', owner._id, [], { encrypted: true })).rejects.toThrow('[error-app-prevented]');
        await ws.setAppSetting('policy_private_team', 'required');
        const team = await ws.createRoom('private-team', { name: 'crew', owner });
        await waitFor(() => auditRecords(ws).some((r) => r.action === 'auto-enable'), 'the automatic enable');
        await ws.saveRoomSettings(owner, team, { encrypted: false });
        await waitFor(() => auditRecords(ws).some((r) => r.action === 'revert'), 'the revert');
        // key reset: refused and done
        await command(ws, member, vault, 'reset-key @bob');
        await command(ws, admin, vault, 'reset-key @bob');
        await ws.submitModal(admin, ws.openModals(admin)[0].id, {});

        const records = auditRecords(ws).map(({ at, ...rest }) => {
            expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
            return rest;
        });
        const vaultRef = { roomId: vault._id, roomName: '#vault' };
        expect(records).toEqual([
            { action: 'enable', outcome: 'done', actorId: owner._id, actorUsername: 'olga', ...vaultRef },
            { action: 'disable', outcome: 'refused', reason: 'not-allowed', actorId: member._id, actorUsername: 'mel', ...vaultRef },
            { action: 'disable', outcome: 'failed', reason: 'server-error', actorId: owner._id, actorUsername: 'olga', ...vaultRef },
            { action: 'message-refused', outcome: 'refused', reason: 'plaintext', actorId: member._id, actorUsername: 'mel', ...vaultRef, count: 1 },
            { action: 'edit-refused', outcome: 'refused', reason: 'malformed-ciphertext', actorId: member._id, actorUsername: 'mel', ...vaultRef, count: 1 },
            { action: 'room-create-refused', outcome: 'refused', reason: 'unsupported-kind', actorId: owner._id, actorUsername: 'olga', roomName: '#enc-lobby' },
            { action: 'auto-enable', outcome: 'done', reason: 'policy-required', actorId: owner._id, actorUsername: 'olga', roomId: team._id, roomName: '#crew' },
            { action: 'revert', outcome: 'done', reason: 'policy-required', actorId: owner._id, actorUsername: 'olga', roomId: team._id, roomName: '#crew' },
            { action: 'reset-key', outcome: 'refused', reason: 'not-allowed', actorId: member._id, actorUsername: 'mel', targetUsername: 'bob' },
            { action: 'reset-key', outcome: 'done', actorId: admin._id, actorUsername: 'ada', targetUserId: bob._id, targetUsername: 'bob' },
        ]);
        await ws.setAppSetting('policy_private_team', 'optional');
    });

    it('never stores or logs message text, ciphertext, keys or tokens', () => {
        const { ws } = h;
        const stored = JSON.stringify([...ws.engine.ctx.persistence.values()].filter((r) => r.appId === ws.appId));
        const logs = JSON.stringify(ws.appLogs());
        expect(secrets.filter(Boolean)).toHaveLength(6);
        for (const secret of secrets) {
            expect(stored.includes(secret)).toBe(false);
            expect(logs.includes(secret)).toBe(false);
        }
    });

    it('lists the newest records for an admin, 20 by default', async () => {
        const { ws } = h;
        // more than 20 records: a burst of refused toggles
        for (let i = 0; i < 12; i++) {
            await command(ws, member, vault, 'enable');
        }
        const all = newestFirst(auditRecords(ws));
        expect(all.length).toBeGreaterThan(20);
        expect(await command(ws, admin, vault, 'audit')).toBe([say('audit_header', { count: 20 }), ...all.slice(0, 20).map(line)].join('\n'));
    });

    it('lists the last n', async () => {
        const { ws } = h;
        const all = newestFirst(auditRecords(ws));
        expect(await command(ws, admin, vault, 'audit 3')).toBe([say('audit_header', { count: 3 }), ...all.slice(0, 3).map(line)].join('\n'));
        expect(await command(ws, admin, vault, `audit 100`)).toBe([say('audit_header', { count: all.length }), ...all.map(line)].join('\n'));
    });

    it.each(['0', '101', 'ten'])('refuses the limit %s', async (limit) => {
        expect(await command(h.ws, admin, vault, `audit ${limit}`)).toBe(`${say('error_invalid_limit')}\n${say('help_audit')}`);
    });

    it('is refused to someone without edit-other-user-e2ee, and shown once the workspace grants it', async () => {
        const { ws } = h;
        expect(await command(ws, owner, vault, 'audit 1')).toBe(say('not_allowed', { permissions: 'edit-other-user-e2ee' }));
        ws.createRole('auditor');
        const auditor = ws.createUser({ username: 'auditor', roles: ['user', 'auditor'] });
        ws.grantPermission('edit-other-user-e2ee', 'auditor');
        await ws.setAppSetting('audit_retention_days', 91); // drops the briefly cached table
        const latest = newestFirst(auditRecords(ws))[0];
        expect(await command(ws, auditor, vault, 'audit 1')).toBe([say('audit_header', { count: 1 }), line(latest)].join('\n'));
    });

    it('answers an admin in their language', async () => {
        const { ws } = h;
        const chef = ws.createUser({ username: 'chef', roles: ['admin', 'user'], language: 'fr' });
        const told = await command(ws, chef, vault, 'audit 1');
        const latest = newestFirst(auditRecords(ws))[0];
        expect(told.split('\n')[0]).toBe(say('audit_header', { count: 1 }, 'fr'));
        expect(told.split('\n')[1]).toContain(say(`audit_action_${latest.action}` as Key, {}, 'fr'));
    });
});

describe('retention', () => {
    it('drops whole days older than audit_retention_days when the trail is read, and keeps the rest', async () => {
        const { ws } = h;
        // set-up: an old day written as the app writes days (a record in the day's bucket, the day's marker)
        const sample = [...ws.engine.ctx.persistence.values()].find((r) => r.appId === ws.appId && (r.data as { action?: string }).action);
        const bucket = JSON.parse(JSON.stringify(sample?.associations)) as Array<{ model: string; id: string }>;
        const today = bucket[0].id.replace('e2ee-audit-day:', '');
        const marker = [...ws.engine.ctx.persistence.values()].find((r) => r.appId === ws.appId && (r.data as { day?: string }).day === today);
        const oldDay = '2001-02-03';
        const forge = (id: string, associations: unknown, data: object) =>
            ws.engine.ctx.persistence.set(id, { _id: id, appId: ws.appId, associations: JSON.parse(JSON.stringify(associations).split(today).join(oldDay)), data });
        forge('old-record-1', sample?.associations, { at: `${oldDay}T10:00:00.000Z`, action: 'enable', outcome: 'done', actorUsername: 'old-timer' });
        forge('old-record-2', sample?.associations, { at: `${oldDay}T11:00:00.000Z`, action: 'disable', outcome: 'done', actorUsername: 'old-timer' });
        forge('old-marker', marker?.associations, { day: oldDay });
        const current = auditRecords(ws).length;

        await ws.setAppSetting('audit_retention_days', 30);
        const told = await command(ws, admin, vault, 'audit 100');
        expect(told).not.toContain('old-timer');
        expect(ws.engine.ctx.persistence.has('old-record-1')).toBe(false);
        expect(ws.engine.ctx.persistence.has('old-record-2')).toBe(false);
        expect(ws.engine.ctx.persistence.has('old-marker')).toBe(false);
        // today's records and marker stay
        expect(auditRecords(ws)).toHaveLength(current - 2);
        expect([...ws.engine.ctx.persistence.values()].some((r) => (r.data as { day?: string }).day === today)).toBe(true);
        await ws.setAppSetting('audit_retention_days', 90);
    });
});

describe('DM records', () => {
    it('name a direct message by its members, never by message content', async () => {
        const { ws } = h;
        const dm = await ws.createRoom('dm', { owner: member, members: [bob] });
        forceEncrypted(ws, dm, false);
        await command(ws, member, dm, 'enable');
        const last = auditRecords(ws).slice(-1)[0];
        expect(last).toMatchObject({ action: 'enable', outcome: 'done', roomId: dm._id, roomName: label(ws, dm) });
        expect(last.roomName).toMatch(/^@mel, @bob$|^@bob, @mel$/);
    });
});
