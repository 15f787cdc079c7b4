/**
 * The report's file: one line per room out of policy, RFC 4180 CSV. Room names are whatever
 * people typed, so a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR)
 * is prefixed with `'`, and a cell with a quote, comma or line break is quoted.
 */
export const CSV_COLUMNS = ['room_id', 'kind', 'room', 'encrypted', 'policy', 'expected', 'members_waiting_for_keys'] as const;

/** One row, in the order of CSV_COLUMNS: stored like this between the report's slices. */
export type CsvRow = readonly [roomId: string, kind: string, room: string, encrypted: boolean, policy: string, expected: boolean, waiting: number];

export function csvCell(value: string | number | boolean): string {
    let cell = String(value);
    if (/^[=+\-@\t\r]/.test(cell)) {
        cell = `'${cell}`;
    }
    return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvLine(cells: ReadonlyArray<string | number | boolean>): string {
    return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvHeader(): string {
    return csvLine(CSV_COLUMNS);
}

/**
 * Rows are kept in chunks of at most one listing page; a file holds at most this many chunks,
 * so the app never has more than one file's rows in memory (10,000 rows at pages of 100).
 */
export const CHUNKS_PER_PART = 100;

export function partCount(chunks: number): number {
    return Math.max(1, Math.ceil(chunks / CHUNKS_PER_PART));
}

/** The chunk indexes of one part (0-based), given how many chunks there are. */
export function chunksOfPart(part: number, chunks: number): Array<number> {
    const first = part * CHUNKS_PER_PART;
    const last = Math.min(chunks, first + CHUNKS_PER_PART);
    return Array.from({ length: Math.max(0, last - first) }, (_, i) => first + i);
}

/** `e2ee-report-2026-01-31.csv`, or `e2ee-report-2026-01-31-part2-of-3.csv` when the rows take several files. */
export function reportFileName(at: Date, part: number, parts: number): string {
    const day = at.toISOString().slice(0, 10);
    return parts > 1 ? `e2ee-report-${day}-part${part + 1}-of-${parts}.csv` : `e2ee-report-${day}.csv`;
}

export function isCsvRow(value: unknown): value is CsvRow {
    return (
        Array.isArray(value) &&
        value.length === CSV_COLUMNS.length &&
        typeof value[0] === 'string' &&
        typeof value[1] === 'string' &&
        typeof value[2] === 'string' &&
        typeof value[3] === 'boolean' &&
        typeof value[4] === 'string' &&
        typeof value[5] === 'boolean' &&
        Number.isInteger(value[6])
    );
}
