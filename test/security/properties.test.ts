// Property-based tests (fast-check) of the two places hostile input enters: the /e2e argument parser and the
// ciphertext detector behind the message guard. Stronger than the unit properties beside
// the sources: model-based (the generator knows what it built, the expectation comes from that, not from
// the code under test) and adversarial (near-valid inputs with one defect).
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { parseArguments, Subcommand } from '../../src/commands/arguments';
import { contentFormat, isCiphertextText, isOpaqueContent, isV1Ciphertext } from '../../src/policy/ciphertext';
import { judgeMessage, shouldStripSearchableCiphertext } from '../../src/policy/messageGuard';
import { expectedStrip, expectedVerdict } from '../oracle/messages';
import { report } from './support/leaks';
import { arbBadClaim, arbModelMessage, arbV1, arbV2Content } from './support/messages';

const RUNS = 300;
let inputs = 0;
const counted = <T>(arb: fc.Arbitrary<T>) => arb.map((v) => ((inputs += 1), v));

afterAll(() => {
    report('property inputs (parser + detector + guard)', { inputs });
});

// ------------------------------------------------------------------------------------------ parser
/** Characters that mean something in a URL, a path, a query, a shell or markup. */
const METACHARACTERS = ['/', '\\', '?', '#', '%', '&', '=', '+', ';', '@', '"', "'", '<', '>', '`', '|', '*', '$', '{', '}', '[', ']', ',', '!', '~', '^'];
const NAME_CHARS = [...'abcxyzABCXYZ0189._-', 'é', 'ü', 'ñ', 'ß', 'ж', 'д', 'ا', '中', '文', 'ā', 'e\u0301'];
const HOSTILE_CHARS = [...METACHARACTERS, ' ', '\t', '\n', '\r', '\u0000', '\u0007', '\u001b', '\u007f', '\u00a0', '\u200b', '\u200d', '\u202e', '\u2028', '\ufeff', '\ud83d\ude00', 'а', 'ο', 'ｅ', '..', '%2f', '%00'];

const arbName = fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 40 }).filter((s) => [...s].length <= 100);
const arbHostileWord = fc.string({ unit: fc.oneof(fc.constantFrom(...NAME_CHARS), fc.constantFrom(...HOSTILE_CHARS), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 60 });

type Model =
    | { subcommand: 'status' | 'enable' | 'disable'; target?: { kind: 'room' | 'user'; name: string } }
    | { subcommand: 'reset-key'; username: string }
    | { subcommand: 'audit'; limit?: number }
    | { subcommand: 'help' };

const arbModel: fc.Arbitrary<Model> = fc.oneof(
    fc.record({ subcommand: fc.constantFrom('status' as const, 'enable' as const, 'disable' as const), target: fc.option(fc.record({ kind: fc.constantFrom('room' as const, 'user' as const), name: arbName }), { nil: undefined }) }),
    fc.record({ subcommand: fc.constant('reset-key' as const), username: arbName }),
    fc.record({ subcommand: fc.constant('audit' as const), limit: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }) }),
    fc.constant({ subcommand: 'help' as const }),
);

/** How a person would type the model: any case for the sub-command, `#`/`@` prefixes, stray empty words. */
function render(model: Model, upper: boolean, padding: number): Array<string> {
    const words: Array<string> = [upper ? model.subcommand.toUpperCase() : model.subcommand];
    if ((model.subcommand === 'status' || model.subcommand === 'enable' || model.subcommand === 'disable') && model.target) {
        words.push(`${model.target.kind === 'room' ? '#' : '@'}${model.target.name}`);
    } else if (model.subcommand === 'reset-key') {
        words.push(`@${model.username}`);
    } else if (model.subcommand === 'audit' && model.limit !== undefined) {
        words.push(String(model.limit));
    }
    return [...Array<string>(padding).fill(''), ...words, ...Array<string>(padding).fill('')];
}

function expectedParse(model: Model): unknown {
    switch (model.subcommand) {
        case 'help':
            return { subcommand: Subcommand.Help };
        case 'audit':
            return { subcommand: Subcommand.Audit, limit: model.limit ?? 20 };
        case 'reset-key':
            return { subcommand: Subcommand.ResetKey, username: model.username };
        default:
            return {
                subcommand: model.subcommand,
                target: model.target ? (model.target.kind === 'room' ? { kind: 'room', name: model.target.name } : { kind: 'user', username: model.target.name }) : { kind: 'current' },
            };
    }
}

/** Every name the parser hands on: the room or user it will look up. */
function namesOf(parsed: ReturnType<typeof parseArguments>): Array<string> {
    if (parsed.subcommand === Subcommand.ResetKey) {
        return [parsed.username];
    }
    if ('target' in parsed && parsed.target.kind === 'room') {
        return [parsed.target.name];
    }
    if ('target' in parsed && parsed.target.kind === 'user') {
        return [parsed.target.username];
    }
    return [];
}

describe('the /e2e argument parser', () => {
    it('reads back every well-formed command exactly (model-based round trip)', () => {
        fc.assert(
            fc.property(counted(arbModel), fc.boolean(), fc.nat(3), (model, upper, padding) => {
                expect(parseArguments(render(model, upper, padding))).toEqual(expectedParse(model));
            }),
            { numRuns: RUNS },
        );
    });

    it('never throws and never hands on a name holding a URL, path or query metacharacter, whitespace, a control or format character', () => {
        const forbidden = /[\s\p{C}\p{Z}/\\?#%&=+;@"'<>`|*${}[\],!~^]/u;
        fc.assert(
            fc.property(counted(fc.array(arbHostileWord, { maxLength: 6 })), fc.constantFrom('status', 'enable', 'disable', 'reset-key', 'audit', 'STATUS', ''), (words, sub) => {
                const parsed = parseArguments([sub, ...words]);
                expect(parseArguments([sub, ...words])).toEqual(parsed);
                for (const name of namesOf(parsed)) {
                    expect(name).not.toMatch(forbidden);
                    expect([...name].length).toBeLessThanOrEqual(100);
                    expect(name.length).toBeGreaterThan(0);
                }
            }),
            { numRuns: RUNS },
        );
    });

    it('refuses a target once any single hostile character is slipped into an otherwise valid name', () => {
        const hostile = HOSTILE_CHARS.filter((c) => !['..', 'а', 'ο', 'ｅ'].includes(c));
        fc.assert(
            fc.property(counted(arbName), fc.constantFrom(...hostile), fc.nat(), fc.constantFrom('#', '@'), fc.constantFrom('status', 'enable', 'reset-key'), (name, bad, at, prefix, sub) => {
                const i = at % (name.length + 1);
                const parsed = parseArguments([sub, `${sub === 'reset-key' ? '@' : prefix}${name.slice(0, i)}${bad}${name.slice(i)}`]);
                expect(parsed.subcommand).toBe('invalid');
            }),
            { numRuns: RUNS },
        );
    });

    it('copes with very long words and very many arguments', () => {
        fc.assert(
            fc.property(counted(fc.nat(200_000)), fc.nat(5_000), (length, count) => {
                const long = parseArguments(['status', `#${'a'.repeat(length)}`]);
                expect(long.subcommand === 'invalid' || length <= 100).toBe(true);
                const many = parseArguments(['enable', ...Array<string>(count + 2).fill('#room')]);
                expect(many).toEqual({ subcommand: 'invalid', attempted: Subcommand.Enable, error: 'too-many-arguments' });
            }),
            { numRuns: 30 },
        );
    });
});

// ------------------------------------------------------------------------------------------ detector
/** Puts one whitespace character somewhere inside `value`. */
const withWhitespace = (value: string) =>
    fc.tuple(fc.nat(), fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u000b', '\u000c')).map(([at, space]) => {
        const i = at % (value.length + 1);
        return value.slice(0, i) + space + value.slice(i);
    });

describe('the ciphertext detector', () => {
    it('accepts every well-formed payload the model builds: v1 strings, v1 and v2 content', () => {
        fc.assert(
            fc.property(counted(arbV1), arbV2Content, (v1, v2) => {
                expect(isV1Ciphertext(v1)).toBe(true);
                expect(contentFormat({ algorithm: 'rc.v1.aes-sha2', ciphertext: v1 })).toBe('v1');
                expect(contentFormat(v2)).toBe('v2');
                expect(isCiphertextText(v2.ciphertext, v2)).toBe(true);
            }),
            { numRuns: RUNS },
        );
    });

    it('never accepts anything holding whitespace, even a valid payload with one space slipped in', () => {
        fc.assert(
            fc.property(
                counted(arbV1.chain(withWhitespace)),
                arbV2Content.chain((c) => fc.constantFrom('kid', 'iv', 'ciphertext').chain((field) => withWhitespace(c[field as 'kid']).map((v) => ({ ...c, [field]: v })))),
                fc.string({ maxLength: 200 }).filter((s) => /\s/.test(s)),
                (v1, v2, anything) => {
                    expect(isV1Ciphertext(v1)).toBe(false);
                    expect(isV1Ciphertext(anything)).toBe(false);
                    expect(contentFormat(v2)).toBeUndefined();
                    expect(contentFormat({ algorithm: 'rc.v1.aes-sha2', ciphertext: v1 })).toBeUndefined();
                },
            ),
            { numRuns: RUNS },
        );
    });

    it('refuses every malformed claim the model builds (short iv, bad alphabet, short ciphertext, no kid, readable text as ciphertext, ...)', () => {
        fc.assert(
            fc.property(counted(arbBadClaim), (content) => {
                // malformed in shape, or well-shaped around readable text: never opaque ciphertext
                expect(isOpaqueContent(content)).toBe(false);
            }),
            { numRuns: RUNS },
        );
    });

    it('refuses a v1 string with one character removed, replaced by a non-base64 one, or its key id cut short', () => {
        fc.assert(
            fc.property(counted(arbV1), fc.nat(), fc.constantFrom('!', '-', '_', '.', ':', 'é', '\u0000', '='), (v1, at, bad) => {
                const i = 12 + (at % (v1.length - 12));
                expect(isV1Ciphertext(v1.slice(0, i) + v1.slice(i + 1))).toBe(false);
                if (!(bad === '=' && i >= v1.length - 2)) {
                    expect(isV1Ciphertext(v1.slice(0, i) + bad + v1.slice(i + 1))).toBe(false);
                }
                expect(isV1Ciphertext(v1.slice(1))).toBe(false);
            }),
            { numRuns: RUNS },
        );
    });
});

describe('the message guard, against the model of its rules', () => {
    let seq = 0;
    const marker = () => `PROPERTY-TEXT-${(seq += 1)}`;

    it('refuses and allows exactly what the rules say, for every kind of message, room and setting', () => {
        fc.assert(
            fc.property(counted(arbModelMessage(marker)), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (m, roomEncrypted, blockPlaintext, blockMisplacedCiphertext, strip) => {
                const view = { type: m.t, text: m.msg, content: m.content };
                const verdict = judgeMessage(view, roomEncrypted, { blockPlaintext, blockMisplacedCiphertext });
                const expected = expectedVerdict(m.labels, roomEncrypted, { blockPlaintext, blockMisplacedCiphertext });
                expect(verdict.refuse ? verdict.reason : 'allow').toBe(expected);
                if (verdict.refuse) {
                    // Plaintext and malformed claims are only refused while the workspace has E2EE on.
                    expect(verdict.whileE2EEnabled).toBe(expected !== 'misplaced-ciphertext');
                }
                expect(shouldStripSearchableCiphertext(view, strip)).toBe(expectedStrip(m.labels, strip));
            }),
            { numRuns: 2 * RUNS },
        );
    });

    it('never lets readable words into an encrypted room while blocking is on', () => {
        fc.assert(
            fc.property(counted(arbModelMessage(marker)), (m) => {
                const verdict = judgeMessage({ type: m.t, text: m.msg, content: m.content }, true, { blockPlaintext: true, blockMisplacedCiphertext: true });
                if (m.labels.text === 'plain') {
                    expect(verdict.refuse).toBe(true);
                }
            }),
            { numRuns: RUNS },
        );
    });
});
