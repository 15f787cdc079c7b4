// The audit trail in app persistence: a record for every kind of event, never content or secrets, listed by
// `/e2e audit [n]` for those who hold edit-other-user-e2ee, pruned by the retention setting.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Cast } from '../harness/cast';
import { buildCast } from '../harness/cast';
import type { Key } from '../harness/texts';
import { say } from '../harness/texts';
import type { AuditRow, Harness } from '../harness/workspace';
import { auditRecords, auditSince, command, flushRefusals, forceEncrypted, forgetPermissions, label, listedRecords, mark, START_TIMEOUT, startHarness, waitFor } from '../harness/workspace';

let h: Harness;
let cast: Cast;
/** What a new workspace's trail held, and what `/e2e audit` answered then. */
let atStart: { records: Array<AuditRow>; answer: string };

beforeAll(async () => {
    h = await startHarness();
    cast = await buildCast(h.ws);
    atStart = { records: auditRecords(h.ws), answer: await command(h.ws, cast.people.admin, cast.rooms.private, 'audit') };
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

/** What `/e2e audit` shows for one record (the audit_line template, filled as the spec describes; with its count when it stands for several). */
function line(r: AuditRow): string {
    return say((r.count ?? 1) > 1 ? 'audit_line_count' : 'audit_line', {
        at: r.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        action: say(`audit_action_${r.action}` as Key),
        outcome: say(`audit_outcome_${r.outcome}` as Key),
        actor: r.actorUsername ? `@${r.actorUsername}` : (r.actorId ?? '-'),
        subject: r.roomName ?? (r.targetUsername ? `@${r.targetUsername}` : (r.roomId ?? r.targetUserId ?? '-')),
        reason: r.reason ?? '-',
        count: r.count ?? 1,
    });
}

/** Writes `n` records: refused attempts of the member to enable the private room (after the refusals the app still counts in memory). */
async function writeRecords(n: number): Promise<void> {
    await flushRefusals(h, cast.rooms.private);
    for (let i = 0; i < n; i++) {
        await command(h.ws, cast.people.member, cast.rooms.private, 'enable');
    }
}

describe('/e2e audit', () => {
    it('says the trail of a new workspace is empty', () => {
        expect(atStart.records).toEqual([]);
        expect(atStart.answer).toBe(say('audit_empty'));
    });

    it('records every kind of event, with identifiers and reasons only', async () => {
        const { ws } = h;
        const { admin, owner, member } = cast.people;
        const { target } = cast;
        const room = cast.rooms.private;
        ws.setUserE2EKeys(target);
        forceEncrypted(ws, room, false);
        const since = mark(ws);
        // toggles: done, refused, failed
        await command(ws, owner, room, 'enable');
        await command(ws, member, room, 'disable');
        ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 500 }, 1);
        await command(ws, owner, room, 'disable');
        // refused messages and edits (counts, not content)
        await expect(ws.sendMessage(member, room, 'readable words', { path: 'postMessage' })).rejects.toThrow(say('refused_plaintext'));
        await waitFor(() => auditSince(ws, since).some((r) => r.action === 'message-refused'), 'the message record');
        const sent = await ws.sendEncrypted(member, room);
        await expect(ws.editMessage(member, sent?._id as string, { text: 'readable words' })).rejects.toThrow(say('refused_edit_malformed'));
        await waitFor(() => auditSince(ws, since).some((r) => r.action === 'edit-refused'), 'the edit record');
        // creation refused, automatic enable, revert
        await expect(ws.server.createRoom('c', 'enc-lobby', owner._id, [], { encrypted: true })).rejects.toThrow('[error-app-prevented]');
        await ws.setAppSetting('policy_private_team', 'required');
        try {
            const team = await ws.createRoom('private-team', { name: 'crew', owner });
            await waitFor(() => auditSince(ws, since).some((r) => r.action === 'auto-enable'), 'the automatic enable');
            await ws.saveRoomSettings(owner, team, { encrypted: false });
            await waitFor(() => auditSince(ws, since).some((r) => r.action === 'revert'), 'the revert');
            // key reset: refused and done
            await command(ws, member, room, `reset-key @${target.username}`);
            await command(ws, admin, room, `reset-key @${target.username}`);
            await ws.submitModal(admin, ws.openModals(admin)[0].id, {});

            const records = auditSince(ws, since).map(({ at, ref, window, ...rest }) => {
                expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
                // each record has an association of its own (how pruning removes it); refusals name their window
                expect(ref).toMatch(/^[0-9a-f-]{36}$/);
                expect(window === undefined || (rest.action.endsWith('-refused') && window <= at && /:[0-5][05]:00\.000Z$/.test(window))).toBe(true);
                return rest;
            });
            const roomRef = { roomId: room._id, roomName: label(ws, room) };
            const by = (person: typeof owner) => ({ actorId: person._id, actorUsername: person.username });
            expect(records).toEqual([
                { action: 'enable', outcome: 'done', ...by(owner), ...roomRef },
                { action: 'disable', outcome: 'refused', reason: 'not-allowed', ...by(member), ...roomRef },
                { action: 'disable', outcome: 'failed', reason: 'server-error', ...by(owner), ...roomRef },
                { action: 'message-refused', outcome: 'refused', reason: 'plaintext', ...by(member), ...roomRef, count: 1 },
                { action: 'edit-refused', outcome: 'refused', reason: 'malformed-ciphertext', ...by(member), ...roomRef, count: 1 },
                { action: 'room-create-refused', outcome: 'refused', reason: 'unsupported-kind', ...by(owner), roomName: '#enc-lobby' },
                { action: 'auto-enable', outcome: 'done', reason: 'policy-required', ...by(owner), roomId: team._id, roomName: '#crew' },
                { action: 'revert', outcome: 'done', reason: 'policy-required', ...by(owner), roomId: team._id, roomName: '#crew' },
                { action: 'reset-key', outcome: 'refused', reason: 'not-allowed', ...by(member), targetUsername: target.username },
                { action: 'reset-key', outcome: 'done', ...by(admin), targetUserId: target._id, targetUsername: target.username },
            ]);
        } finally {
            await ws.setAppSetting('policy_private_team', 'optional');
        }
    });

    it('never stores or logs message text, ciphertext, keys or tokens', async () => {
        const { ws } = h;
        const { admin, owner, member } = cast.people;
        const { target } = cast;
        const room = cast.rooms.private;
        const plaintext = `the launch code is ${Math.random()}`;
        const privateKey = `priv-${target.username}-${Math.random()}`;
        ws.setUserE2EKeys(target, { public_key: `pub-${target.username}`, private_key: privateKey });
        const secrets = [plaintext, h.token, privateKey, ws.createPersonalAccessToken(target, `pat-${Math.random()}`).token, ws.loginToken(target)];
        const since = mark(ws);
        // a toggle, a refused message, a refused edit of a ciphertext, a key reset
        forceEncrypted(ws, room, false);
        await command(ws, owner, room, 'enable');
        await expect(ws.sendMessage(member, room, plaintext, { path: 'postMessage' })).rejects.toThrow(say('refused_plaintext'));
        const sent = await ws.sendEncrypted(member, room);
        secrets.push(sent?.content?.ciphertext as string);
        await expect(ws.editMessage(member, sent?._id as string, { text: plaintext })).rejects.toThrow(say('refused_edit_malformed'));
        await command(ws, admin, room, `reset-key @${target.username}`);
        await ws.submitModal(admin, ws.openModals(admin)[0].id, {});
        await flushRefusals(h, room);
        await waitFor(() => auditSince(ws, since).length >= 4, 'the records');

        const stored = JSON.stringify(ws.persistedRecords());
        const logs = JSON.stringify(ws.appLogs());
        expect(secrets.filter(Boolean)).toHaveLength(6);
        for (const secret of secrets) {
            expect(stored.includes(secret)).toBe(false);
            expect(logs.includes(secret)).toBe(false);
        }
    });

    it('lists the newest records for an admin, 20 by default', async () => {
        const { ws } = h;
        await writeRecords(21);
        const all = listedRecords(ws);
        expect(all.length).toBeGreaterThan(20);
        expect(await command(ws, cast.people.admin, cast.rooms.private, 'audit')).toBe([say('audit_header', { count: 20 }), ...all.slice(0, 20).map(line)].join('\n'));
    });

    it('lists the last n', async () => {
        const { ws } = h;
        const admin = cast.people.admin;
        await writeRecords(3);
        const all = listedRecords(ws);
        expect(await command(ws, admin, cast.rooms.private, 'audit 3')).toBe([say('audit_header', { count: 3 }), ...all.slice(0, 3).map(line)].join('\n'));
        const hundred = all.slice(0, 100);
        expect(await command(ws, admin, cast.rooms.private, 'audit 100')).toBe([say('audit_header', { count: hundred.length }), ...hundred.map(line)].join('\n'));
    });

    it.each(['0', '101', 'ten'])('refuses the limit %s', async (limit) => {
        expect(await command(h.ws, cast.people.admin, cast.rooms.private, `audit ${limit}`)).toBe(`${say('error_invalid_limit')}\n${say('help_audit')}`);
    });

    it('is refused to someone without edit-other-user-e2ee, and shown once the workspace grants it', async () => {
        const { ws } = h;
        await writeRecords(1);
        expect(await command(ws, cast.people.owner, cast.rooms.private, 'audit 1')).toBe(say('not_allowed', { permissions: 'edit-other-user-e2ee' }));
        ws.createRole('auditor');
        const auditor = ws.createUser({ username: 'auditor', roles: ['user', 'auditor'] });
        ws.grantPermission('edit-other-user-e2ee', 'auditor');
        await forgetPermissions(ws);
        const latest = listedRecords(ws)[0];
        expect(await command(ws, auditor, cast.rooms.private, 'audit 1')).toBe([say('audit_header', { count: 1 }), line(latest)].join('\n'));
    });

    it('answers an admin in their language', async () => {
        const { ws } = h;
        await writeRecords(1);
        const chef = ws.createUser({ username: 'chef', roles: ['admin', 'user'], language: 'fr' });
        const told = await command(ws, chef, cast.rooms.private, 'audit 1');
        const latest = listedRecords(ws)[0];
        expect(told.split('\n')[0]).toBe(say('audit_header', { count: 1 }, 'fr'));
        expect(told.split('\n')[1]).toContain(say(`audit_action_${latest.action}` as Key, {}, 'fr'));
    });
});

describe('retention', () => {
    it('drops whole days older than audit_retention_days when the trail is read, and keeps the rest', async () => {
        const { ws } = h;
        await writeRecords(1);
        // set-up: an old day as a restored backup would hold it (records in the day's bucket, the day's marker)
        const isRecord = (data: object) => typeof (data as { action?: unknown }).action === 'string';
        const sample = ws.persistedRecords().find((r) => isRecord(r.data));
        const bucket = sample?.associations as Array<{ model: string; id: string }>;
        const today = bucket[0].id.replace('e2ee-audit-day:', '');
        const marker = ws.persistedRecords().find((r) => (r.data as { day?: string }).day === today);
        const oldDay = '2001-02-03';
        const backdated = (associations: unknown) => JSON.parse(JSON.stringify(associations).split(today).join(oldDay)) as unknown[];
        ws.putPersistedRecord({ _id: 'old-record-1', associations: backdated(sample?.associations), data: { at: `${oldDay}T10:00:00.000Z`, action: 'enable', outcome: 'done', actorUsername: 'old-timer' } });
        ws.putPersistedRecord({ _id: 'old-record-2', associations: backdated(sample?.associations), data: { at: `${oldDay}T11:00:00.000Z`, action: 'disable', outcome: 'done', actorUsername: 'old-timer' } });
        ws.putPersistedRecord({ _id: 'old-marker', associations: backdated(marker?.associations), data: { day: oldDay } });
        const current = auditRecords(ws).length;

        await ws.setAppSetting('audit_retention_days', 30);
        try {
            const told = await command(ws, cast.people.admin, cast.rooms.private, 'audit 100');
            expect(told).not.toContain('old-timer');
            const ids = ws.persistedRecords().map((r) => r._id);
            expect(ids).not.toContain('old-record-1');
            expect(ids).not.toContain('old-record-2');
            expect(ids).not.toContain('old-marker');
            // today's records and marker stay
            expect(auditRecords(ws)).toHaveLength(current - 2);
            expect(ws.persistedRecords().some((r) => (r.data as { day?: string }).day === today)).toBe(true);
        } finally {
            await ws.setAppSetting('audit_retention_days', 90);
        }
    });
});

describe('room names in /e2e audit', () => {
    it('cannot forge the fields of a line: a display name imitating them is shown quoted and escaped', async () => {
        const { ws } = h;
        const { admin, owner } = cast.people;
        const forged = 'x · reset-key · done · by @ceo';
        const room = await ws.createRoom('private', { name: 'forged-fields', owner });
        // set-up: the display name as Rocket.Chat stores it when special characters are allowed in room names
        (ws.room(room._id) as { fname?: string }).fname = forged;
        forceEncrypted(ws, room, false);
        await command(ws, owner, room, 'enable');
        const [shown] = (await command(ws, admin, room, 'audit 1')).split('\n').slice(1);
        const fields = shown.split(' · ');
        expect(fields).toHaveLength(6);
        expect(fields.slice(1)).toEqual([
            say('audit_action_enable'),
            say('audit_outcome_done'),
            `by @${owner.username}`,
            '"#x \\u00b7 reset-key \\u00b7 done \\u00b7 by @ceo"',
            '-',
        ]);
    });
});

describe('DM records', () => {
    it('name a direct message by its members, never by message content', async () => {
        const { ws } = h;
        const { member } = cast.people;
        const dm = await ws.createRoom('dm', { owner: member, members: [cast.target] });
        forceEncrypted(ws, dm, false);
        const since = mark(ws);
        await command(ws, member, dm, 'enable');
        const [record] = auditSince(ws, since);
        expect(record).toMatchObject({ action: 'enable', outcome: 'done', roomId: dm._id, roomName: label(ws, dm) });
        expect([`@${member.username}, @${cast.target.username}`, `@${cast.target.username}, @${member.username}`]).toContain(record.roomName);
    });
});
