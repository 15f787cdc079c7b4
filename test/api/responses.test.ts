import { describe, expect, it } from '@jest/globals';

import { classifyException, classifyResponse } from '../../src/api/responses';
import { jsonResponse } from '../support/fakes';

describe('classifyResponse', () => {
    it.each([
        ['a success', jsonResponse(200, { rid: 'r', success: true }), { ok: true, value: { rid: 'r', success: true } }],
        [
            "7.x/8.x: a token it does not accept (401 with status and message)",
            jsonResponse(401, { success: false, error: 'You must be logged in to do this.', status: 'error', message: 'You must be logged in to do this.' }),
            { ok: false, failure: { kind: 'unauthorized', status: 401 } },
        ],
        [
            '9.0: a token it does not accept (401 without status and message)',
            jsonResponse(401, { success: false, error: 'You must be logged in to do this.' }),
            { ok: false, failure: { kind: 'unauthorized', status: 401 } },
        ],
        ['a 401 without a body (a proxy)', { url: '', method: 'get' as never, statusCode: 401, content: '' }, { ok: false, failure: { kind: 'unauthorized', status: 401 } }],
        [
            '7.x/8.x: error-unauthorized (403)',
            jsonResponse(403, { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' }),
            { ok: false, failure: { kind: 'forbidden', status: 403, errorType: undefined } },
        ],
        [
            '9.0: error-unauthorized (401 for a logged-in caller)',
            jsonResponse(401, { success: false, error: 'Editing room is not allowed [error-unauthorized]' }),
            { ok: false, failure: { kind: 'forbidden', status: 401, errorType: undefined } },
        ],
        [
            "every version: a route's API.v1.unauthorized() (teams.info without access)",
            jsonResponse(401, { success: false, error: 'unauthorized' }),
            { ok: false, failure: { kind: 'forbidden', status: 401, errorType: undefined } },
        ],
        ['9.0: API.v1.forbidden()', jsonResponse(403, { success: false, error: 'forbidden' }), { ok: false, failure: { kind: 'forbidden', status: 403, errorType: undefined } }],
        ['a 429', jsonResponse(429, { success: false, error: 'Error, too many requests. [error-too-many-requests]' }), { ok: false, failure: { kind: 'rate-limited', status: 429, retryAfterMs: 60_000 } }],
        ['a 500', jsonResponse(500, { success: false, error: 'Internal server error' }), { ok: false, failure: { kind: 'server-error', status: 500 } }],
        [
            'a refusal with a code',
            jsonResponse(400, { success: false, error: 'Editing room is not allowed [error-action-not-allowed]', errorType: 'error-action-not-allowed' }),
            { ok: false, failure: { kind: 'refused', status: 400, errorType: 'error-action-not-allowed' } },
        ],
        [
            'a two-factor demand',
            jsonResponse(400, { success: false, error: 'TOTP Required [totp-required]', errorType: 'totp-required' }),
            { ok: false, failure: { kind: 'two-factor', status: 400, errorType: 'totp-required' } },
        ],
        [
            'a refusal whose code is not a plain code',
            jsonResponse(400, { success: false, error: 'x', errorType: '<b>token abc</b>' }),
            { ok: false, failure: { kind: 'refused', status: 400, errorType: undefined } },
        ],
        ['HTML instead of JSON', { url: '', method: 'get' as never, statusCode: 200, content: '<html>' }, { ok: false, failure: { kind: 'malformed', status: 200 } }],
        ['a 200 without success', jsonResponse(200, { ok: 1 }), { ok: false, failure: { kind: 'malformed', status: 200 } }],
        ['a JSON array', jsonResponse(200, [1, 2]), { ok: false, failure: { kind: 'malformed', status: 200 } }],
        ['a redirect', jsonResponse(302, {}), { ok: false, failure: { kind: 'malformed', status: 302 } }],
    ])('%s', (_name, response, expected) => {
        expect(classifyResponse(response)).toEqual(expected);
    });

    it('parses content when the bridge did not fill data', () => {
        expect(classifyResponse({ url: '', method: 'get' as never, statusCode: 200, content: '{"success":true}' })).toEqual({ ok: true, value: { success: true } });
    });
});

describe('classifyException', () => {
    it('tells a timeout from an unreachable server and keeps nothing of the text', () => {
        expect(classifyException(new Error('The operation was aborted due to timeout'))).toEqual({ kind: 'timeout' });
        expect(classifyException(new Error('request timed out'))).toEqual({ kind: 'timeout' });
        expect(classifyException(new Error('fetch failed: connect ECONNREFUSED X-Auth-Token: secret'))).toEqual({ kind: 'unreachable' });
        expect(classifyException('weird')).toEqual({ kind: 'unreachable' });
    });
});
