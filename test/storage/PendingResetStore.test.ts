import { describe, expect, it } from '@jest/globals';

import type { PendingReset } from '../../src/policy/keyReset';
import { PendingResetStore } from '../../src/storage/PendingResetStore';
import { Fake } from '../support/fakes';

const pending: PendingReset = { viewId: 'e2ee-reset-1', adminId: 'admin', targetUserId: 'bob', targetUsername: 'bob', roomId: 'r', openedAt: 1_000 };

describe('PendingResetStore', () => {
    it('keeps one record a dialog, keyed by its view id, until it is removed', async () => {
        const fake = new Fake();
        const store = new PendingResetStore();
        await store.save(fake.persis, pending);
        expect(fake.stored).toEqual([{ data: pending, associations: ['misc:e2ee-reset-view:e2ee-reset-1'] }]);
        expect(await store.find(fake.read.getPersistenceReader(), 'e2ee-reset-1')).toEqual(pending);
        expect(await store.find(fake.read.getPersistenceReader(), 'e2ee-reset-2')).toBeUndefined();
        await store.remove(fake.persis, 'e2ee-reset-1');
        expect(await store.find(fake.read.getPersistenceReader(), 'e2ee-reset-1')).toBeUndefined();
    });

    it('ignores a stored record that is not a dialog', async () => {
        const fake = new Fake();
        const store = new PendingResetStore();
        await store.save(fake.persis, { ...pending, openedAt: 'now' } as never);
        expect(await store.find(fake.read.getPersistenceReader(), 'e2ee-reset-1')).toBeUndefined();
    });

    it('answers a dialog once per person while an answer is under way, and again once it is done', async () => {
        const store = new PendingResetStore();
        let release = () => undefined as void;
        const first = store.answerOnce('v', 'admin', () => new Promise<string>((resolve) => (release = () => resolve('first'))));
        // Claimed synchronously: a second submit in the same tick is turned away without running.
        expect(await store.answerOnce('v', 'admin', async () => 'second')).toBeUndefined();
        expect(await store.answerOnce('v', 'other', async () => 'other person')).toBe('other person');
        release();
        expect(await first).toBe('first');
        expect(await store.answerOnce('v', 'admin', async () => 'later')).toBe('later');
    });

    it('releases the claim when the answer throws', async () => {
        const store = new PendingResetStore();
        await expect(store.answerOnce('v', 'admin', async () => Promise.reject(new Error('bridge down')))).rejects.toThrow();
        expect(await store.answerOnce('v', 'admin', async () => 'retried')).toBe('retried');
    });
});
