import { describe, expect, it } from '@jest/globals';

import type { PendingReset } from '../../src/policy/keyReset';
import { checkResetTarget, checkSubmission, isPendingReset, PENDING_RESET_TTL_MS, ResetRefusal, SubmitRefusal } from '../../src/policy/keyReset';
import { user } from '../support/fakes';

describe('checkResetTarget', () => {
    it.each([
        ['a regular user', user('bob'), undefined],
        ['a deactivated user (Rocket.Chat allows it)', user('bob', { isEnabled: false }), undefined],
        ['an unknown user', undefined, ResetRefusal.UnknownUser],
        ['the service account', user('svc'), ResetRefusal.ServiceAccount],
        ['an app user', user('app.bot', { type: 'app' as never, roles: ['app'] }), ResetRefusal.AppOrBot],
        ['a bot typed bot', user('rocket.cat', { type: 'bot' as never, roles: ['bot'] }), ResetRefusal.AppOrBot],
        ['a user holding the bot role', user('helper', { roles: ['bot'] }), ResetRefusal.AppOrBot],
        ['a federated user', user('@alice:matrix.org'), ResetRefusal.Federated],
        ['a user flagged federated', user('remote', { federated: true } as never), ResetRefusal.Federated],
        ['a user the converter flags isFederated', user('remote', { isFederated: true } as never), ResetRefusal.Federated],
    ])('%s', (_name, target, expected) => {
        expect(checkResetTarget(target, 'svc')).toBe(expected);
    });
});

describe('checkSubmission', () => {
    const pending: PendingReset = { viewId: 'v', adminId: 'admin', targetUserId: 'bob', targetUsername: 'bob', roomId: 'r', openedAt: 1_000 };
    const bob = user('bob');

    it('accepts the opening admin, in time, for the same account', () => {
        expect(checkSubmission({ pending, submitterId: 'admin', now: 2_000, target: bob })).toBeUndefined();
    });

    it.each([
        ['an unknown or answered dialog', { pending: undefined, submitterId: 'admin', now: 2_000, target: bob }, SubmitRefusal.Unknown],
        ['someone else', { pending, submitterId: 'mallory', now: 2_000, target: bob }, SubmitRefusal.NotOwner],
        ['too late', { pending, submitterId: 'admin', now: 1_000 + PENDING_RESET_TTL_MS + 1, target: bob }, SubmitRefusal.Expired],
        ['a renamed account', { pending, submitterId: 'admin', now: 2_000, target: user('bob', { username: 'robert' }) }, SubmitRefusal.TargetChanged],
        ['a deleted account', { pending, submitterId: 'admin', now: 2_000, target: undefined }, SubmitRefusal.TargetChanged],
    ])('refuses %s', (_name, input, expected) => {
        expect(checkSubmission(input)).toBe(expected);
    });

    it('recognises stored dialogs', () => {
        expect(isPendingReset(pending)).toBe(true);
        expect(isPendingReset({ ...pending, openedAt: 'now' })).toBe(false);
        expect(isPendingReset(null)).toBe(false);
    });
});
