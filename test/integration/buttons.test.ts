// The room action buttons (e2e-status, e2e-enable, e2e-disable) for every room kind and kind of user, and each
// policy value for each supported kind through both the buttons and the command.
import { describe, expect, it } from '@jest/globals';

import { expectedStatus } from '../harness/answers';
import { ROOM_KIND_FACTS } from '../harness/cast';
import type { Key } from '../harness/texts';
import { say } from '../harness/texts';
import { auditDuring, click, command, forceEncrypted, forgetPermissions, isEncrypted, label, mark, routesSince, withoutTime } from '../harness/workspace';
import type { SupportedKind } from '../oracle/authorization';
import { kindLabel, POLICY_VALUES, policySetting, supportedKind } from '../oracle/authorization';
import { statusEnableDisable, TABLE_PEOPLE, TABLE_ROOMS, useTableWorkspace } from './statusEnableDisable';

const table = useTableWorkspace();

describe('registered buttons', () => {
    it('are the three room actions, shown only in room kinds Rocket.Chat can encrypt', async () => {
        const buttons = (await table.ws.actionButtons()) as unknown as Array<{ appId: string; actionId: string; context: string; labelI18n: string; when?: { roomTypes?: string[] } }>;
        expect(buttons.map((b) => [b.actionId, b.labelI18n, b.context])).toEqual([
            ['e2e-status', 'button_status', 'roomAction'],
            ['e2e-enable', 'button_enable', 'roomAction'],
            ['e2e-disable', 'button_disable', 'roomAction'],
        ]);
        for (const button of buttons) {
            expect(button.appId).toBe(table.ws.appId);
            expect([...(button.when?.roomTypes ?? [])].sort()).toEqual(['direct', 'direct_multiple', 'private_channel', 'private_discussion', 'private_team']);
        }
        expect([say('button_status'), say('button_enable'), say('button_disable')]).toEqual(['E2EE status', 'Enable E2EE', 'Disable E2EE']);
    });
});

describe.each(TABLE_ROOMS)('buttons in a %s', (kind) => {
    it.each(TABLE_PEOPLE)('as %s', async (who) => {
        await statusEnableDisable(table.ws, table.cast, kind, who, 'button');
    });
});

const SUPPORTED = TABLE_ROOMS.filter((kind) => supportedKind(ROOM_KIND_FACTS[kind]));

describe.each(SUPPORTED)('policy values in a %s', (kind) => {
    const setting = policySetting(supportedKind(ROOM_KIND_FACTS[kind]) as SupportedKind);

    it.each(POLICY_VALUES)('%s', async (policy) => {
        const { ws } = table;
        await ws.setAppSetting(setting, policy);
        try {
            const room = table.cast.roomFor(kind, 'owner');
            const owner = table.cast.people.owner;
            const kindText = say(`kind_${kindLabel(ROOM_KIND_FACTS[kind])}` as Key);
            const policyText = say(`policy_${policy}` as Key);
            const roomLabel = label(ws, room);

            forceEncrypted(ws, room, false);
            expect(await click(ws, owner, room, 'e2e-status')).toBe(expectedStatus(ws, room, owner, { policy }));

            // enable: the button, then the same through the command from the other state
            const since = mark(ws);
            const enableRecords = await auditDuring(ws, async () => {
                const told = await click(ws, owner, room, 'e2e-enable');
                expect(told).toBe(policy === 'disabled' ? say('toggle_policy_forbids_enable', { kind: kindText, policy: policyText }) : say('toggle_enabled', { room: roomLabel }));
            });
            expect(isEncrypted(ws, room)).toBe(policy !== 'disabled');
            expect(routesSince(ws, since).filter((c) => c === 'POST rooms.saveRoomSettings')).toHaveLength(policy === 'disabled' ? 0 : 1);
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
        } finally {
            await ws.setAppSetting(setting, 'optional');
        }
    });
});

describe('policy settings of other kinds do not leak', () => {
    it('a disabled private-channel policy leaves teams, discussions and DMs alone', async () => {
        const { ws } = table;
        const owner = table.cast.people.owner;
        await ws.setAppSetting('policy_private_channel', 'disabled');
        try {
            for (const kind of ['private-team', 'private-discussion', 'dm'] as const) {
                const room = table.cast.roomFor(kind, 'owner');
                forceEncrypted(ws, room, false);
                expect(await click(ws, owner, room, 'e2e-enable')).toBe(say('toggle_enabled', { room: label(ws, room) }));
                expect(isEncrypted(ws, room)).toBe(true);
            }
            const room = table.cast.rooms.private;
            forceEncrypted(ws, room, false);
            expect(await click(ws, owner, room, 'e2e-enable')).toBe(say('toggle_policy_forbids_enable', { kind: say('kind_private_channel'), policy: say('policy_disabled') }));
            expect(isEncrypted(ws, room)).toBe(false);
        } finally {
            await ws.setAppSetting('policy_private_channel', 'optional');
        }
    });
});

describe('the live role-permission table', () => {
    it('lets a leader toggle once the workspace grants the leader role both permissions, and not after revoking', async () => {
        const { ws } = table;
        const room = table.cast.rooms.private;
        const leader = table.cast.people.leader;
        forceEncrypted(ws, room, false);
        ws.grantPermission('edit-room', 'leader');
        ws.grantPermission('toggle-room-e2e-encryption', 'leader');
        try {
            await forgetPermissions(ws);
            expect(await click(ws, leader, room, 'e2e-enable')).toBe(say('toggle_enabled', { room: label(ws, room) }));
            expect(isEncrypted(ws, room)).toBe(true);
        } finally {
            ws.revokePermission('edit-room', 'leader');
            ws.revokePermission('toggle-room-e2e-encryption', 'leader');
            await forgetPermissions(ws);
        }
        expect(await click(ws, leader, room, 'e2e-disable')).toBe(
            say('toggle_not_allowed', { room: label(ws, room), permissions: 'edit-room, toggle-room-e2e-encryption' }),
        );
        expect(isEncrypted(ws, room)).toBe(true);
    });

    it('refuses the owner once the workspace takes toggle-room-e2e-encryption from owners', async () => {
        const { ws } = table;
        const room = table.cast.rooms.private;
        forceEncrypted(ws, room, false);
        ws.revokePermission('toggle-room-e2e-encryption', 'owner');
        try {
            await forgetPermissions(ws);
            expect(await click(ws, table.cast.people.owner, room, 'e2e-enable')).toBe(say('toggle_not_allowed', { room: label(ws, room), permissions: 'toggle-room-e2e-encryption' }));
            expect(isEncrypted(ws, room)).toBe(false);
        } finally {
            ws.grantPermission('toggle-room-e2e-encryption', 'owner');
            await forgetPermissions(ws);
        }
    });
});
