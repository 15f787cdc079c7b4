// The room action buttons (e2e-status, e2e-enable, e2e-disable) for every room kind and kind of user, and each
// policy value for each supported kind through both the buttons and the command.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Harness, Key, RoomKindName, Stage } from './harness';
import {
    auditDuring,
    buildStage,
    click,
    command,
    expectedStatus,
    forceEncrypted,
    isEncrypted,
    KIND_OF,
    label,
    restCalls,
    ROOM_KINDS,
    say,
    START_TIMEOUT,
    startHarness,
    statusEnableDisable,
    USER_KINDS,
    withoutTime,
} from './harness';

let h: Harness;
let stage: Stage;

beforeAll(async () => {
    h = await startHarness();
    stage = await buildStage(h.ws);
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

describe('registered buttons', () => {
    it('are the three room actions, shown only in room kinds Rocket.Chat can encrypt', async () => {
        const buttons = (await h.ws.actionButtons()) as unknown as Array<{ appId: string; actionId: string; context: string; labelI18n: string; when?: { roomTypes?: string[] } }>;
        expect(buttons.map((b) => [b.actionId, b.labelI18n, b.context])).toEqual([
            ['e2e-status', 'button_status', 'roomAction'],
            ['e2e-enable', 'button_enable', 'roomAction'],
            ['e2e-disable', 'button_disable', 'roomAction'],
        ]);
        for (const button of buttons) {
            expect(button.appId).toBe(h.ws.appId);
            expect([...(button.when?.roomTypes ?? [])].sort()).toEqual(['direct', 'direct_multiple', 'private_channel', 'private_discussion', 'private_team']);
        }
        expect([say('button_status'), say('button_enable'), say('button_disable')]).toEqual(['E2EE status', 'Enable E2EE', 'Disable E2EE']);
    });
});

describe.each(ROOM_KINDS)('buttons in a %s', (kind) => {
    it.each(USER_KINDS)('as %s', async (who) => {
        await statusEnableDisable(h.ws, stage, kind, who, 'button');
    });
});

const SUPPORTED: RoomKindName[] = ['dm', 'group-dm', 'private', 'private-team', 'private-discussion'];
const POLICIES = ['disabled', 'optional', 'default', 'required'] as const;

describe.each(SUPPORTED)('policy values in a %s', (kind) => {
    const setting = KIND_OF[kind].policy as string;

    afterAll(async () => {
        await h.ws.setAppSetting(setting, 'optional');
    });

    it.each(POLICIES)('%s', async (policy) => {
        const { ws } = h;
        await ws.setAppSetting(setting, policy);
        const room = stage.roomFor(kind, 'owner');
        const owner = stage.cast.owner;
        const kindText = say(KIND_OF[kind].kind);
        const policyText = say(`policy_${policy}` as Key);
        const roomLabel = label(ws, room);

        forceEncrypted(ws, room, false);
        expect(await click(ws, owner, room, 'e2e-status')).toBe(expectedStatus(ws, kind, room, 'owner', { policy }));

        // enable: the button, then the same through the command from the other state
        const before = ws.rest.requests.length;
        const enableRecords = await auditDuring(ws, async () => {
            const told = await click(ws, owner, room, 'e2e-enable');
            expect(told).toBe(policy === 'disabled' ? say('toggle_policy_forbids_enable', { kind: kindText, policy: policyText }) : say('toggle_enabled', { room: roomLabel }));
        });
        expect(isEncrypted(ws, room)).toBe(policy !== 'disabled');
        expect(restCalls(ws, before).filter((c) => c === 'POST rooms.saveRoomSettings')).toHaveLength(policy === 'disabled' ? 0 : 1);
        expect(withoutTime(enableRecords)).toEqual([
            expect.objectContaining(policy === 'disabled' ? { action: 'enable', outcome: 'refused', reason: 'policy-disabled' } : { action: 'enable', outcome: 'done' }),
        ]);

        forceEncrypted(ws, room, true);
        const disableRecords = await auditDuring(ws, async () => {
            const told = await command(ws, owner, room, 'disable');
            expect(told).toBe(policy === 'required' ? say('toggle_policy_forbids_disable', { kind: kindText, policy: policyText }) : say('toggle_disabled', { room: roomLabel }));
        });
        expect(isEncrypted(ws, room)).toBe(policy === 'required');
        expect(withoutTime(disableRecords)).toEqual([
            expect.objectContaining(policy === 'required' ? { action: 'disable', outcome: 'refused', reason: 'policy-required' } : { action: 'disable', outcome: 'done' }),
        ]);
    });
});

describe('policy settings of other kinds do not leak', () => {
    it('a disabled private-channel policy leaves teams, discussions and DMs alone', async () => {
        const { ws } = h;
        await ws.setAppSetting('policy_private_channel', 'disabled');
        try {
            for (const kind of ['private-team', 'private-discussion', 'dm'] as const) {
                const room = stage.roomFor(kind, 'owner');
                forceEncrypted(ws, room, false);
                expect(await click(ws, stage.cast.owner, room, 'e2e-enable')).toBe(say('toggle_enabled', { room: label(ws, room) }));
                expect(isEncrypted(ws, room)).toBe(true);
            }
            const vault = stage.rooms.private;
            forceEncrypted(ws, vault, false);
            expect(await click(ws, stage.cast.owner, vault, 'e2e-enable')).toBe(
                say('toggle_policy_forbids_enable', { kind: say('kind_private_channel'), policy: say('policy_disabled') }),
            );
            expect(isEncrypted(ws, vault)).toBe(false);
        } finally {
            await ws.setAppSetting('policy_private_channel', 'optional');
        }
    });
});

describe('the live role-permission table', () => {
    it('lets a leader toggle once the workspace grants the leader role both permissions, and not after revoking', async () => {
        const { ws } = h;
        const vault = stage.rooms.private;
        const leader = stage.cast.leader;
        forceEncrypted(ws, vault, false);
        ws.grantPermission('edit-room', 'leader');
        ws.grantPermission('toggle-room-e2e-encryption', 'leader');
        await ws.setAppSetting('audit_retention_days', 89); // a setting change drops the briefly cached table
        try {
            expect(await click(ws, leader, vault, 'e2e-enable')).toBe(say('toggle_enabled', { room: '#vault' }));
            expect(isEncrypted(ws, vault)).toBe(true);
        } finally {
            ws.revokePermission('edit-room', 'leader');
            ws.revokePermission('toggle-room-e2e-encryption', 'leader');
            await ws.setAppSetting('audit_retention_days', 90);
        }
        expect(await click(ws, leader, vault, 'e2e-disable')).toBe(say('toggle_not_allowed', { room: '#vault', permissions: 'edit-room, toggle-room-e2e-encryption' }));
        expect(isEncrypted(ws, vault)).toBe(true);
    });

    it('refuses the owner once the workspace takes toggle-room-e2e-encryption from owners', async () => {
        const { ws } = h;
        const vault = stage.rooms.private;
        forceEncrypted(ws, vault, false);
        ws.revokePermission('toggle-room-e2e-encryption', 'owner');
        await ws.setAppSetting('audit_retention_days', 88);
        try {
            expect(await click(ws, stage.cast.owner, vault, 'e2e-enable')).toBe(say('toggle_not_allowed', { room: '#vault', permissions: 'toggle-room-e2e-encryption' }));
            expect(isEncrypted(ws, vault)).toBe(false);
        } finally {
            ws.grantPermission('toggle-room-e2e-encryption', 'owner');
            await ws.setAppSetting('audit_retention_days', 90);
        }
    });
});
