import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { DEFAULT_AUDIT_LIMIT, EnforceControl, parseArguments, Subcommand } from '../../src/commands/arguments';
import { EnforceTarget } from '../../src/policy/enforcement';

describe('parseArguments', () => {
    it.each([
        [[], { subcommand: Subcommand.Help }],
        [['help'], { subcommand: Subcommand.Help }],
        [['HELP'], { subcommand: Subcommand.Help }],
        [['frobnicate'], { subcommand: Subcommand.Help, error: 'unknown-subcommand' }],
        [['status'], { subcommand: Subcommand.Status, target: { kind: 'current' } }],
        [['status', '#secret-room'], { subcommand: Subcommand.Status, target: { kind: 'room', name: 'secret-room' } }],
        [['enable', 'general'], { subcommand: Subcommand.Enable, target: { kind: 'room', name: 'general' } }],
        [['disable', '@alice'], { subcommand: Subcommand.Disable, target: { kind: 'user', username: 'alice' } }],
        [['enable', '#équipe'], { subcommand: Subcommand.Enable, target: { kind: 'room', name: 'équipe' } }],
        [['enable', '#a', '#b'], { subcommand: 'invalid', attempted: Subcommand.Enable, error: 'too-many-arguments' }],
        [['enable', '#'], { subcommand: 'invalid', attempted: Subcommand.Enable, error: 'invalid-target' }],
        [['enable', '@'], { subcommand: 'invalid', attempted: Subcommand.Enable, error: 'invalid-target' }],
        [['status', '#a/../../api'], { subcommand: 'invalid', attempted: Subcommand.Status, error: 'invalid-target' }],
        [['status', '#room?x=1'], { subcommand: 'invalid', attempted: Subcommand.Status, error: 'invalid-target' }],
        [['status', `#${'a'.repeat(101)}`], { subcommand: 'invalid', attempted: Subcommand.Status, error: 'invalid-target' }],
        [['status', '#bell\u0007'], { subcommand: 'invalid', attempted: Subcommand.Status, error: 'invalid-target' }],
        [['reset-key'], { subcommand: 'invalid', attempted: Subcommand.ResetKey, error: 'missing-user' }],
        [['reset-key', '@bob'], { subcommand: Subcommand.ResetKey, username: 'bob' }],
        [['reset-key', 'bob'], { subcommand: Subcommand.ResetKey, username: 'bob' }],
        [['reset-key', '@bob', 'now'], { subcommand: 'invalid', attempted: Subcommand.ResetKey, error: 'too-many-arguments' }],
        [['reset-key', '@bo b'], { subcommand: 'invalid', attempted: Subcommand.ResetKey, error: 'invalid-user' }],
        [['audit'], { subcommand: Subcommand.Audit, limit: DEFAULT_AUDIT_LIMIT }],
        [['audit', '5'], { subcommand: Subcommand.Audit, limit: 5 }],
        [['audit', '100'], { subcommand: Subcommand.Audit, limit: 100 }],
        [['audit', '0'], { subcommand: 'invalid', attempted: Subcommand.Audit, error: 'invalid-limit' }],
        [['audit', '101'], { subcommand: 'invalid', attempted: Subcommand.Audit, error: 'invalid-limit' }],
        [['audit', '-1'], { subcommand: 'invalid', attempted: Subcommand.Audit, error: 'invalid-limit' }],
        [['audit', '1e2'], { subcommand: 'invalid', attempted: Subcommand.Audit, error: 'invalid-limit' }],
        [['audit', '5', '6'], { subcommand: 'invalid', attempted: Subcommand.Audit, error: 'too-many-arguments' }],
        [['', 'status', ''], { subcommand: Subcommand.Status, target: { kind: 'current' } }],
        [['report'], { subcommand: Subcommand.Report }],
        [['REPORT'], { subcommand: Subcommand.Report }],
        [['report', 'now'], { subcommand: 'invalid', attempted: Subcommand.Report, error: 'too-many-arguments' }],
        [['enforce'], { subcommand: 'invalid', attempted: Subcommand.Enforce, error: 'missing-enforce-target' }],
        [['enforce', 'direct'], { subcommand: Subcommand.Enforce, scope: EnforceTarget.Direct }],
        [['enforce', 'private-channel'], { subcommand: Subcommand.Enforce, scope: EnforceTarget.PrivateChannel }],
        [['enforce', 'private-team'], { subcommand: Subcommand.Enforce, scope: EnforceTarget.PrivateTeam }],
        [['enforce', 'Discussion'], { subcommand: Subcommand.Enforce, scope: EnforceTarget.Discussion }],
        [['enforce', 'all'], { subcommand: Subcommand.Enforce, scope: EnforceTarget.All }],
        [['enforce', 'status'], { subcommand: Subcommand.Enforce, control: EnforceControl.Status }],
        [['enforce', 'cancel'], { subcommand: Subcommand.Enforce, control: EnforceControl.Cancel }],
        [['enforce', 'private_channel'], { subcommand: 'invalid', attempted: Subcommand.Enforce, error: 'invalid-enforce-target' }],
        [['enforce', 'public-channel'], { subcommand: 'invalid', attempted: Subcommand.Enforce, error: 'invalid-enforce-target' }],
        [['enforce', 'all', 'now'], { subcommand: 'invalid', attempted: Subcommand.Enforce, error: 'too-many-arguments' }],
    ])('%j', (args, expected) => {
        expect(parseArguments(args)).toEqual(expected);
    });

    it('never throws, and every name it accepts is plain letters, digits, marks and ._-', () => {
        fc.assert(
            fc.property(fc.array(fc.string({ maxLength: 120 }), { maxLength: 8 }), (args) => {
                const parsed = parseArguments(args);
                if ('target' in parsed && parsed.target.kind !== 'current') {
                    if (parsed.target.kind === 'room') {
                        expect(parsed.target.name).toMatch(/^[\p{L}\p{N}\p{M}._-]{1,100}$/u);
                    } else {
                        expect(parsed.target.username).toMatch(/^[\p{L}\p{N}\p{M}._:-]{1,100}$/u);
                    }
                }
                if (parsed.subcommand === Subcommand.ResetKey) {
                    expect(parsed.username).toMatch(/^[\p{L}\p{N}\p{M}._:-]{1,100}$/u);
                }
                if (parsed.subcommand === Subcommand.Audit) {
                    expect(parsed.limit).toBeGreaterThanOrEqual(1);
                    expect(parsed.limit).toBeLessThanOrEqual(100);
                }
            }),
        );
    });

    it('refuses every argument holding a URL or path metacharacter', () => {
        fc.assert(
            fc.property(fc.string({ maxLength: 30 }), fc.constantFrom('/', '?', '&', '%', '#', ' ', '\n', '\u0000', ':'), fc.string({ maxLength: 30 }), (before, bad, after) => {
                const parsed = parseArguments(['status', `#${before}${bad}${after}`]);
                expect(parsed.subcommand).toBe('invalid');
            }),
        );
    });
});
