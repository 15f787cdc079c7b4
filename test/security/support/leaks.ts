// The "no leaks" check shared by every security test file: each file registers the secrets it uses (message
// texts, ciphertexts, tokens: distinctive markers), and its last test scans everything the app and the
// engine produced for any of them. The scan is proven to work by planting a fresh marker in each place it
// reads and seeing it found.
import { expect, it, jest } from '@jest/globals';
import { randomBytes } from 'crypto';
import { format } from 'util';

import type { Workspace } from '../../../workspace/Workspace';

export type Place = 'app-logs' | 'engine-logs' | 'console' | 'notifications' | 'ui-interactions' | 'app-persistence' | 'emails';

export const PLACES: ReadonlyArray<Place> = ['app-logs', 'engine-logs', 'console', 'notifications', 'ui-interactions', 'app-persistence', 'emails'];

export interface Finding {
    readonly place: Place;
    readonly secret: string;
}

/** Records every console line of this test file (and still prints it), from construction on. */
class ConsoleCapture {
    readonly lines: Array<string> = [];

    constructor() {
        for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
            // eslint-disable-next-line no-console
            const original = console[method].bind(console);
            jest.spyOn(console, method).mockImplementation((...args: Array<unknown>) => {
                this.lines.push(format(...args));
                original(...args);
            });
        }
    }
}

export class LeakScanner {
    /** secret value -> what it is (never printed: the label is) */
    private readonly secrets = new Map<string, string>();
    private readonly console = new ConsoleCapture();

    /** A distinctive marker for a secret of this kind, registered for the scan. */
    marker(label: string): string {
        const value = `${label.toUpperCase()}-${randomBytes(6).toString('hex')}-QZX`;
        this.register(label, value);
        return value;
    }

    /** Random base64 ciphertext of `bytes` bytes (unique, so distinctive), registered for the scan. */
    ciphertext(label: string, bytes = 48): string {
        const value = randomBytes(bytes).toString('base64');
        this.register(label, value);
        return value;
    }

    register(label: string, value: string): void {
        if (value.length < 8) {
            throw new Error(`secret ${label} is too short to scan for meaningfully`);
        }
        this.secrets.set(value, label);
    }

    /** Where a finding sits, with the secret itself masked: for the failure message. */
    context(ws: Workspace, finding: Finding): string {
        const text = this.texts(ws)[finding.place];
        for (const [secret, label] of this.secrets) {
            if (label !== finding.secret) {
                continue;
            }
            const escaped = JSON.stringify(secret).slice(1, -1);
            const at = Math.max(text.indexOf(secret), text.indexOf(escaped));
            if (at >= 0) {
                return text.slice(Math.max(0, at - 300), at).replace(/\s+/g, ' ') + '<SECRET>';
            }
        }
        return '';
    }

    get count(): number {
        return this.secrets.size;
    }

    /** Every place's text, as one string each. */
    texts(ws: Workspace): Record<Place, string> {
        const json = (value: unknown) => JSON.stringify(value) ?? '';
        return {
            'app-logs': json(ws.appLogs()),
            'engine-logs': json(ws.engine.logs.entries),
            console: this.console.lines.join('\n'),
            notifications: json(ws.server.model.notifications),
            'ui-interactions': json([...ws.engine.ctx.uiInteractions.entries()]),
            'app-persistence': json([...ws.engine.ctx.persistence.values()]),
            emails: json(ws.engine.ctx.emails),
        };
    }

    /** Where any registered secret appears (also JSON-escaped). */
    scan(ws: Workspace, secrets: Iterable<string> = this.secrets.keys()): Array<Finding> {
        const texts = this.texts(ws);
        const findings: Array<Finding> = [];
        for (const secret of secrets) {
            const escaped = JSON.stringify(secret).slice(1, -1);
            for (const place of PLACES) {
                if (texts[place].includes(secret) || texts[place].includes(escaped)) {
                    findings.push({ place, secret: this.secrets.get(secret) ?? 'planted' });
                }
            }
        }
        return findings;
    }

    /**
     * Puts a fresh marker into every place the scan reads, the way each place is written (a log entry, a
     * console line, a notification, a UI interaction, a persistence record, an e-mail) and returns them.
     * Call after the real scan; the planted records are removed again.
     */
    plantAndFind(ws: Workspace): Record<Place, boolean> {
        const found = {} as Record<Place, boolean>;
        const appId = ws.appId;
        for (const place of PLACES) {
            const planted = `PLANTED-${place}-${randomBytes(6).toString('hex')}`;
            const undo = plant(ws, appId, place, planted);
            try {
                found[place] = this.scan(ws, [planted]).some((f) => f.place === place);
            } finally {
                undo();
            }
        }
        return found;
    }
}

function plant(ws: Workspace, appId: string, place: Place, marker: string): () => void {
    const pushed = <T>(list: Array<T>, item: T) => {
        list.push(item);
        return () => {
            const index = list.indexOf(item);
            if (index >= 0) {
                list.splice(index, 1);
            }
        };
    };
    switch (place) {
        case 'app-logs':
        case 'engine-logs':
            return pushed(ws.engine.logs.entries, {
                appId: place === 'app-logs' ? appId : 'runtime',
                method: 'planted',
                entries: [{ caller: 'planted', severity: 'error', method: 'planted', timestamp: new Date(), args: [marker] }],
                startTime: new Date(),
                endTime: new Date(),
                totalTime: 0,
                _createdAt: new Date(),
            } as never);
        case 'console':
            // eslint-disable-next-line no-console
            console.warn(`planted ${marker}`);
            return () => undefined;
        case 'notifications':
            return pushed(ws.server.model.notifications, { kind: 'user', userId: 'planted', text: marker, message: {}, at: new Date().toISOString() });
        case 'ui-interactions': {
            const list = ws.engine.ctx.uiInteractions.get('planted') ?? [];
            ws.engine.ctx.uiInteractions.set('planted', list);
            list.push({ type: 'modal.open', appId, triggerId: 't', view: { id: 'planted', title: marker } } as never);
            return () => ws.engine.ctx.uiInteractions.delete('planted');
        }
        case 'app-persistence':
            ws.engine.ctx.persistence.set('planted', { _id: 'planted', appId, data: { note: marker } });
            return () => ws.engine.ctx.persistence.delete('planted');
        case 'emails':
            return pushed(ws.engine.ctx.emails, { appId, email: { subject: marker } });
    }
}

/**
 * The last test of a security file: nothing registered appears anywhere, and the scan does find a marker
 * planted in each place (so "nothing found" means something).
 */
export function itLeaksNothing(getWorkspace: () => Workspace, scanner: LeakScanner): void {
    it('leaks no message text, ciphertext or token into logs, notifications, dialogs, persistence or e-mails', () => {
        const ws = getWorkspace();
        expect(scanner.count).toBeGreaterThan(0);
        expect(scanner.scan(ws).map((f) => `${f.secret} in ${f.place}: ${scanner.context(ws, f)}`)).toEqual([]);
        const found = scanner.plantAndFind(ws);
        expect(found).toEqual(Object.fromEntries(PLACES.map((p) => [p, true])));
        report('leak scan', { secrets: scanner.count, places: PLACES.length });
    });
}

/** Prints a count line for the README's testing section. */
export function report(label: string, counts: Record<string, number | string>): void {
    const line = `[security counts] ${label}: ${Object.entries(counts)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`;
    // eslint-disable-next-line no-console
    console.log(line);
}
