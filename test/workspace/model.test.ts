// The model's subscription indexes answer exactly what a scan of every subscription would.
import { describe, expect, it } from '@jest/globals';

import { Model } from '../../workspace/rocketchat/Model';
import type { RcSubscription } from '../../workspace/rocketchat/types';

function sub(id: string, rid: string, userId: string, extra: Partial<RcSubscription> = {}): RcSubscription {
    return { _id: id, rid, u: { _id: userId, username: userId }, t: 'p', open: true, ts: '', ...extra };
}

function scan(m: Model, rid?: string, userId?: string): string[] {
    return [...m.subscriptions.values()].filter((s) => (rid === undefined || s.rid === rid) && (userId === undefined || s.u._id === userId)).map((s) => s._id);
}

describe('subscription indexes', () => {
    it('follow set, replace, delete, clear and restore', () => {
        const m = new Model();
        m.subscriptions.set('s1', sub('s1', 'r1', 'u1'));
        m.subscriptions.set('s2', sub('s2', 'r1', 'u2'));
        m.subscriptions.set('s3', sub('s3', 'r2', 'u1'));
        m.subscriptions.set('s4', sub('s4', 'r3', 'u3'));
        expect(m.subscriptionsByRoom('r1').map((s) => s._id)).toEqual(scan(m, 'r1'));
        expect(m.subscriptionsByUser('u1').map((s) => s._id)).toEqual(scan(m, undefined, 'u1'));
        expect(m.subscription('r2', 'u1')?._id).toBe('s3');
        expect(m.subscription('r2', 'u2')).toBeUndefined();
        expect(m.subscription('nope', 'u1')).toBeUndefined();

        // replaced under the same id with other keys: found under the new keys only
        m.subscriptions.set('s2', sub('s2', 'r2', 'u2', { roles: ['owner'] }));
        expect(m.subscription('r1', 'u2')).toBeUndefined();
        expect(m.subscription('r2', 'u2')?.roles).toEqual(['owner']);
        expect(m.subscriptionsByRoom('r2').map((s) => s._id).sort()).toEqual(scan(m, 'r2').sort());

        m.subscriptions.delete('s3');
        expect(m.subscription('r2', 'u1')).toBeUndefined();
        expect(m.subscriptionsByUser('u1').map((s) => s._id)).toEqual(['s1']);

        const snapshot = m.snapshot();
        m.subscriptions.clear();
        expect(m.subscriptionsByRoom('r1')).toEqual([]);
        expect(m.subscription('r3', 'u3')).toBeUndefined();

        m.restore(snapshot);
        expect(m.subscription('r3', 'u3')?._id).toBe('s4');
        expect(m.subscriptionsByRoom('r2').map((s) => s._id)).toEqual(scan(m, 'r2'));
    });

    it('agree with a scan over many rooms and users', () => {
        const m = new Model();
        for (let i = 0; i < 300; i++) {
            m.subscriptions.set(`s${i}`, sub(`s${i}`, `r${i % 37}`, `u${i % 11}`));
        }
        for (let r = 0; r < 37; r++) {
            expect(m.subscriptionsByRoom(`r${r}`).map((s) => s._id)).toEqual(scan(m, `r${r}`));
            for (let u = 0; u < 11; u++) {
                expect(m.subscription(`r${r}`, `u${u}`)?._id).toBe(scan(m, `r${r}`, `u${u}`)[0]);
            }
        }
    });
});

describe('Rooms.findDirectRoomContainingAllUsernames', () => {
    it('counts the usernames as given, duplicates included', () => {
        const m = new Model();
        const dm = (id: string, usernames: string[]) => m.rooms.set(id, { _id: id, t: 'd', usernames, usersCount: usernames.length, msgs: 0, ts: '', _updatedAt: '' });
        dm('ab', ['a', 'b']);
        dm('aa', ['a']);
        dm('abc', ['a', 'b', 'c']);
        expect(m.directRoomByUsernames(['a', 'b'])?._id).toBe('ab');
        expect(m.directRoomByUsernames(['b', 'a'])?._id).toBe('ab');
        expect(m.directRoomByUsernames(['a'])?._id).toBe('aa');
        // `$size: 2, $all: ['a', 'a']`: any two-person DM with `a`, never the self-DM
        expect(m.directRoomByUsernames(['a', 'a'])?._id).toBe('ab');
        expect(m.directRoomByUsernames(['c', 'a', 'b'])?._id).toBe('abc');
        expect(m.directRoomByUsernames(['a', 'c'])).toBeUndefined();
    });
});
