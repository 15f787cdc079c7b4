import { describe, expect, it } from '@jest/globals';
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import { isWorkspaceE2EEnabled, workspaceLanguage } from '../../src/settings/serverSettings';

function reader(value: () => Promise<unknown>): IRead {
    return { getEnvironmentReader: () => ({ getServerSettings: () => ({ getValueById: value }) }) } as unknown as IRead;
}

describe('server settings', () => {
    it('read E2E_Enable, counting an unreadable value as the caller says', async () => {
        expect(await isWorkspaceE2EEnabled(reader(async () => true))).toBe(true);
        expect(await isWorkspaceE2EEnabled(reader(async () => false), true)).toBe(false);
        expect(await isWorkspaceE2EEnabled(reader(async () => 'yes'))).toBe(false);
        expect(await isWorkspaceE2EEnabled(reader(() => Promise.reject(new Error('bridge down'))))).toBe(false);
        expect(await isWorkspaceE2EEnabled(reader(() => Promise.reject(new Error('bridge down'))), true)).toBe(true);
    });

    it('read the default language, or nothing', async () => {
        expect(await workspaceLanguage(reader(async () => 'de'))).toBe('de');
        expect(await workspaceLanguage(reader(async () => 7))).toBeUndefined();
        expect(await workspaceLanguage(reader(() => Promise.reject(new Error('bridge down'))))).toBeUndefined();
    });
});
