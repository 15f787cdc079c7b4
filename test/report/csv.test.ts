import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { CHUNKS_PER_PART, chunksOfPart, csvCell, csvHeader, csvLine, isCsvRow, partCount, reportFileName } from '../../src/report/csv';
import { parseCsv } from '../harness/csv';

describe('csv', () => {
    it('writes the columns a spreadsheet expects', () => {
        expect(csvHeader()).toBe('room_id,kind,room,encrypted,policy,expected,members_waiting_for_keys\r\n');
        expect(csvLine(['r1', 'private_channel', '#ops', false, 'required', true, 0])).toBe('r1,private_channel,#ops,false,required,true,0\r\n');
    });

    it('quotes commas, quotes and line breaks, and neutralizes what a spreadsheet would run as a formula', () => {
        expect(csvCell('a, b')).toBe('"a, b"');
        expect(csvCell('say "hi"')).toBe('"say ""hi"""');
        expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
        expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
        for (const start of ['+', '-', '@', '\t', '\r']) {
            expect(csvCell(`${start}1`).replace(/^"/, '').startsWith("'")).toBe(true);
        }
        expect(csvCell(-1)).toBe("'-1");
    });

    it('reads back as written, cell for cell, whatever a room is named', () => {
        fc.assert(
            fc.property(fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 6 }), (cells) => {
                const [row] = parseCsv(csvLine(cells));
                expect(row).toEqual(cells.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
            }),
        );
    });

    it('splits the rows into files of at most CHUNKS_PER_PART chunks', () => {
        expect(partCount(0)).toBe(1);
        expect(partCount(CHUNKS_PER_PART)).toBe(1);
        expect(partCount(CHUNKS_PER_PART + 1)).toBe(2);
        expect(chunksOfPart(1, CHUNKS_PER_PART + 3)).toEqual([100, 101, 102]);
        expect(chunksOfPart(0, 2)).toEqual([0, 1]);
        expect(chunksOfPart(2, 150)).toEqual([]);
    });

    it('names the files by day and part', () => {
        const at = new Date('2026-01-31T23:59:00Z');
        expect(reportFileName(at, 0, 1)).toBe('e2ee-report-2026-01-31.csv');
        expect(reportFileName(at, 1, 3)).toBe('e2ee-report-2026-01-31-part2-of-3.csv');
    });

    it('validates a stored row', () => {
        expect(isCsvRow(['r', 'direct', 'a, b', true, 'disabled', false, 2])).toBe(true);
        expect(isCsvRow(['r', 'direct', 'a, b', 'true', 'disabled', false, 2])).toBe(false);
        expect(isCsvRow(['r'])).toBe(false);
    });
});
