import { describe, expect, it } from '@jest/globals';

import { addToTally, complianceOf, EMPTY_KIND_TALLY, emptyTally, isAppDirect, isTally, judgeRoom, KIND_FILTERS } from '../../src/policy/compliance';
import { Policy } from '../../src/policy/Policy';
import { RoomKind, SUPPORTED_KINDS } from '../../src/policy/RoomKind';

/** A raw room as the room reader's getAllRooms hands it over (Rocket.Chat's convertRoomRaw). */
function raw(id: string, type: 'd' | 'p' | 'c', extra: Record<string, unknown> = {}, unmapped: Record<string, unknown> = {}) {
    return { id, type, slugifiedName: id, ...extra, _unmappedProperties_: unmapped } as never;
}

describe('KIND_FILTERS', () => {
    it('asks the room reader for each kind as its filters are documented', () => {
        expect(KIND_FILTERS).toEqual({
            [RoomKind.Direct]: { types: ['d'] },
            [RoomKind.PrivateChannel]: { types: ['p'], discussions: false, teams: false },
            [RoomKind.PrivateTeam]: { types: ['p'], discussions: false, teams: true },
            [RoomKind.Discussion]: { types: ['p'], discussions: true },
        });
    });
});

describe('complianceOf', () => {
    it.each([
        [Policy.Required, false, 'enable'],
        [Policy.Required, true, 'ok'],
        [Policy.Disabled, true, 'disable'],
        [Policy.Disabled, false, 'ok'],
        [Policy.Default, false, 'ok'],
        [Policy.Default, true, 'ok'],
        [Policy.Optional, false, 'ok'],
        [Policy.Optional, true, 'ok'],
    ])('%s and encrypted=%s: %s', (policy, encrypted, expected) => {
        expect(complianceOf(policy, encrypted)).toBe(expected);
    });
});

describe('judgeRoom', () => {
    it('reads encryption and the key queue from the unmapped properties, and classifies a raw discussion by parentRoomId', () => {
        const discussion = raw('x', 'p', { parentRoomId: 'parent' }, { encrypted: true, usersWaitingForE2EKeys: [{ userId: 'u' }, { userId: 'v' }] });
        expect(judgeRoom(discussion, RoomKind.Discussion, Policy.Disabled, 'bot')).toEqual({ kind: RoomKind.Discussion, encrypted: true, waiting: 2, compliance: 'disable' });
        expect(judgeRoom(raw('c', 'p'), RoomKind.PrivateChannel, Policy.Required, 'bot')).toEqual({ kind: RoomKind.PrivateChannel, encrypted: false, waiting: 0, compliance: 'enable' });
    });

    it('skips a row that is not of the kind listed (the filter is not trusted)', () => {
        expect(judgeRoom(raw('t', 'p', { isTeamMain: true }), RoomKind.PrivateChannel, Policy.Required, 'bot')).toBeUndefined();
        expect(judgeRoom(raw('x', 'p', { parentRoomId: 'p' }), RoomKind.PrivateChannel, Policy.Required, 'bot')).toBeUndefined();
        expect(judgeRoom(raw('c', 'c'), RoomKind.PrivateChannel, Policy.Required, 'bot')).toBeUndefined();
    });

    it('leaves the app’s own direct messages alone', () => {
        const appDm = raw('d1', 'd', { userIds: ['bot', 'alice'] });
        expect(isAppDirect(appDm, 'bot')).toBe(true);
        expect(isAppDirect(appDm, undefined)).toBe(false);
        expect(isAppDirect(raw('d2', 'd', { userIds: ['bob', 'alice'] }), 'bot')).toBe(false);
        expect(isAppDirect(raw('p1', 'p', { userIds: ['bot'] }), 'bot')).toBe(false);
        expect(judgeRoom(appDm, RoomKind.Direct, Policy.Required, 'bot')?.compliance).toBe('ok');
        expect(judgeRoom(raw('d2', 'd', { userIds: ['bob', 'alice'] }), RoomKind.Direct, Policy.Required, 'bot')?.compliance).toBe('enable');
    });
});

describe('tally', () => {
    it('counts rooms, encrypted ones, those out of policy and those with members waiting for keys', () => {
        const findings = [
            { kind: RoomKind.PrivateChannel, encrypted: true, waiting: 3, compliance: 'ok' },
            { kind: RoomKind.PrivateChannel, encrypted: false, waiting: 0, compliance: 'enable' },
            { kind: RoomKind.PrivateChannel, encrypted: true, waiting: 0, compliance: 'ok' },
        ] as const;
        expect(findings.reduce(addToTally, EMPTY_KIND_TALLY)).toEqual({ rooms: 3, encrypted: 2, outOfPolicy: 1, waiting: 1 });
    });

    it('validates a stored tally', () => {
        expect(isTally(emptyTally())).toBe(true);
        expect(Object.keys(emptyTally())).toEqual([...SUPPORTED_KINDS]);
        expect(isTally({ ...emptyTally(), direct: { rooms: -1, encrypted: 0, outOfPolicy: 0, waiting: 0 } })).toBe(false);
        expect(isTally({ direct: EMPTY_KIND_TALLY })).toBe(false);
        expect(isTally(null)).toBe(false);
    });
});
