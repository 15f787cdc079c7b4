// Audit flooding in the real runtime: a member sending refused messages as fast as the workspace takes them writes
// one record per sender, room, reason and 5-minute window (with a count), not one per message, and `/e2e audit`
// keeps answering well under a second, after the flood and while a flooded day past the retention window is pruned.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditRecords, flushRefusals, refusalCount, START_TIMEOUT, startHarness } from '../harness/workspace';
import { report } from './support/leaks';

/** How long `/e2e audit` may take: "well under a second", on a busy two-core machine. */
const AUDIT_BUDGET_MS = 500;
const FLOOD = 2000;
const CONCURRENCY = 25;

let h: Harness;
let flooder: RcUser;
let vault: RcRoom;

beforeAll(async () => {
    h = await startHarness();
    const owner = h.ws.createUser({ username: 'vault-owner' });
    flooder = h.ws.createUser({ username: 'flooder' });
    vault = await h.ws.createRoom('private', { name: 'vault', owner, members: [flooder], encrypted: true });
    await h.ws.settle();
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

/** Runs `/e2e audit` as the service account (an administrator) and returns what it said and how long it took. */
async function timedAudit(): Promise<{ ms: number; lines: Array<string> }> {
    const { ws } = h;
    const before = ws.notificationsFor(h.svc).length;
    const start = process.hrtime.bigint();
    await ws.runSlashCommand(h.svc, vault, '/e2e audit 5');
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, lines: ws.notificationsFor(h.svc).slice(before).flatMap((n) => n.text.split('\n')) };
}

describe('a flood of refused messages', () => {
    it(`${FLOOD} refusals: a handful of records with the right count, and /e2e audit answers in under ${AUDIT_BUDGET_MS} ms`, async () => {
        const { ws } = h;
        const started = Date.now();
        let sent = 0;
        let refused = 0;
        const worker = async () => {
            while (sent < FLOOD) {
                sent += 1;
                await ws.sendMessage(flooder, vault, 'readable words, again and again', { path: 'postMessage' }).catch((error: Error) => {
                    expect(error.message).toBe(say('refused_plaintext'));
                    refused += 1;
                });
            }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        const floodMs = Date.now() - started;
        expect(refused).toBe(FLOOD);
        // a flood shorter than two windows: one record at the first refusal of each window, nothing more yet
        const written = auditRecords(ws).filter((r) => r.action === 'message-refused');
        expect(written.length).toBeLessThanOrEqual(2);

        const audit = await timedAudit();
        expect(audit.ms).toBeLessThan(AUDIT_BUDGET_MS);
        // the listing wrote out the counts: every refusal is counted, in at most two records per window
        expect(refusalCount(ws, { actorId: flooder._id, roomId: vault._id, reason: 'plaintext' })).toBe(FLOOD);
        const records = auditRecords(ws).filter((r) => r.action === 'message-refused');
        expect(records.length).toBeLessThanOrEqual(4);
        expect(audit.lines.filter((line) => line.includes(`×`) || line.includes(say('audit_action_message-refused')))).not.toEqual([]);
        expect(audit.lines.some((line) => line.endsWith(` · ×${FLOOD}`) || line.includes(' · ×'))).toBe(true);
        report('audit flood', { refusals: FLOOD, records: records.length, floodMs, auditMs: Math.round(audit.ms) });
    }, 120000);
});

describe('pruning a flooded day past the retention window', () => {
    /** A day's records as the app writes them (each with an association of its own), `count` of them, planted as a restored backup would hold them. */
    function plantDay(day: string, count: number, legacy = false): void {
        const { ws } = h;
        const misc = (id: string) => ({ model: 'misc', id });
        for (let i = 0; i < count; i++) {
            const ref = `planted-${day}-${i}`;
            ws.putPersistedRecord({
                _id: ref,
                associations: legacy ? [misc(`e2ee-audit-day:${day}`)] : [misc(`e2ee-audit-day:${day}`), misc(`e2ee-audit-record:${ref}`)],
                data: { at: `${day}T10:00:00.000Z`, action: 'message-refused', outcome: 'refused', reason: 'plaintext', actorUsername: 'old-flooder', count: 1, ...(legacy ? {} : { ref }) },
            });
        }
        ws.putPersistedRecord({ _id: `planted-marker-${day}`, associations: [misc('e2ee-audit-days'), misc(`e2ee-audit-day-marker:${day}`)], data: { day } });
    }

    const plantedLeft = (day: string) => h.ws.persistedRecords().filter((r) => r._id.startsWith(`planted-${day}-`)).length;

    it.each([
        ['5000 records as this version writes them', '2001-01-01', 5000, false],
        ['400 records written before this version, without an association of their own', '2001-01-02', 400, true],
    ] as const)('%s: every /e2e audit answers in time and removes some, until the day is gone', async (_name, day, count, legacy) => {
        plantDay(day, count, legacy);
        await flushRefusals(h, vault);
        const timings: Array<number> = [];
        for (let i = 0; i < 300 && plantedLeft(day) > 0; i++) {
            const before = plantedLeft(day);
            const audit = await timedAudit();
            timings.push(audit.ms);
            expect(audit.ms).toBeLessThan(AUDIT_BUDGET_MS);
            // a day past the retention window is never listed, even before it is pruned
            expect(audit.lines.join('\n')).not.toContain('old-flooder');
            expect(plantedLeft(day)).toBeLessThan(before);
        }
        expect(plantedLeft(day)).toBe(0);
        expect(h.ws.persistedRecords().some((r) => r._id === `planted-marker-${day}`)).toBe(false);
        report(`audit prune (${legacy ? 'legacy' : 'current'} records)`, { records: count, calls: timings.length, maxMs: Math.round(Math.max(...timings)) });
    }, 120000);

    it('a large day of records written before this version still never holds up /e2e audit (it drains a little each time)', async () => {
        const day = '2001-01-03';
        plantDay(day, 3000, true);
        for (let i = 0; i < 5; i++) {
            const before = plantedLeft(day);
            const audit = await timedAudit();
            expect(audit.ms).toBeLessThan(AUDIT_BUDGET_MS);
            expect(plantedLeft(day)).toBeLessThan(before);
        }
    }, 60000);
});
