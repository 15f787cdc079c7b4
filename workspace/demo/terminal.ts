// How the demo prints: lines to an output, optional ANSI bold/dim, quoted blocks, tables, and the parts of an
// action's report (who refused, who was told what, the dialogs that opened, what changed). No workspace access
// beyond the labels it is given.
import type { ModalView } from '../Workspace';
import type { Notification } from '../rocketchat/types';

export type Output = (line: string) => void;

export interface Refusal {
    /** 'app': an AppsEngineException, shown to the person by Rocket.Chat; 'rocketchat': Rocket.Chat's own check. */
    by: 'app' | 'rocketchat' | 'error';
    text: string;
}

export class Terminal {
    constructor(
        private readonly out: Output,
        /** ANSI bold headings (a terminal) */
        private readonly color = false,
    ) {}

    bold(text: string): string {
        return this.color ? `\x1b[1m${text}\x1b[0m` : text;
    }

    dim(text: string): string {
        return this.color ? `\x1b[2m${text}\x1b[0m` : text;
    }

    print(line = ''): void {
        this.out(line);
    }

    quote(text: string, prefix = '    │ '): void {
        for (const line of text.split('\n')) {
            this.out(`${prefix}${line}`);
        }
    }

    table(header: string[], rows: string[][]): void {
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
        const line = (cells: string[]) => '  ' + cells.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
        this.out(this.bold(line(header)));
        for (const r of rows) {
            this.out(line(r));
        }
    }

    refusal(refused: Refusal, who: string): void {
        if (refused.by === 'app') {
            this.out(`  ${this.bold('refused by the app')}; Rocket.Chat shows ${who} the app's reason:`);
        } else if (refused.by === 'rocketchat') {
            this.out(`  ${this.bold('refused by Rocket.Chat itself')} (before any app sees it):`);
        } else {
            this.out(`  ${this.bold('failed')}:`);
        }
        this.quote(refused.text);
    }

    /** What people were told, per person; `place(n)` is ' in #room' or ''. */
    told(told: Notification[], username: (userId: string) => string, place: (n: Notification) => string): void {
        const byUser = new Map<string, Notification[]>();
        for (const n of told) {
            byUser.set(n.userId, [...(byUser.get(n.userId) ?? []), n]);
        }
        for (const [userId, list] of byUser) {
            const name = username(userId);
            for (const n of list) {
                const email = (n.message as { email?: boolean }).email;
                const who = n.kind === 'room' ? `@${name} (everyone in the room was told)` : email ? `Rocket.Chat e-mails @${name}` : `@${name} was told privately`;
                this.out(`  ${who}${email ? '' : place(n)}:`);
                this.quote(n.text);
            }
        }
    }

    modal(username: string, modal: ModalView, intro = 'dialog open for'): void {
        const view = modal.view as { title?: { text?: string }; blocks?: Array<{ text?: { text?: string } }>; submit?: { text?: { text?: string } }; close?: { text?: { text?: string } } };
        this.out(`  ${intro} @${username} (view id ${modal.id}):`);
        this.out(`    ┌ ${view.title?.text ?? '(untitled)'}`);
        for (const block of view.blocks ?? []) {
            if (block.text?.text) {
                this.quote(block.text.text, '    │ ');
            }
        }
        const buttons = [view.submit?.text?.text, view.close?.text?.text].filter(Boolean).map((t) => `[${t}]`);
        this.out(`    └ ${buttons.join(' ') || '(no buttons)'}`);
        if (modal.errors && Object.keys(modal.errors).length) {
            this.out(`      errors: ${JSON.stringify(modal.errors)}`);
        }
    }

    changes(changes: string[]): void {
        if (changes.length === 0) {
            this.out(`  workspace: ${this.dim('nothing changed')}`);
            return;
        }
        this.out('  workspace:');
        for (const c of changes) {
            this.out(`    • ${c}`);
        }
    }
}
