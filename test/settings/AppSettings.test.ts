import { describe, expect, it } from '@jest/globals';

import { Policy } from '../../src/policy/Policy';
import { RoomKind } from '../../src/policy/RoomKind';
import { isHttpUrl, parseSettings, readSettings } from '../../src/settings/AppSettings';
import { SETTINGS } from '../../src/settings/definitions';
import { SettingId } from '../../src/settings/SettingId';

describe('parseSettings', () => {
    it('uses the defaults for a fresh install', () => {
        const settings = parseSettings({});
        expect(settings).toEqual({
            policies: {
                [RoomKind.Direct]: Policy.Optional,
                [RoomKind.PrivateChannel]: Policy.Optional,
                [RoomKind.PrivateTeam]: Policy.Optional,
                [RoomKind.Discussion]: Policy.Optional,
            },
            serviceUserId: '',
            serviceToken: '',
            workspaceUrl: '',
            requestTimeoutMs: 10_000,
            blockPlaintext: true,
            blockMisplacedCiphertext: true,
            stripSearchableCiphertext: true,
            notifyOnJoin: true,
            auditRetentionDays: 90,
            enforcementRate: 5,
            retryIntervalMinutes: 5,
            invalid: [],
            unusablePolicies: [],
        });
    });

    it('reads the enforcement rate (1 to 50 a second) and the retry interval (1 to 1440 minutes)', () => {
        expect(parseSettings({ [SettingId.EnforcementRate]: 50, [SettingId.RetryIntervalMinutes]: '1440' })).toMatchObject({
            enforcementRate: 50,
            retryIntervalMinutes: 1440,
            invalid: [],
        });
        expect(parseSettings({ [SettingId.EnforcementRate]: 1, [SettingId.RetryIntervalMinutes]: 1 })).toMatchObject({ enforcementRate: 1, retryIntervalMinutes: 1 });
        const bad = parseSettings({ [SettingId.EnforcementRate]: 51, [SettingId.RetryIntervalMinutes]: 0 });
        expect(bad).toMatchObject({ enforcementRate: 5, retryIntervalMinutes: 5 });
        expect(bad.invalid).toEqual([SettingId.EnforcementRate, SettingId.RetryIntervalMinutes]);
        expect(parseSettings({ [SettingId.EnforcementRate]: 2.5 }).invalid).toEqual([SettingId.EnforcementRate]);
    });

    it('reads every value an administrator can set', () => {
        const settings = parseSettings({
            [SettingId.PolicyDirect]: 'required',
            [SettingId.PolicyDiscussion]: 'disabled',
            [SettingId.ServiceUserId]: ' svc ',
            [SettingId.ServiceToken]: 'tok',
            [SettingId.WorkspaceUrl]: 'https://chat.example.org/',
            [SettingId.RequestTimeoutSeconds]: 3,
            [SettingId.BlockPlaintext]: false,
            [SettingId.AuditRetentionDays]: '30',
        });
        expect(settings.policies[RoomKind.Direct]).toBe(Policy.Required);
        expect(settings.policies[RoomKind.Discussion]).toBe(Policy.Disabled);
        expect(settings.serviceUserId).toBe('svc');
        expect(settings.workspaceUrl).toBe('https://chat.example.org/');
        expect(settings.requestTimeoutMs).toBe(3000);
        expect(settings.blockPlaintext).toBe(false);
        expect(settings.auditRetentionDays).toBe(30);
        expect(settings.invalid).toEqual([]);
    });

    it('replaces unusable values by defaults and names them', () => {
        const settings = parseSettings({
            [SettingId.PolicyPrivateTeam]: 'always',
            [SettingId.WorkspaceUrl]: 'ftp://example.org',
            [SettingId.RequestTimeoutSeconds]: 0,
            [SettingId.BlockMisplacedCiphertext]: 'yes',
            [SettingId.AuditRetentionDays]: 1.5,
            [SettingId.ServiceToken]: 12,
        });
        expect(settings.workspaceUrl).toBe('');
        expect(settings.requestTimeoutMs).toBe(10_000);
        expect(settings.blockMisplacedCiphertext).toBe(true);
        expect(settings.auditRetentionDays).toBe(90);
        expect(settings.serviceToken).toBe('');
        expect([...settings.invalid].sort()).toEqual(
            [
                SettingId.WorkspaceUrl,
                SettingId.RequestTimeoutSeconds,
                SettingId.BlockMisplacedCiphertext,
                SettingId.AuditRetentionDays,
                SettingId.ServiceToken,
            ].sort(),
        );
    });

    it('leaves a policy unknown when its setting holds anything but the four values, never the permissive default', () => {
        for (const value of ['always', '', ' required ', 'REQUIRED', 42, true, {}, []]) {
            const settings = parseSettings({ [SettingId.PolicyPrivateTeam]: value, [SettingId.PolicyDirect]: 'disabled' });
            expect(settings.policies[RoomKind.PrivateTeam]).toBeUndefined();
            expect(settings.policies[RoomKind.Direct]).toBe(Policy.Disabled);
            expect(settings.unusablePolicies).toEqual([SettingId.PolicyPrivateTeam]);
            expect(settings.invalid).toEqual([]);
        }
        // never stored: the package default
        expect(parseSettings({ [SettingId.PolicyPrivateTeam]: null }).policies[RoomKind.PrivateTeam]).toBe(Policy.Optional);
    });

    it('refuses credentials with whitespace or control characters, which would break request headers', () => {
        const settings = parseSettings({ [SettingId.ServiceUserId]: 'svc id', [SettingId.ServiceToken]: 'abc\r\nX-Evil: 1' });
        expect(settings.serviceUserId).toBe('');
        expect(settings.serviceToken).toBe('');
        expect(settings.invalid).toEqual([SettingId.ServiceUserId, SettingId.ServiceToken]);
    });
});

describe('isHttpUrl', () => {
    it.each([
        ['http://localhost:3000', true],
        ['https://chat.example.org/rocket', true],
        ['https://user:pass@chat.example.org', false],
        ['https://chat.example.org/?x=1', false],
        ['javascript:alert(1)', false],
        ['chat.example.org', false],
        ['', false],
    ])('%s → %s', (value, expected) => {
        expect(isHttpUrl(value)).toBe(expected);
    });
});

describe('readSettings', () => {
    it('reads every declared setting once', async () => {
        const asked: Array<string> = [];
        const settings = await readSettings({
            getValueById: async (id: string) => {
                asked.push(id);
                return id === SettingId.PolicyDirect ? 'default' : undefined;
            },
            getById: async () => undefined as never,
        });
        expect(asked.sort()).toEqual(SETTINGS.map((s) => s.id).sort());
        expect(settings.policies[RoomKind.Direct]).toBe(Policy.Default);
    });
});

describe('setting definitions', () => {
    it('declare each id once, with a label and a description key', () => {
        const ids = SETTINGS.map((s) => s.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual(Object.values(SettingId).sort());
        for (const setting of SETTINGS) {
            expect(setting.i18nLabel).toBe(setting.id);
            expect(setting.i18nDescription).toBe(`${setting.id}_description`);
        }
        expect(SETTINGS.find((s) => s.id === SettingId.ServiceToken)?.type).toBe('password');
    });
});
