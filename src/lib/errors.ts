/** An error's name only, for a log line: its message may quote whatever the failing call carried. */
export function errorName(error: unknown): string {
    return error instanceof Error ? error.name : typeof error;
}
