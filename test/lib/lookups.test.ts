import fs from 'fs';
import path from 'path';

import { describe, expect, it } from '@jest/globals';
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import { findDirectRoom, roomLabel } from '../../src/lib/lookups';

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
        expect(roomLabel(room({ id: 'ab', type: 'd', _unmappedProperties_: { usernames: [] } }))).toBe('ab');
        expect(roomLabel(room({ id: 'ab', type: 'd', _unmappedProperties_: {} }))).toBe('ab');
    });
});

describe('findDirectRoom', () => {
    it('asks for each person once: Rocket.Chat counts duplicates, so [me, me] would match any DM of mine', async () => {
        const asked: Array<Array<string>> = [];
        const read = { getRoomReader: () => ({ getDirectByUsernames: async (usernames: Array<string>) => (asked.push(usernames), undefined) }) } as unknown as IRead;
        await findDirectRoom(read, ['me', 'me']);
        await findDirectRoom(read, ['me', 'you', 'me']);
        expect(asked).toEqual([['me'], ['me', 'you']]);
    });
});

describe('app source and the Deno runtime', () => {
    // deno-runtime/lib/sanitizeDeprecatedUsage.ts rewrites the whole bundle (sync calls made async) when its
    // source mentions these; the rewritten app answered nothing to `/e2e status` in the real runtime.
    it('never mentions what makes the runtime rewrite the bundle', () => {
        const root = path.join(__dirname, '..', '..');
        const files = [path.join(root, 'EncryptionApp.ts')];
        const walk = (dir: string) => {
            for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                const full = path.join(dir, entry.name);
                if (entry.isDirectory()) {
                    walk(full);
                } else if (full.endsWith('.ts')) {
                    files.push(full);
                }
            }
        };
        walk(path.join(root, 'src'));
        const offending = files.filter((file) => {
            const source = fs.readFileSync(file, 'utf8');
            return source.includes('.usernames') || source.includes('.isOnline(') || source.includes('.createToken(');
        });
        expect(offending).toEqual([]);
    });
});
