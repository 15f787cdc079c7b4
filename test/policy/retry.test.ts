import { describe, expect, it } from '@jest/globals';

import { Policy } from '../../src/policy/Policy';
import type { RetryEntry } from '../../src/policy/retry';
import { failedAgain, isRetryEntry, retryDecision } from '../../src/policy/retry';
import { RoomKind } from '../../src/policy/RoomKind';

const policies = (policy: Policy) =>
    ({ [RoomKind.Direct]: policy, [RoomKind.PrivateChannel]: policy, [RoomKind.PrivateTeam]: policy, [RoomKind.Discussion]: policy }) as never;

const entry = (over: Partial<RetryEntry> = {}): RetryEntry => ({
    v: 1,
    roomId: 'r',
    wanted: true,
    action: 'auto-enable',
    firstFailedAt: 1,
    attempts: 1,
    lastAttemptAt: 1,
    ...over,
});

const room = (encrypted: boolean, kind = RoomKind.PrivateChannel, exempt = false) => ({ kind, encrypted, exempt });

describe('retryDecision', () => {
    it('retries an automatic enable while the policy encrypts new rooms', () => {
        expect(retryDecision(entry(), room(false), policies(Policy.Default))).toBe('retry');
        expect(retryDecision(entry(), room(false), policies(Policy.Required))).toBe('retry');
        expect(retryDecision(entry(), room(false), policies(Policy.Optional))).toBe('drop-policy');
    });

    it('retries a revert while the policy enforces that state', () => {
        expect(retryDecision(entry({ action: 'revert', wanted: false }), room(true), policies(Policy.Disabled))).toBe('retry');
        expect(retryDecision(entry({ action: 'revert', wanted: false }), room(true), policies(Policy.Optional))).toBe('drop-policy');
        expect(retryDecision(entry({ action: 'revert', wanted: true }), room(false), policies(Policy.Default))).toBe('drop-policy');
    });

    it('drops it when the room is gone, already in the wanted state, or one the policy leaves alone', () => {
        expect(retryDecision(entry(), undefined, policies(Policy.Required))).toBe('drop-gone');
        expect(retryDecision(entry(), room(true), policies(Policy.Required))).toBe('drop-done');
        expect(retryDecision(entry(), room(false, RoomKind.PublicChannel), policies(Policy.Required))).toBe('drop-policy');
        expect(retryDecision(entry(), room(false, RoomKind.Direct, true), policies(Policy.Required))).toBe('drop-policy');
    });

    it('counts attempts and validates stored entries', () => {
        expect(failedAgain(entry(), 99)).toMatchObject({ attempts: 2, lastAttemptAt: 99, firstFailedAt: 1 });
        expect(isRetryEntry(entry())).toBe(true);
        expect(isRetryEntry({ ...entry(), action: 'enable' })).toBe(false);
        expect(isRetryEntry({ ...entry(), attempts: 1.5 })).toBe(false);
    });
});
