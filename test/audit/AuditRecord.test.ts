import { describe, expect, it } from '@jest/globals';

import { AuditAction, AuditOutcome, dayOf, expiredDays, toRecord } from '../../src/audit/AuditRecord';

const at = (iso: string) => new Date(iso);

describe('toRecord', () => {
    it('keeps only known fields, so nothing else can reach the trail', () => {
        const entry = {
            action: AuditAction.MessageRefused,
            outcome: AuditOutcome.Refused,
            reason: 'plaintext',
            roomId: 'r1',
            count: 1,
            text: 'secret message',
            content: { ciphertext: 'abc' },
            token: 'tok',
        };
        expect(toRecord(entry as never, at('2026-11-26T10:00:00.000Z'))).toEqual({
            at: '2026-11-26T10:00:00.000Z',
            action: 'message-refused',
            outcome: 'refused',
            reason: 'plaintext',
            roomId: 'r1',
            count: 1,
        });
    });
});

describe('expiredDays', () => {
    it('lists the days older than the retention window', () => {
        expect(expiredDays(['2026-11-01', '2026-11-15', '2026-11-16', '2026-11-26'], at('2026-11-26T12:00:00Z'), 10)).toEqual(['2026-11-01', '2026-11-15']);
        expect(dayOf(at('2026-11-26T23:59:59Z'))).toBe('2026-11-26');
    });
});
