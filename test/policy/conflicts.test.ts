import { describe, expect, it } from '@jest/globals';

import type { ServerE2E } from '../../src/policy/conflicts';
import { encryptedByDefault, encryptionForced, findConflicts } from '../../src/policy/conflicts';
import { Policy } from '../../src/policy/Policy';
import { RoomKind } from '../../src/policy/RoomKind';

const all = (policy: Policy) => ({ direct: policy, private_channel: policy, private_team: policy, discussion: policy });
const server = (extra: Partial<ServerE2E> = {}): ServerE2E => ({ e2eEnable: true, allowUnencrypted: false, defaultDirect: false, defaultPrivate: false, ...extra });

describe('findConflicts', () => {
    it('finds none when Rocket.Chat’s settings and the policy agree, or E2E_Enable is off', () => {
        expect(findConflicts(all(Policy.Disabled), true, server())).toEqual([]);
        expect(findConflicts(all(Policy.Optional), true, server({ defaultDirect: true, defaultPrivate: true, forcePrivate: true }))).toEqual([]);
        expect(findConflicts(all(Policy.Disabled), false, server({ e2eEnable: false, defaultDirect: true, allowUnencrypted: true, forcePrivate: true }))).toEqual([]);
    });

    it('names each kind Rocket.Chat encrypts by default while the policy disables it', () => {
        expect(findConflicts({ ...all(Policy.Optional), direct: Policy.Disabled }, true, server({ defaultDirect: true, defaultPrivate: true }))).toEqual([
            { conflict: 'default-encrypted', kind: RoomKind.Direct },
        ]);
        expect(findConflicts({ ...all(Policy.Disabled), direct: Policy.Required }, true, server({ defaultPrivate: true }))).toEqual([
            { conflict: 'default-encrypted', kind: RoomKind.PrivateChannel },
            { conflict: 'default-encrypted', kind: RoomKind.PrivateTeam },
            { conflict: 'default-encrypted', kind: RoomKind.Discussion },
        ]);
    });

    it('says Rocket.Chat’s force rule wins over a disabled private kind (never for DMs), and names unencrypted messages let in', () => {
        expect(findConflicts(all(Policy.Disabled), false, server({ forcePrivate: true, defaultPrivate: true, allowUnencrypted: true }))).toEqual([
            { conflict: 'forced-encrypted', kind: RoomKind.PrivateChannel },
            { conflict: 'forced-encrypted', kind: RoomKind.PrivateTeam },
            { conflict: 'forced-encrypted', kind: RoomKind.Discussion },
            { conflict: 'unencrypted-allowed', guarded: false },
        ]);
        expect(findConflicts(all(Policy.Optional), true, server({ allowUnencrypted: true }))).toEqual([{ conflict: 'unencrypted-allowed', guarded: true }]);
    });

    it('has nothing to say about a kind whose policy setting is unusable', () => {
        expect(findConflicts({ ...all(Policy.Optional), direct: undefined }, true, server({ defaultDirect: true }))).toEqual([]);
    });
});

describe('encryptedByDefault and encryptionForced', () => {
    it('follow Rocket.Chat’s creation rules by kind', () => {
        expect(encryptedByDefault(RoomKind.Direct, server({ defaultDirect: true }))).toBe(true);
        expect(encryptedByDefault(RoomKind.Discussion, server({ defaultDirect: true }))).toBe(false);
        expect(encryptedByDefault(RoomKind.PrivateTeam, server({ defaultPrivate: true, e2eEnable: false }))).toBe(false);
        expect(encryptionForced(RoomKind.PrivateChannel, server({ forcePrivate: true }))).toBe(true);
        expect(encryptionForced(RoomKind.Direct, server({ forcePrivate: true }))).toBe(false);
        expect(encryptionForced(RoomKind.PrivateChannel, server())).toBe(false);
    });
});
