import { describe, expect, it } from '@jest/globals';

import { REFUSAL_WINDOW_MS } from '../../src/audit/aggregation';
import type { AuditEntry } from '../../src/audit/AuditRecord';
import { AuditAction, AuditOutcome } from '../../src/audit/AuditRecord';
import { Refusal } from '../../src/policy/messageGuard';
import { AuditStore } from '../../src/storage/AuditStore';
import { Fake } from '../support/fakes';

const at = (iso: string) => new Date(iso);
const refusal = (actorId = 'flooder', roomId = 'r1'): AuditEntry => ({ action: AuditAction.MessageRefused, outcome: AuditOutcome.Refused, reason: Refusal.Plaintext, actorId, roomId, count: 1 });
const sum = (records: Array<Record<string, unknown>>) => records.reduce((n, r) => n + ((r.count as number | undefined) ?? 1), 0);

describe('AuditStore', () => {
    it('writes records, lists the newest first across days, and prunes expired days', async () => {
        const fake = new Fake();
        const log = new AuditStore(fake.logger);
        await log.record(fake.persis, fake.read.getPersistenceReader(), { action: AuditAction.Enable, outcome: AuditOutcome.Done, roomId: 'a' }, at('2026-11-01T09:00:00Z'));
        await log.record(fake.persis, fake.read.getPersistenceReader(), { action: AuditAction.Enable, outcome: AuditOutcome.Done, roomId: 'a2' }, at('2026-11-01T09:30:00Z'));
        await log.record(fake.persis, fake.read.getPersistenceReader(), { action: AuditAction.Disable, outcome: AuditOutcome.Refused, roomId: 'b' }, at('2026-11-20T09:00:00Z'));
        await log.record(fake.persis, fake.read.getPersistenceReader(), { action: AuditAction.ResetKey, outcome: AuditOutcome.Failed, targetUserId: 'u' }, at('2026-11-26T09:00:00Z'));
        await log.record(fake.persis, fake.read.getPersistenceReader(), { action: AuditAction.Revert, outcome: AuditOutcome.Done, roomId: 'c' }, at('2026-11-26T10:00:00Z'));

        const reader = fake.read.getPersistenceReader();
        expect((await log.latest(reader, 3)).map((r) => r.action)).toEqual(['revert', 'reset-key', 'disable']);
        expect((await log.latest(reader, 10)).map((r) => r.action)).toEqual(['revert', 'reset-key', 'disable', 'enable', 'enable']);

        expect(await log.prune(reader, fake.persis, 10, at('2026-11-26T12:00:00Z'))).toBe(1);
        expect((await log.latest(reader, 10)).map((r) => r.action)).toEqual(['revert', 'reset-key', 'disable']);
        expect(await log.prune(reader, fake.persis, 10, at('2026-11-26T12:00:00Z'))).toBe(0);
        expect(fake.auditRecords()).toHaveLength(3);
    });

    it('marks each day once per process', async () => {
        const fake = new Fake();
        const log = new AuditStore(fake.logger);
        for (let i = 0; i < 5; i++) {
            await log.record(fake.persis, fake.read.getPersistenceReader(), { action: AuditAction.Enable, outcome: AuditOutcome.Refused }, at('2026-11-26T10:00:00Z'));
        }
        expect(fake.stored.filter((s) => s.associations.includes('misc:e2ee-audit-days'))).toHaveLength(1);
        expect(fake.auditRecords()).toHaveLength(5);
    });

    it('never throws when persistence fails, and logs no record content', async () => {
        const fake = new Fake();
        const log = new AuditStore(fake.logger);
        const broken = { createWithAssociations: async () => Promise.reject(new Error('db down: token=abc')) } as never;
        expect(await log.record(broken, fake.read.getPersistenceReader(), { action: AuditAction.Enable, outcome: AuditOutcome.Done, roomName: '#secret' })).toBe(false);
        expect(fake.logs).toEqual(['audit: could not write a enable record: Error']);
    });
});

describe('AuditStore: a flood of refusals', () => {
    it('writes one record for the first refusal of a window and counts the rest: 10,000 refusals, 2 records', async () => {
        const fake = new Fake();
        const log = new AuditStore(fake.logger);
        const reader = fake.read.getPersistenceReader();
        const start = at('2026-11-26T10:00:00Z').getTime();
        for (let i = 0; i < 10_000; i++) {
            await log.record(fake.persis, reader, refusal(), new Date(start + i * 20));
        }
        expect(fake.auditRecords()).toEqual([expect.objectContaining({ action: 'message-refused', count: 1, window: '2026-11-26T10:00:00.000Z' })]);
        await log.flush(fake.persis, reader);
        expect(fake.auditRecords()).toHaveLength(2);
        expect(sum(fake.auditRecords())).toBe(10_000);
        // listed as one line, with the count and the last refusal's time
        expect(await log.latest(reader, 5)).toEqual([expect.objectContaining({ action: 'message-refused', count: 10_000, at: new Date(start + 9_999 * 20).toISOString() })]);
    });

    it('writes a window’s count when a later refusal comes after it: at most two records per sender, room, reason and window', async () => {
        const fake = new Fake();
        const log = new AuditStore(fake.logger);
        const reader = fake.read.getPersistenceReader();
        const start = at('2026-11-26T10:00:00Z').getTime();
        const windows = 6;
        const perWindow = 300;
        for (let w = 0; w < windows; w++) {
            for (let i = 0; i < perWindow; i++) {
                await log.record(fake.persis, reader, refusal(), new Date(start + w * REFUSAL_WINDOW_MS + i * 1000));
                await log.record(fake.persis, reader, refusal('other', 'r2'), new Date(start + w * REFUSAL_WINDOW_MS + i * 1000));
            }
        }
        await log.flush(fake.persis, reader);
        expect(fake.auditRecords().length).toBeLessThanOrEqual(2 * 2 * windows);
        expect(sum(fake.auditRecords().filter((r) => r.actorId === 'flooder'))).toBe(windows * perWindow);
        const listed = await log.latest(reader, 100);
        expect(listed).toHaveLength(2 * windows);
        expect(listed.every((r) => r.count === perWindow)).toBe(true);
    });

    it('counts concurrent refusals once each (the count is taken before any write)', async () => {
        const fake = new Fake();
        const log = new AuditStore(fake.logger);
        const reader = fake.read.getPersistenceReader();
        const now = at('2026-11-26T10:00:00Z');
        await Promise.all(Array.from({ length: 200 }, () => log.record(fake.persis, reader, refusal(), now)));
        expect(fake.auditRecords()).toHaveLength(1);
        await log.flush(fake.persis, reader);
        expect(sum(fake.auditRecords())).toBe(200);
    });

    it('keeps memory bounded: beyond 2,000 pending keys the oldest are written out', async () => {
        const fake = new Fake();
        const log = new AuditStore(fake.logger);
        const reader = fake.read.getPersistenceReader();
        const now = at('2026-11-26T10:00:00Z');
        for (let i = 0; i < 2500; i++) {
            await log.record(fake.persis, reader, refusal(`sender-${i}`), now);
            await log.record(fake.persis, reader, refusal(`sender-${i}`), now);
        }
        // 2,500 first records, and the 500 oldest keys' second refusals written when they were pushed out
        expect(fake.auditRecords()).toHaveLength(3000);
        await log.flush(fake.persis, reader);
        expect(sum(fake.auditRecords())).toBe(5000);
    });

    it('sums the records two server instances write for the same window', async () => {
        const fake = new Fake();
        const reader = fake.read.getPersistenceReader();
        const one = new AuditStore(fake.logger);
        const two = new AuditStore(fake.logger);
        const now = at('2026-11-26T10:00:00Z');
        for (let i = 0; i < 3; i++) {
            await one.record(fake.persis, reader, refusal(), now);
            await two.record(fake.persis, reader, refusal(), now);
        }
        await one.flush(fake.persis, reader);
        await two.flush(fake.persis, reader);
        expect(fake.auditRecords()).toHaveLength(4);
        expect(await one.latest(reader, 10)).toEqual([expect.objectContaining({ count: 6 })]);
    });
});

describe('AuditStore: pruning costs what it removes', () => {
    it('removes each record through its own association (each call finds one record), at most 1,000 per call', async () => {
        const fake = new Fake();
        const log = new AuditStore(fake.logger);
        const reader = fake.read.getPersistenceReader();
        for (let i = 0; i < 2200; i++) {
            await log.record(fake.persis, reader, { action: AuditAction.Enable, outcome: AuditOutcome.Refused, roomId: `r${i}` }, at('2026-01-01T10:00:00Z'));
        }
        await log.record(fake.persis, reader, { action: AuditAction.Enable, outcome: AuditOutcome.Done }, at('2026-11-26T10:00:00Z'));
        const now = at('2026-11-26T12:00:00Z');
        let calls = 0;
        for (let removed = 0; removed === 0 && calls < 50; calls++) {
            const before = fake.auditRecords().length;
            removed = await log.prune(reader, fake.persis, 90, now);
            expect(before - fake.auditRecords().length).toBeLessThanOrEqual(1000);
        }
        expect(calls).toBeGreaterThanOrEqual(3);
        expect(fake.auditRecords()).toHaveLength(1);
        // every record removal read exactly one record; the marker's removal read the marker
        expect(fake.removeReads).toHaveLength(2201);
        expect(fake.removeReads.every((found) => found === 1)).toBe(true);
        expect(fake.stored.some((s) => s.associations.includes('misc:e2ee-audit-day-marker:2026-01-01'))).toBe(false);
    });

    it('removes records written before they had an association of their own through the day, within the same budget', async () => {
        const fake = new Fake();
        const log = new AuditStore(fake.logger);
        const reader = fake.read.getPersistenceReader();
        await log.record(fake.persis, reader, { action: AuditAction.Enable, outcome: AuditOutcome.Done }, at('2026-01-01T10:00:00Z'));
        // legacy: the day's bucket only
        for (let i = 0; i < 3; i++) {
            fake.stored.push({ data: { at: '2026-01-01T11:00:00.000Z', action: 'enable', outcome: 'done' }, associations: ['misc:e2ee-audit-day:2026-01-01'] });
        }
        expect(await log.prune(reader, fake.persis, 90, at('2026-11-26T12:00:00Z'))).toBe(1);
        expect(fake.auditRecords()).toEqual([]);
    });
});
