import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { displayField } from '../../src/audit/displayField';

const SEPARATOR = ' · ';

describe('displayField', () => {
    it('shows names made of Rocket.Chat’s default name characters as they are', () => {
        for (const plain of ['#general', '#my_room', '#team.ops-2', '@alice', '@a, @b', 'XyZ12abcdEFgh', '-']) {
            expect(displayField(plain)).toBe(plain);
        }
    });

    it('quotes a room name that imitates the fields of a line', () => {
        const forged = '#x · reset-key · done · by @ceo';
        const shown = displayField(forged);
        expect(shown).toBe('"#x \\u00b7 reset-key \\u00b7 done \\u00b7 by @ceo"');
        expect(shown.split(SEPARATOR)).toHaveLength(1);
        expect(JSON.parse(shown)).toBe(forged);
    });

    it('escapes quotes, backslashes, markdown, controls, bidirectional overrides and line separators', () => {
        expect(displayField('a"b\\c')).toBe('"a\\"b\\\\c"');
        expect(displayField('#*bold* _it_ `code` ~s~ |t| <x> [l]')).toBe('"#\\u002abold\\u002a \\u005fit\\u005f \\u0060code\\u0060 \\u007es\\u007e \\u007ct\\u007c \\u003cx\\u003e \\u005bl\\u005d"');
        expect(displayField('#a\u202eb\u2028c\nd\u0007')).toBe('"#a\\u202eb\\u2028c\\nd\\u0007"');
        expect(displayField('#tag\u{e0041}')).toBe('"#tag\\udb40\\udc41"');
    });

    it('never lets any value produce a separator, a line break, a markdown character or an unbalanced quote', () => {
        fc.assert(
            fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
                const shown = displayField(value);
                if (shown !== value) {
                    expect(JSON.parse(shown)).toBe(value);
                }
                expect(shown.includes('·')).toBe(false);
                expect(/[\n\r\u2028\u2029\u202a-\u202e\u2066-\u2069*`~|<>]/.test(shown)).toBe(false);
            }),
            { numRuns: 2000 },
        );
    });
});
