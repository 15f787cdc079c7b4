import { describe, expect, it } from '@jest/globals';

import { aggregationKey, isAggregated, mergeWindows, REFUSAL_WINDOW_MS, windowStart } from '../../src/audit/aggregation';
import type { AuditRecord } from '../../src/audit/AuditRecord';
import { AuditAction, AuditOutcome } from '../../src/audit/AuditRecord';
import { Refusal } from '../../src/policy/messageGuard';

const refused = (extra: Partial<AuditRecord> = {}): AuditRecord => ({
    at: '2026-11-26T10:01:00.000Z',
    action: AuditAction.MessageRefused,
    outcome: AuditOutcome.Refused,
    reason: Refusal.Plaintext,
    actorId: 'u1',
    roomId: 'r1',
    count: 1,
    window: '2026-11-26T10:00:00.000Z',
    ...extra,
});

describe('refusal windows', () => {
    it('count refused messages and edits only', () => {
        expect(Object.values(AuditAction).filter(isAggregated)).toEqual([AuditAction.MessageRefused, AuditAction.EditRefused]);
    });

    it('start on the clock, five minutes long, a day holding exactly 288', () => {
        expect(windowStart(new Date('2026-11-26T10:04:59.999Z')).toISOString()).toBe('2026-11-26T10:00:00.000Z');
        expect(windowStart(new Date('2026-11-26T10:05:00.000Z')).toISOString()).toBe('2026-11-26T10:05:00.000Z');
        expect((24 * 60 * 60 * 1000) / REFUSAL_WINDOW_MS).toBe(288);
    });

    it('tell keys apart by action, outcome, reason, sender, room and window', () => {
        const base = refused();
        for (const change of [{ action: AuditAction.EditRefused }, { reason: Refusal.MalformedCiphertext }, { actorId: 'u2' }, { roomId: 'r2' }, { window: '2026-11-26T10:05:00.000Z' }] as Array<Partial<AuditRecord>>) {
            expect(aggregationKey({ ...base, ...change })).not.toBe(aggregationKey(base));
        }
        expect(aggregationKey({ ...base, at: 'later', roomName: '#renamed' } as AuditRecord)).toBe(aggregationKey(base));
    });
});

describe('mergeWindows', () => {
    it('sums the records of one window, keeps the latest time, and leaves other records alone', () => {
        const other = { at: '2026-11-26T10:02:00.000Z', action: AuditAction.Enable, outcome: AuditOutcome.Done };
        expect(
            mergeWindows([refused(), other, refused({ at: '2026-11-26T10:04:00.000Z', count: 41 }), refused({ actorId: 'u2' }), refused({ at: '2026-11-26T10:03:00.000Z', count: 8 })]),
        ).toEqual([refused({ at: '2026-11-26T10:04:00.000Z', count: 50 }), other, refused({ actorId: 'u2' })]);
    });
});
