import { describe, expect, it } from '@jest/globals';

import { PermissionCache } from '../../src/api/PermissionCache';
import type { Workspace } from '../../src/api/serviceAccount';
import { WorkspaceClient } from '../../src/api/WorkspaceClient';
import { Fake, jsonResponse } from '../support/fakes';

function workspace(fake: Fake, userId = 'svc'): Workspace {
    const account = { baseUrl: 'http://rc.test', userId, token: 'secret-token-123', timeoutMs: 2500 };
    return { account, client: new WorkspaceClient(fake.http, account) };
}

describe('PermissionCache', () => {
    it('serves the table from memory within its lifetime and refetches after', async () => {
        const fake = new Fake();
        const cache = new PermissionCache();
        await cache.get(workspace(fake), 0);
        await cache.get(workspace(fake), 5_000);
        expect(fake.requests).toHaveLength(1);
        await cache.get(workspace(fake), 10_001);
        expect(fake.requests).toHaveLength(2);
        await cache.get(workspace(fake, 'other-account'), 10_002);
        expect(fake.requests).toHaveLength(3);
        cache.clear();
        await cache.get(workspace(fake, 'other-account'), 10_003);
        expect(fake.requests).toHaveLength(4);
    });

    it('does not keep failures', async () => {
        const fake = new Fake();
        fake.responder = () => jsonResponse(500, {});
        const cache = new PermissionCache();
        expect((await cache.get(workspace(fake), 0)).ok).toBe(false);
        expect((await cache.get(workspace(fake), 1)).ok).toBe(false);
        expect(fake.requests).toHaveLength(2);
    });
});
