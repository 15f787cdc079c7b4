import { describe, expect, it } from '@jest/globals';

import { isErrorCode } from '../../src/api/responses';
import { failureReason, permissionsUnavailable } from '../../src/audit/AuditReason';

describe('audit reasons of failed calls', () => {
    it("give Rocket.Chat's error code when it sent one, else the kind of failure", () => {
        const code = 'error-action-not-allowed';
        expect(isErrorCode(code) && failureReason({ kind: 'refused', status: 400, errorType: code })).toBe('error-action-not-allowed');
        expect(failureReason({ kind: 'timeout' })).toBe('timeout');
    });

    it('name the failure that kept the permission table from being read', () => {
        expect(permissionsUnavailable({ kind: 'unreachable' })).toBe('permissions-unreachable');
    });
});
