// The "no leaks" check shared by the security files: each file registers the secrets it uses (message texts,
// ciphertexts, tokens: distinctive markers), and after every test the places the app and the engine write to are
// scanned for any of them. One test per file proves the scan reads every place, by planting a fresh marker in
// each and seeing it found there.
import { afterEach, expect, it, jest } from '@jest/globals';
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
    context(ws: Inspectable, finding: Finding): string {
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

    /** Every place's text, as one string each, read through the workspace's inspection methods. */
    texts(ws: Inspectable): Record<Place, string> {
        const json = (value: unknown) => JSON.stringify(value) ?? '';
        return {
            'app-logs': json(ws.appLogs()),
            'engine-logs': json(ws.engineLogs()),
            console: this.console.lines.join('\n'),
            notifications: json(ws.server.model.notifications),
            'ui-interactions': json(ws.uiInteractionsByUser()),
            'app-persistence': json(ws.persistedRecords()),
            emails: json(ws.sentEmails()),
        };
    }

    /** Where any registered secret appears (also JSON-escaped). */
    scan(ws: Inspectable, secrets: Iterable<string> = this.secrets.keys()): Array<Finding> {
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
     * For each place, a fresh marker planted in what the workspace shows of it (the way that place holds an
     * entry: a log entry, a console line, a notification, a UI interaction, a persistence record, an e-mail),
     * and whether the scan finds it there. Nothing is written into the workspace.
     */
    plantAndFind(ws: Workspace): Record<Place, boolean> {
        const found = {} as Record<Place, boolean>;
        for (const place of PLACES) {
            const planted = `PLANTED-${place}-${randomBytes(6).toString('hex')}`;
            const view = plant(ws, place, planted);
            found[place] = this.scan(view, [planted]).some((f) => f.place === place);
        }
        return found;
    }
}

/** What the scan reads of a workspace. */
type Inspectable = Pick<Workspace, 'appLogs' | 'engineLogs' | 'server' | 'uiInteractionsByUser' | 'persistedRecords' | 'sentEmails'>;

/** The workspace as the scan sees it, with `marker` added to one place. */
function plant(ws: Workspace, place: Place, marker: string): Inspectable {
    const appId = ws.appId;
    const logEntry = { appId, method: 'planted', entries: [{ caller: 'planted', severity: 'error', method: 'planted', timestamp: new Date(), args: [marker] }] };
    const view: Inspectable = {
        appLogs: () => [...ws.appLogs(), ...(place === 'app-logs' ? [logEntry as never] : [])],
        engineLogs: () => [...ws.engineLogs(), ...(place === 'engine-logs' ? [{ ...logEntry, appId: 'runtime' }] : [])],
        server: ws.server,
        uiInteractionsByUser: () => ({
            ...ws.uiInteractionsByUser(),
            ...(place === 'ui-interactions' && { planted: [{ type: 'modal.open', appId, triggerId: 't', view: { id: 'planted', title: marker } } as never] }),
        }),
        persistedRecords: (id?: string) => [...ws.persistedRecords(id), ...(place === 'app-persistence' ? [{ _id: 'planted', appId, data: { note: marker } }] : [])],
        sentEmails: () => [...ws.sentEmails(), ...(place === 'emails' ? [{ subject: marker }] : [])],
    };
    if (place === 'notifications') {
        return {
            ...view,
            server: { model: { notifications: [...ws.server.model.notifications, { kind: 'user', userId: 'planted', text: marker, message: {}, at: new Date().toISOString() }] } } as never,
        };
    }
    if (place === 'console') {
        // eslint-disable-next-line no-console
        console.warn(`planted ${marker}`);
    }
    return view;
}

/**
 * Scans after every test of the file that nothing registered appears anywhere (a leak fails the test that made
 * it), and adds one test that the scan finds a marker planted in each place (so "nothing found" means something).
 */
export function scanAfterEachTest(getWorkspace: () => Workspace | undefined, scanner: LeakScanner): void {
    afterEach(() => {
        const ws = getWorkspace();
        if (ws) {
            expect(scanner.scan(ws).map((f) => `${f.secret} in ${f.place}: ${scanner.context(ws, f)}`)).toEqual([]);
        }
    });

    it('scans every place the app and the engine write to: logs, console, notifications, dialogs, persistence, e-mails', () => {
        const ws = getWorkspace() as Workspace;
        expect(scanner.count).toBeGreaterThan(0);
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
