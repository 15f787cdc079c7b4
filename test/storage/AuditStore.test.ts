import { describe, expect, it } from '@jest/globals';

import { AuditAction, AuditOutcome } from '../../src/audit/AuditRecord';
import { AuditStore } from '../../src/storage/AuditStore';
import { Fake } from '../support/fakes';

const at = (iso: string) => new Date(iso);

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
            await log.record(fake.persis, fake.read.getPersistenceReader(), { action: AuditAction.MessageRefused, outcome: AuditOutcome.Refused }, at('2026-11-26T10:00:00Z'));
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
