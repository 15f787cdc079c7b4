import { describe, expect, it } from '@jest/globals';
import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';

import { EncryptionApp } from '../../EncryptionApp';

const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, log: () => undefined } as unknown as ILogger;

describe('EncryptionApp', () => {
    // The engine logs the value onPreSettingUpdate returns; the default returns the new setting, so a
    // saved service token would appear in clear in the app's logs. Nothing returned: the engine stores
    // the setting as given.
    it('returns nothing from onPreSettingUpdate, so no setting value reaches the engine logs', async () => {
        const app = new EncryptionApp({ id: 'app', name: 'E2EE Policy', version: '1.0.0', author: { name: 'test' } } as IAppInfo, logger);
        expect(await app.onPreSettingUpdate()).toBeUndefined();
    });
});
