import { describe, expect, it } from '@jest/globals';

import { ExpiringMap } from '../../src/lib/ExpiringMap';

describe('ExpiringMap', () => {
    it('forgets entries once they expire, and when taken', () => {
        const map = new ExpiringMap<string, number>(1000, 10);
        map.set('a', 1, 0);
        expect(map.get('a', 1000)).toBe(1);
        expect(map.get('a', 1001)).toBeUndefined();
        map.set('b', 2, 0);
        expect(map.take('b', 10)).toBe(2);
        expect(map.get('b', 10)).toBeUndefined();
    });

    it('drops expired entries and the oldest beyond its cap when it grows', () => {
        const map = new ExpiringMap<number, number>(100, 3);
        for (let i = 0; i < 10; i++) {
            map.set(i, i, 0);
        }
        expect(map.size).toBe(3);
        expect([map.get(7, 0), map.get(8, 0), map.get(9, 0), map.get(6, 0)]).toEqual([7, 8, 9, undefined]);
        map.set(99, 99, 500);
        expect(map.size).toBe(1);
    });
});
