// Room lifecycle in the real runtime: creation refused for encrypted rooms the policy does not allow, automatic
// enable under default/required, reverting a change made elsewhere, and the notice to people who join.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import type { RoomKindName } from '../harness/cast';
import { buildCast, ROOM_KIND_FACTS } from '../harness/cast';
import type { Key } from '../harness/texts';
import { say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditRecords, auditSince, command, forceEncrypted, isEncrypted, label, mark, routesSince, START_TIMEOUT, startHarness, toldAndAudited, toldDuring, toldSince, waitFor, withoutTime } from '../harness/workspace';
import type { SupportedKind } from '../oracle/authorization';
import { kindLabel, policySetting, supportedKind } from '../oracle/authorization';

let h: Harness;
let owner: RcUser;
let mate: RcUser;
let serial = 0;
let townSquare: RcRoom;

beforeAll(async () => {
    h = await startHarness();
    const cast = await buildCast(h.ws);
    ({ owner, member: mate } = cast.people);
    townSquare = cast.rooms.public;
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

const POLICY_SETTINGS = ['policy_direct', 'policy_private_channel', 'policy_private_team', 'policy_discussion'];

afterEach(async () => {
    for (const id of POLICY_SETTINGS) {
        if (h.ws.getAppSetting(id) !== 'optional') {
            await h.ws.setAppSetting(id, 'optional');
        }
    }
    h.ws.clearFaults();
    h.ws.setServerSetting('E2E_Enable', true);
    h.ws.setServerSetting('E2E_Enabled_Default_DirectRooms', false);
    h.ws.setServerSetting('E2E_Enabled_Default_PrivateRooms', false);
    h.ws.setServerSetting('E2E_Force_Encryption_For_Private_Rooms', false);
    h.ws.setServerSetting('E2E_Allow_Unencrypted_Messages', false);
});

/** A new room of a supported kind, created by `owner` (a DM: with a new partner, so it is really new). */
async function createSupported(kind: RoomKindName, encrypted?: boolean): Promise<RcRoom> {
    const { ws } = h;
    serial += 1;
    const name = `${kind}-${serial}`;
    switch (kind) {
        case 'dm':
            return ws.createRoom('dm', { owner, members: [ws.createUser({ username: `partner-${serial}` })] });
        case 'group-dm':
            return ws.createRoom('group-dm', { owner, members: [mate, ws.createUser({ username: `partner-${serial}` })] });
        case 'private':
            return ws.createRoom('private', { name, owner, members: [mate], ...(encrypted !== undefined && { encrypted }) });
        case 'private-team':
            return ws.server.createRoom('p', name, owner._id, [mate.username], { teamId: `team-${serial}`, teamMain: true, ...(encrypted !== undefined && { encrypted }) });
        case 'private-discussion': {
            const parent = await ws.createRoom('private', { name: `parent-${serial}`, owner, members: [mate] });
            return ws.createRoom('discussion', { name, owner, parent, members: [mate], ...(encrypted !== undefined && { encrypted }) });
        }
        default:
            throw new Error(`not a supported kind: ${kind}`);
    }
}

/** The policy setting and the kind's name (an i18n key) of a kind of room Rocket.Chat can encrypt. */
const policyOf = (kind: RoomKindName) => policySetting(supportedKind(ROOM_KIND_FACTS[kind]) as SupportedKind);
const kindKey = (kind: RoomKindName) => `kind_${kindLabel(ROOM_KIND_FACTS[kind])}` as Key;

const SUPPORTED: RoomKindName[] = ['dm', 'group-dm', 'private', 'private-team', 'private-discussion'];
const NAMED: RoomKindName[] = ['private', 'private-team', 'private-discussion'];

describe('creating an encrypted room', () => {
    it.each([
        ['public channel', 'kind_public_channel', () => h.ws.server.createRoom('c', 'enc-lobby', owner._id, [], { encrypted: true })],
        ['public team', 'kind_public_team', () => h.ws.server.createRoom('c', 'enc-guild', owner._id, [], { teamId: 'guild', teamMain: true, encrypted: true })],
        ['discussion of a public channel', 'kind_public_discussion', () => h.ws.createRoom('discussion', { name: 'enc-chatter', owner, parent: townSquare, encrypted: true })],
    ] as const)('of a kind Rocket.Chat cannot encrypt is refused: %s', async (_name, kind, create) => {
        const { ws } = h;
        const rooms = ws.server.model.rooms.size;
        const before = auditRecords(ws).length;
        await expect(create()).rejects.toThrow(new Error(`${say('create_refused_unsupported', { kind: say(kind as Key) })} [error-app-prevented]`));
        expect(ws.server.model.rooms.size).toBe(rooms);
        expect(withoutTime(auditRecords(ws).slice(before))).toEqual([
            expect.objectContaining({ action: 'room-create-refused', outcome: 'refused', reason: 'unsupported-kind', actorId: owner._id, actorUsername: owner.username }),
        ]);
    });

    it.each(NAMED)('of a kind whose policy is disabled is created unencrypted, and the creator told why: %s', async (kind) => {
        const { ws } = h;
        await ws.setAppSetting(policyOf(kind), 'disabled');
        let room: RcRoom | undefined;
        const { told, records } = await toldAndAudited(ws, owner, async () => {
            room = await createSupported(kind, true);
        });
        expect(isEncrypted(ws, room as RcRoom)).toBe(false);
        expect(told).toEqual([say('create_unencrypted_disabled', { kind: say(kindKey(kind)), room: label(ws, room as RcRoom) })]);
        expect(records.map((r) => [r.action, r.outcome, r.reason])).toEqual([['room-create-unencrypted', 'done', 'policy-disabled']]);
        // Rocket.Chat stored the room without the flag: no change afterwards, nothing to revert
        expect(ws.messages(room as RcRoom).filter((m) => m.t === 'room_e2e_enabled' || m.t === 'room_e2e_disabled')).toEqual([]);
    });

    it('of a discussion that inherits encryption from its parent is created unencrypted under a disabled discussion policy', async () => {
        const { ws } = h;
        const parent = await ws.createRoom('private', { name: 'sealed-parent', owner, members: [mate], encrypted: true });
        await ws.setAppSetting('policy_discussion', 'disabled');
        const discussion = await ws.createRoom('discussion', { name: 'inherits', owner, parent, members: [mate] });
        await ws.settle();
        expect(isEncrypted(ws, discussion)).toBe(false);
        // the parent's own policy is not involved
        expect(isEncrypted(ws, parent)).toBe(true);
    });

    it('of a direct message is allowed when Rocket.Chat encrypts new DMs by default and policy_direct is disabled: it is created unencrypted', async () => {
        const { ws } = h;
        ws.setServerSetting('E2E_Enabled_Default_DirectRooms', true);
        await ws.setAppSetting('policy_direct', 'disabled');
        const partner = ws.createUser({ username: 'dm-default-partner' });
        const since = mark(ws);
        const dm = await ws.createRoom('dm', { owner, members: [partner] });
        await ws.settle();
        expect(ws.server.model.directRoomByUsernames([owner.username, partner.username])?._id).toBe(dm._id);
        expect(isEncrypted(ws, dm)).toBe(false);
        // Rocket.Chat's direct messages record no creator: both members are told
        const notice = say('create_unencrypted_disabled', { kind: say('kind_direct'), room: label(ws, dm) });
        await waitFor(() => toldSince(ws, since, owner).length > 0 && toldSince(ws, since, partner).length > 0, 'the notices');
        expect(toldSince(ws, since, owner)).toEqual([notice]);
        expect(toldSince(ws, since, partner)).toEqual([notice]);
        expect(auditSince(ws, since).map((r) => [r.action, r.outcome, r.reason, r.roomName])).toEqual([['room-create-unencrypted', 'done', 'policy-disabled', label(ws, dm)]]);
    });

    it('of a private channel is allowed while E2E_Enabled_Default_PrivateRooms is on and the policy is disabled: it is created unencrypted', async () => {
        const { ws } = h;
        ws.setServerSetting('E2E_Enabled_Default_PrivateRooms', true);
        await ws.setAppSetting('policy_private_channel', 'disabled');
        const { told } = await toldAndAudited(ws, owner, () => ws.createRoom('private', { name: 'default-encrypted', owner }));
        const room = ws.server.model.roomByName('default-encrypted') as RcRoom;
        expect(isEncrypted(ws, room)).toBe(false);
        expect(told).toEqual([say('create_unencrypted_disabled', { kind: say('kind_private_channel'), room: '#default-encrypted' })]);
        // asking for an unencrypted room explicitly is told the same: the policy is why it is unencrypted
        const plainRoom = await ws.createRoom('private', { name: 'explicitly-plain', owner, encrypted: false });
        expect(isEncrypted(ws, plainRoom)).toBe(false);
    });

    it('of a private room stays encrypted when Rocket.Chat forces encryption (8.8), whatever the policy; status names the conflict', async () => {
        const { ws } = h;
        ws.setServerSetting('E2E_Force_Encryption_For_Private_Rooms', true);
        await ws.setAppSetting('policy_private_channel', 'disabled');
        const room = await ws.createRoom('private', { name: 'forced-encrypted', owner });
        await ws.settle();
        expect(isEncrypted(ws, room)).toBe(true);
        // Rocket.Chat's own rule refuses an explicitly unencrypted private room
        await expect(ws.createRoom('private', { name: 'forced-plain', owner, encrypted: false })).rejects.toThrow('[error-encrypted-private-rooms-enforced]');
        const status = (await command(ws, h.svc, room, 'status')).split('\n');
        expect(status).toContain(say('status_conflict_forced_encrypted', { kind: say('kind_private_channel') }));
    });

    it.each(NAMED)('is allowed under optional, and stays encrypted: %s', async (kind) => {
        const room = await createSupported(kind, true);
        await h.ws.settle();
        expect(isEncrypted(h.ws, room)).toBe(true);
    });
});

describe('automatic enable after creation', () => {
    const rows = SUPPORTED.flatMap((kind) => (['disabled', 'optional', 'default', 'required'] as const).map((policy) => [kind, policy] as const));

    it.each(rows)('%s under %s', async (kind, policy) => {
        const { ws } = h;
        await ws.setAppSetting(policyOf(kind), policy);
        const before = auditRecords(ws).length;
        const room = await createSupported(kind);
        await ws.settle();
        if (policy === 'default' || policy === 'required') {
            await waitFor(() => isEncrypted(ws, room), 'the room to be encrypted');
            const systemMessages = ws.messages(room).filter((m) => m.t === 'room_e2e_enabled');
            expect(systemMessages.map((m) => m.u.username)).toEqual(['svc']);
            const autoEnable = () => auditRecords(ws).slice(before).filter((r) => r.action === 'auto-enable');
            const records = await waitFor(() => autoEnable().length > 0 && autoEnable(), 'the auto-enable record');
            expect(withoutTime(records)).toEqual([
                {
                    action: 'auto-enable',
                    outcome: 'done',
                    reason: `policy-${policy}`,
                    // Rocket.Chat's DM documents have no creator (`u`)
                    ...(kind !== 'dm' && kind !== 'group-dm' && { actorId: owner._id, actorUsername: owner.username }),
                    roomId: room._id,
                    roomName: label(ws, room),
                },
            ]);
            // nothing to revert: the app's own change is what the policy asks for
            expect(auditRecords(ws).slice(before).filter((r) => r.action === 'revert')).toEqual([]);
        } else {
            expect(isEncrypted(ws, room)).toBe(false);
            expect(auditRecords(ws).slice(before).filter((r) => r.action === 'auto-enable')).toEqual([]);
        }
    });

    it('leaves public channels alone whatever the policies say', async () => {
        const { ws } = h;
        for (const id of POLICY_SETTINGS) {
            await ws.setAppSetting(id, 'required');
        }
        const room = await ws.createRoom('public', { name: 'still-public', owner });
        await ws.settle();
        expect(isEncrypted(ws, room)).toBe(false);
        expect(ws.messages(room).filter((m) => m.t === 'room_e2e_enabled')).toEqual([]);
    });

    it('tells the creator when it cannot: service account not configured', async () => {
        const { ws } = h;
        await ws.setAppSetting('policy_private_channel', 'default');
        await ws.setAppSetting('service_token', '');
        try {
            let room: RcRoom | undefined;
            const { told, records } = await toldAndAudited(ws, owner, async () => {
                room = await ws.createRoom('private', { name: 'no-service', owner });
            });
            expect(told).toEqual([say('auto_enable_failed', { room: '#no-service', reason: say('service_not_configured') })]);
            expect(isEncrypted(ws, room as RcRoom)).toBe(false);
            expect(records.map((r) => [r.action, r.outcome, r.reason])).toEqual([['auto-enable', 'failed', 'not-configured']]);
        } finally {
            await ws.setAppSetting('service_token', h.token);
        }
    });

    it('tells the creator when it cannot: the workspace refuses (HTTP 500)', async () => {
        const { ws } = h;
        await ws.setAppSetting('policy_private_team', 'required');
        ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 500 });
        let room: RcRoom | undefined;
        const { told, records } = await toldAndAudited(ws, owner, async () => {
            room = await ws.createRoom('private-team', { name: 'broken-team', owner });
        });
        expect(told).toEqual([say('auto_enable_unconfirmed', { room: '#broken-team', reason: say('failure_server_error', { status: 500 }) })]);
        expect(isEncrypted(ws, room as RcRoom)).toBe(false);
        expect(records.map((r) => [r.action, r.outcome, r.reason])).toEqual([['auto-enable', 'failed', 'server-error']]);
    });

    it('does nothing but say why while E2E_Enable is off', async () => {
        const { ws } = h;
        ws.setServerSetting('E2E_Enable', false);
        await ws.setAppSetting('policy_private_channel', 'default');
        const since = mark(ws);
        const { told, records } = await toldAndAudited(ws, owner, () => ws.createRoom('private', { name: 'e2e-off', owner }));
        expect(told).toEqual([say('auto_enable_failed', { room: '#e2e-off', reason: say('toggle_workspace_off') })]);
        expect(routesSince(ws, since)).toEqual([]);
        expect(records.map((r) => [r.action, r.outcome, r.reason])).toEqual([['auto-enable', 'refused', 'workspace-e2e-off']]);
    });
});

describe('a change made elsewhere (room settings, another client)', () => {
    const rows = SUPPORTED.flatMap((kind) => (['disabled', 'optional', 'default', 'required'] as const).map((policy) => [kind, policy] as const));

    it.each(rows)('%s under %s', async (kind, policy) => {
        const { ws } = h;
        const room = await createSupported(kind);
        await ws.settle();
        // turn it to the state the policy objects to, or the opposite of the room's state for the others
        const start = policy === 'required';
        forceEncrypted(ws, room, start);
        await ws.setAppSetting(policyOf(kind), policy);
        const before = auditRecords(ws).length;
        const toldBefore = ws.notificationsFor(owner).length;
        const change = !start;
        const reverted = (policy === 'required' && !change) || (policy === 'disabled' && change);
        const told = await toldDuring(ws, owner, async () => {
            await ws.saveRoomSettings(owner, room, { encrypted: change });
            if (reverted) {
                await waitFor(() => isEncrypted(ws, room) === !change && auditRecords(ws).length > before && ws.notificationsFor(owner).length > toldBefore, 'the revert');
            }
        });
        const params = { room: label(ws, room), kind: say(kindKey(kind)), policy: say(`policy_${policy}` as Key) };
        if (reverted) {
            expect(isEncrypted(ws, room)).toBe(!change);
            expect(told).toEqual([say(change ? 'revert_disabled' : 'revert_enabled', params)]);
            const types = ws.messages(room).filter((m) => m.t === 'room_e2e_enabled' || m.t === 'room_e2e_disabled').slice(-2);
            expect(types.map((m) => [m.t, m.u.username])).toEqual([
                [change ? 'room_e2e_enabled' : 'room_e2e_disabled', owner.username],
                [change ? 'room_e2e_disabled' : 'room_e2e_enabled', 'svc'],
            ]);
            expect(withoutTime(auditRecords(ws).slice(before))).toEqual([
                { action: 'revert', outcome: 'done', reason: `policy-${policy}`, actorId: owner._id, actorUsername: owner.username, roomId: room._id, roomName: label(ws, room) },
            ]);
        } else {
            expect(isEncrypted(ws, room)).toBe(change);
            expect(told).toEqual([]);
            expect(auditRecords(ws).slice(before)).toEqual([]);
        }
    });

    it('says so when the revert fails, and leaves the record', async () => {
        const { ws } = h;
        const room = await createSupported('private');
        await ws.settle();
        forceEncrypted(ws, room, true);
        await ws.setAppSetting('policy_private_channel', 'required');
        ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 429 });
        const { told, records } = await toldAndAudited(ws, owner, () => ws.saveRoomSettings(owner, room, { encrypted: false }));
        expect(isEncrypted(ws, room)).toBe(false);
        expect(told).toEqual([
            say('revert_failed', { room: label(ws, room), kind: say('kind_private_channel'), policy: say('policy_required'), reason: say('failure_rate_limited') }),
        ]);
        expect(records.map((r) => [r.action, r.outcome, r.reason])).toEqual([['revert', 'failed', 'rate-limited']]);
    });
});

describe('/e2e status for administrators', () => {
    it('names every conflict between the policy and Rocket.Chat’s own E2EE settings, and who wins', async () => {
        const { ws } = h;
        const room = await ws.createRoom('private', { name: 'status-room', owner });
        const admin = h.svc;
        const statusOf = async () => (await command(ws, admin, room, 'status')).split('\n');
        const conflictLines = (lines: Array<string>) => lines.filter((line) => line.startsWith('Rocket.Chat '));
        expect(conflictLines(await statusOf())).toEqual([]);
        ws.setServerSetting('E2E_Enabled_Default_DirectRooms', true);
        ws.setServerSetting('E2E_Enabled_Default_PrivateRooms', true);
        ws.setServerSetting('E2E_Allow_Unencrypted_Messages', true);
        await ws.setAppSetting('policy_direct', 'disabled');
        await ws.setAppSetting('policy_private_team', 'disabled');
        expect(conflictLines(await statusOf())).toEqual([
            say('status_conflict_default_encrypted', { kind: say('kind_direct'), setting: 'E2E_Enabled_Default_DirectRooms' }),
            say('status_conflict_default_encrypted', { kind: say('kind_private_team'), setting: 'E2E_Enabled_Default_PrivateRooms' }),
            say('status_conflict_unencrypted_allowed'),
        ]);
        await ws.setAppSetting('block_plaintext', false);
        ws.setServerSetting('E2E_Force_Encryption_For_Private_Rooms', true);
        try {
            expect(conflictLines(await statusOf())).toEqual([
                say('status_conflict_default_encrypted', { kind: say('kind_direct'), setting: 'E2E_Enabled_Default_DirectRooms' }),
                say('status_conflict_forced_encrypted', { kind: say('kind_private_team') }),
                say('status_conflict_unencrypted_unguarded'),
            ]);
            // not for someone who is not an administrator
            expect(conflictLines((await command(ws, owner, room, 'status')).split('\n'))).toEqual([]);
        } finally {
            await ws.setAppSetting('block_plaintext', true);
        }
    });
});

describe('federated rooms', () => {
    it('are left alone: never encrypted after creation, and /e2e refuses to toggle them as Rocket.Chat would', async () => {
        const { ws } = h;
        for (const id of POLICY_SETTINGS) {
            await ws.setAppSetting(id, 'required');
        }
        const since = mark(ws);
        const told = await toldDuring(ws, owner, async () => {
            const room = await ws.server.createRoom('p', 'federated-lounge', owner._id, [mate.username], { federated: true });
            await ws.settle();
            expect(isEncrypted(ws, room)).toBe(false);
            const federated = say('kind_federated');
            expect((await command(ws, owner, room, 'enable')).split('\n')).toEqual([say('toggle_unsupported', { kind: federated })]);
            expect((await command(ws, owner, room, 'status')).split('\n').slice(1, 3)).toEqual([
                say('status_kind', { kind: federated }),
                say('status_unsupported', { kind: federated }),
            ]);
            expect(isEncrypted(ws, room)).toBe(false);
        });
        // nothing but the answers to the two commands: no automatic enable was tried
        expect(told).toHaveLength(2);
        expect(routesSince(ws, since)).not.toContain('POST rooms.saveRoomSettings');
        expect(auditRecords(ws).filter((r) => r.roomName === '#federated-lounge').map((r) => [r.action, r.outcome, r.reason])).toEqual([['enable', 'refused', 'unsupported-kind']]);
    });
});

describe('joining an encrypted room', () => {
    let room: RcRoom;

    beforeAll(async () => {
        room = await h.ws.createRoom('private', { name: 'bunker', owner, encrypted: true });
    });

    afterEach(async () => {
        if (h.ws.getAppSetting('notify_on_join') !== true) {
            await h.ws.setAppSetting('notify_on_join', true);
        }
    });

    const joinAndListen = async (who: RcUser, target: RcRoom, inviter?: RcUser) =>
        toldDuring(h.ws, who, async () => {
            await h.ws.addMember(target, who, inviter);
            await h.ws.settle();
        });

    it('tells someone who is added what that means for them', async () => {
        const newcomer = h.ws.createUser({ username: 'newcomer' });
        const told = await joinAndListen(newcomer, room, owner);
        expect(told).toEqual([say('join_notice', { room: '#bunker' })]);
        expect(h.ws.notificationsFor(owner).some((n) => n.text === say('join_notice', { room: '#bunker' }))).toBe(false);
    });

    it('tells someone who joins by themselves, in their language', async () => {
        const joiner = h.ws.createUser({ username: 'joiner', language: 'es' });
        expect(await joinAndListen(joiner, room)).toEqual([say('join_notice', { room: '#bunker' }, 'es')]);
    });

    it('tells nothing in an unencrypted room', async () => {
        const open = await h.ws.createRoom('private', { name: 'open-house', owner });
        expect(await joinAndListen(h.ws.createUser({ username: 'visitor-1' }), open, owner)).toEqual([]);
    });

    it('tells nothing with notify_on_join off', async () => {
        await h.ws.setAppSetting('notify_on_join', false);
        expect(await joinAndListen(h.ws.createUser({ username: 'visitor-2' }), room, owner)).toEqual([]);
    });

    it('tells nothing while E2E_Enable is off', async () => {
        h.ws.setServerSetting('E2E_Enable', false);
        expect(await joinAndListen(h.ws.createUser({ username: 'visitor-3' }), room, owner)).toEqual([]);
    });
});
