import { describe, expect, it } from '@jest/globals';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import { roomLabel } from '../../src/lib/lookups';

const room = (fields: Record<string, unknown>) => fields as unknown as IRoom;

describe('roomLabel', () => {
    it('names channels, teams and discussions by #name', () => {
        expect(roomLabel(room({ id: 'r1', type: 'p', displayName: 'Vault', slugifiedName: 'vault' }))).toBe('#Vault');
        expect(roomLabel(room({ id: 'r1', type: 'c', slugifiedName: 'lobby' }))).toBe('#lobby');
    });

    it('names a direct message, which has no name in Rocket.Chat, by its members', () => {
        expect(roomLabel(room({ id: 'ab', type: 'd', _unmappedProperties_: { usernames: ['alice', 'bob'] } }))).toBe('@alice, @bob');
        // `usernames` is a bridge-calling getter in the engine's runtime: never read.
        expect(roomLabel(room({ id: 'ab', type: 'd', usernames: ['alice', 'bob', 'carol'] }))).toBe('ab');
        expect(roomLabel(room({ id: 'ab', type: 'd', usernames: [], _unmappedProperties_: { usernames: ['x', 7, ''] } }))).toBe('@x');
    });

    it('falls back to the id when nothing else is known', () => {
        expect(roomLabel(room({ id: 'ab', type: 'd', usernames: [] }))).toBe('ab');
        expect(roomLabel(room({ id: 'ab', type: 'd', _unmappedProperties_: {} }))).toBe('ab');
    });
});
