import { describe, expect, it } from '@jest/globals';

import { classifyRoom, isRoomEncrypted, isRoomFederated, isSupportedKind, membersWaitingForKeys, RoomKind, SUPPORTED_KINDS } from '../../src/policy/RoomKind';
import { room } from '../support/fakes';

describe('classifyRoom', () => {
    const parent = room('parent', 'p');
    it.each([
        ['a direct message', room('d1', 'd'), RoomKind.Direct],
        ['a private channel', room('p1', 'p'), RoomKind.PrivateChannel],
        ['a private team', room('t1', 'p', { isTeamMain: true }), RoomKind.PrivateTeam],
        ['a private channel inside a team', room('p2', 'p', { teamId: 'team' }), RoomKind.PrivateChannel],
        ['a discussion of a private room', room('x1', 'p', { parentRoom: parent }), RoomKind.Discussion],
        ['a discussion of a DM (Rocket.Chat makes it private)', room('x2', 'p', { parentRoom: room('d', 'd') }), RoomKind.Discussion],
        ['a discussion of a public channel', room('x3', 'c', { parentRoom: room('c', 'c') }), RoomKind.PublicDiscussion],
        ['a public channel', room('c1', 'c'), RoomKind.PublicChannel],
        ['a public team', room('t2', 'c', { isTeamMain: true }), RoomKind.PublicTeam],
        ['a livechat room', room('l1', 'l'), RoomKind.Livechat],
        ['a voip room', room('v1', 'v'), RoomKind.Other],
        ['a federated private channel (newer converters: isFederated)', room('f1', 'p', { isFederated: true }), RoomKind.Federated],
        ['a federated DM (older converters: unmapped federated)', { ...room('f2', 'd'), _unmappedProperties_: { federated: true } }, RoomKind.Federated],
        ['a federated discussion', room('f3', 'p', { parentRoom: parent, isFederated: true }), RoomKind.Federated],
        ['a room marked not federated', room('f4', 'p', { isFederated: false }), RoomKind.PrivateChannel],
    ])('classifies %s', (_name, value, kind) => {
        expect(classifyRoom(value)).toBe(kind);
    });

    it('supports exactly direct messages, private channels, private teams and discussions', () => {
        expect(SUPPORTED_KINDS).toEqual([RoomKind.Direct, RoomKind.PrivateChannel, RoomKind.PrivateTeam, RoomKind.Discussion]);
        for (const kind of Object.values(RoomKind)) {
            expect(isSupportedKind(kind)).toBe(SUPPORTED_KINDS.includes(kind as never));
        }
    });
});

describe('isRoomFederated', () => {
    it('reads either converter’s field, and only a true value', () => {
        expect(isRoomFederated({ isFederated: true })).toBe(true);
        expect(isRoomFederated({ _unmappedProperties_: { federated: true } })).toBe(true);
        expect(isRoomFederated({ isFederated: 'true', _unmappedProperties_: { federated: 1 } })).toBe(false);
        expect(isRoomFederated(room('p', 'p'))).toBe(false);
    });
});

describe('isRoomEncrypted', () => {
    it('reads the flag the converters leave in the unmapped properties', () => {
        expect(isRoomEncrypted(room('a', 'p', { encrypted: true }))).toBe(true);
        expect(isRoomEncrypted(room('b', 'p', { encrypted: false }))).toBe(false);
        expect(isRoomEncrypted(room('c', 'p'))).toBe(false);
        expect(isRoomEncrypted({})).toBe(false);
        expect(isRoomEncrypted({ _unmappedProperties_: { encrypted: 'yes' } })).toBe(false);
    });
});

describe('raw rooms (the room reader’s listing)', () => {
    it('classifies a discussion that names only its parent’s id', () => {
        expect(classifyRoom({ type: 'p', parentRoomId: 'parent' } as never)).toBe(RoomKind.Discussion);
        expect(classifyRoom({ type: 'c', parentRoomId: 'parent' } as never)).toBe(RoomKind.PublicDiscussion);
    });

    it('counts the members waiting for the room key', () => {
        expect(membersWaitingForKeys({ _unmappedProperties_: { usersWaitingForE2EKeys: [{ userId: 'a' }, { userId: 'b' }] } })).toBe(2);
        expect(membersWaitingForKeys({ _unmappedProperties_: {} })).toBe(0);
        expect(membersWaitingForKeys({ _unmappedProperties_: { usersWaitingForE2EKeys: 'x' } })).toBe(0);
        expect(membersWaitingForKeys({})).toBe(0);
    });
});
