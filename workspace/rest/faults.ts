// Faults a test injects per REST route: an error status, no answer, a dropped connection, a broken body, or a delay.
// Not Rocket.Chat behaviour: the ways a real server or network fails the app.
import type { Reply } from './api';
import { forbidden, loggedOut, tooManyRequests } from './api';

export type Fault =
    | { kind: 'status'; status: 401 | 403 | 429 | 500 }
    | { kind: 'hang' }
    | { kind: 'close' }
    | { kind: 'malformed' }
    | { kind: 'delay'; ms: number };

export class FaultTable {
    private readonly faults = new Map<string, Array<{ fault: Fault; remaining: number }>>();

    /** Make `route` (e.g. 'users.resetE2EKey', or '*') misbehave for the next `times` requests (default: until cleared). */
    inject(route: string, fault: Fault, times = Number.POSITIVE_INFINITY): void {
        const list = this.faults.get(route) ?? [];
        list.push({ fault, remaining: times });
        this.faults.set(route, list);
    }

    clear(route?: string): void {
        if (route) {
            this.faults.delete(route);
        } else {
            this.faults.clear();
        }
    }

    /** The next fault for `route` (its own first, then '*'), counted down. */
    take(route: string): Fault | undefined {
        for (const key of [route, '*']) {
            const entry = this.faults.get(key)?.find((f) => f.remaining > 0);
            if (entry) {
                entry.remaining -= 1;
                return entry.fault;
            }
        }
        return undefined;
    }

    /** Waits out every delay in a row, then gives the fault that follows them (if any). */
    async takeAfterDelays(route: string): Promise<Fault | undefined> {
        let fault = this.take(route);
        while (fault?.kind === 'delay') {
            await new Promise((r) => setTimeout(r, fault && fault.kind === 'delay' ? fault.ms : 0));
            fault = this.take(route);
        }
        return fault;
    }
}

/** The reply an injected status fault gives, in Rocket.Chat's shapes (the 429 as the rate limiter words it). */
export function statusFaultReply(status: 401 | 403 | 429 | 500, breaking = false): Reply {
    switch (status) {
        case 401:
            return loggedOut(breaking);
        case 403:
            return forbidden(undefined, breaking);
        case 429:
            return tooManyRequests('Error, too many requests. Please slow down. You must wait 60 seconds before trying this endpoint again. [error-too-many-requests]');
        default:
            return { statusCode: 500, body: { success: false, error: 'Internal server error' } };
    }
}
