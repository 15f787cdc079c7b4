// A person at the workspace: acts as some user in some room, and after each action prints what they did, what
// the people involved were told, and what changed in the workspace. Shared by the guided tour and the prompt.
import { randomBytes, randomUUID } from 'crypto';

import type { ModalView, RcRoom, RcUser, SendPath, Workspace } from '../Workspace';
import { randomId } from '../rocketchat/ids';
import type { Notification } from '../rocketchat/types';
import type { Command, CreatableKind } from './commands';
import { coerceSettingValue, helpText, settingTypeOf } from './commands';
import type { RestCall, Snapshot } from './effects';
import { auditRecords, describeAudit, describeChanges, describeMessageForm, messageState, SECRET_SETTINGS, takeSnapshot } from './effects';
import { findMessageId, findRoom, findUser, roomKind, roomLabel } from './labels';

export type Output = (line: string) => void;

export interface Refusal {
    /** 'app': an AppsEngineException, shown to the person by Rocket.Chat; 'rocketchat': Rocket.Chat's own check. */
    by: 'app' | 'rocketchat' | 'error';
    text: string;
}

export interface Outcome {
    told: Notification[];
    refused?: Refusal;
    changes: string[];
    openedModals: ModalView[];
    /** what the action returned (a created room, a stored message...) */
    value?: unknown;
}

export interface SessionOptions {
    out: Output;
    /** ANSI bold headings (a terminal) */
    color?: boolean;
    /** longest wait for the app's fire-and-forget work after an action */
    quietMs?: number;
}

/** A fake but well-formed rc.v2 payload, as a current web client writes it: 12-byte iv, AES-GCM sized ciphertext. */
export function fakeCiphertext(kid: string = randomUUID(), plaintextBytes = 16 + (randomBytes(1)[0] % 48)): { algorithm: string; kid: string; iv: string; ciphertext: string } {
    return {
        algorithm: 'rc.v2.aes-sha2',
        kid,
        iv: randomBytes(12).toString('base64'),
        // AES-GCM: the ciphertext is as long as the plaintext plus a 16-byte tag
        ciphertext: randomBytes(plaintextBytes + 16).toString('base64'),
    };
}

function errorCode(e: unknown): string | undefined {
    const code = (e as { error?: unknown })?.error;
    return typeof code === 'string' ? code : undefined;
}

/** Who refused: the app (its AppsEngineException, or Rocket.Chat's wrapper around it) or Rocket.Chat itself. */
export function classifyError(e: unknown): Refusal {
    const error = e as Error;
    if (error?.name === 'AppsEngineException') {
        return { by: 'app', text: error.message };
    }
    const code = errorCode(e);
    if (code?.startsWith('error-app-prevented')) {
        return { by: 'app', text: error.message.replace(/\s*\[error-app-prevented[^\]]*\]$/, '') };
    }
    if (code || /^error-/.test(error?.message ?? '')) {
        return { by: 'rocketchat', text: error.message };
    }
    return { by: 'error', text: error instanceof Error ? error.message : String(e) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseLooseValue(raw: string): string | number | boolean {
    const value = raw.trim();
    if (/^(true|on|yes)$/i.test(value)) {
        return true;
    }
    if (/^(false|off|no)$/i.test(value)) {
        return false;
    }
    return value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

export class DemoSession {
    me: RcUser;
    here?: RcRoom;
    private readonly out: Output;
    private readonly color: boolean;
    private readonly quietMs: number;

    constructor(readonly ws: Workspace, options: SessionOptions) {
        this.out = options.out;
        this.color = options.color ?? false;
        this.quietMs = options.quietMs ?? 3000;
        this.me = ws.admin;
    }

    // ------------------------------------------------------------------ printing
    bold(text: string): string {
        return this.color ? `\x1b[1m${text}\x1b[0m` : text;
    }

    dim(text: string): string {
        return this.color ? `\x1b[2m${text}\x1b[0m` : text;
    }

    print(line = ''): void {
        this.out(line);
    }

    private quote(text: string, prefix = '    │ '): void {
        for (const line of text.split('\n')) {
            this.out(`${prefix}${line}`);
        }
    }

    label(room: RcRoom | undefined): string {
        return room ? roomLabel(this.ws.room(room._id) ?? room) : '(no room)';
    }

    private prompt(): string {
        return `${this.me.username} in ${this.label(this.here)}`;
    }

    promptText(): string {
        return `${this.prompt()}> `;
    }

    // ------------------------------------------------------------------ waiting
    private signature(): string {
        const c = this.ws.app ? this.ws.counters() : { roundTrips: 0, bridgeCalls: 0, httpCalls: 0 };
        const m = this.ws.server.model;
        return [c.roundTrips, c.bridgeCalls, c.httpCalls, m.notifications.length, m.messages.size, m.rooms.size, this.ws.engine.ctx.persistence.size, this.ws.rest.requests.length].join(':');
    }

    /** Waits until the app has been idle for a moment (its post-event listeners run after the action returns). */
    async quiet(): Promise<void> {
        await this.ws.settle();
        const deadline = Date.now() + this.quietMs;
        let last = this.signature();
        let stable = 0;
        while (Date.now() < deadline && stable < 4) {
            await sleep(40);
            await this.ws.settle();
            const now = this.signature();
            stable = now === last ? stable + 1 : 0;
            last = now;
        }
    }

    /** Polls until `predicate` holds (the effect of a fire-and-forget listener), then waits for quiet. */
    async waitFor(predicate: () => boolean, timeoutMs = 10000): Promise<boolean> {
        const deadline = Date.now() + timeoutMs;
        while (!predicate()) {
            if (Date.now() > deadline) {
                return false;
            }
            await sleep(25);
            await this.ws.settle();
        }
        await this.quiet();
        return true;
    }

    // ------------------------------------------------------------------ acting
    /**
     * Runs `action` as `actor`, then prints the headline, what was refused, who was told what, the dialogs that
     * opened and what changed in the workspace.
     */
    async perform(actor: RcUser | undefined, headline: string, action: () => Promise<unknown>, options: { waitFor?: () => boolean } = {}): Promise<Outcome> {
        const before: Snapshot = takeSnapshot(this.ws);
        const notificationsBefore = this.ws.server.model.notifications.length;
        const restBefore = this.ws.rest.requests.length;
        const modalsBefore = new Set(actor ? this.ws.openModals(actor).map((m) => m.id) : []);
        this.out(`${this.bold('▸')} ${headline}`);
        let refused: Refusal | undefined;
        let value: unknown;
        try {
            value = await action();
        } catch (e) {
            refused = classifyError(e);
        }
        if (options.waitFor) {
            await this.waitFor(options.waitFor);
        } else {
            await this.quiet();
        }
        const after = takeSnapshot(this.ws);
        const told = this.ws.server.model.notifications.slice(notificationsBefore);
        const rest: RestCall[] = this.ws.rest.requests.slice(restBefore).map((r) => ({ method: r.method, path: r.path, userId: r.userId, status: r.status }));
        const openedModals = actor ? this.ws.openModals(actor).filter((m) => !modalsBefore.has(m.id)) : [];
        const changes = describeChanges(before, after, rest);

        if (refused) {
            const who = actor ? actor.username : 'the caller';
            if (refused.by === 'app') {
                this.out(`  ${this.bold('refused by the app')}; Rocket.Chat shows ${who} the app's reason:`);
            } else if (refused.by === 'rocketchat') {
                this.out(`  ${this.bold('refused by Rocket.Chat itself')} (before any app sees it):`);
            } else {
                this.out(`  ${this.bold('failed')}:`);
            }
            this.quote(refused.text);
        }
        // Rocket.Chat shows the refused sender the error as an ephemeral message: already quoted above.
        this.printTold(refused && actor ? told.filter((n) => !(n.userId === actor._id && refused?.text.includes(n.text))) : told);
        for (const modal of openedModals) {
            this.printModal(actor as RcUser, modal, 'a dialog opened for');
        }
        if (changes.length === 0) {
            this.out(`  workspace: ${this.dim('nothing changed')}`);
        } else {
            this.out('  workspace:');
            for (const c of changes) {
                this.out(`    • ${c}`);
            }
        }
        return { told, refused, changes, openedModals, value };
    }

    private printTold(told: Notification[]): void {
        const byUser = new Map<string, Notification[]>();
        for (const n of told) {
            byUser.set(n.userId, [...(byUser.get(n.userId) ?? []), n]);
        }
        for (const [userId, list] of byUser) {
            const username = this.ws.user(userId)?.username ?? userId;
            for (const n of list) {
                const where = n.roomId ? ` in ${this.label(this.ws.room(n.roomId))}` : '';
                const email = (n.message as { email?: boolean }).email;
                const who = n.kind === 'room' ? `@${username} (everyone in the room was told)` : email ? `Rocket.Chat e-mails @${username}` : `@${username} was told privately`;
                this.out(`  ${who}${email ? '' : where}:`);
                this.quote(n.text);
            }
        }
    }

    printModal(user: RcUser, modal: ModalView, intro = 'dialog open for'): void {
        const view = modal.view as { title?: { text?: string }; blocks?: Array<{ text?: { text?: string } }>; submit?: { text?: { text?: string } }; close?: { text?: { text?: string } } };
        this.out(`  ${intro} @${user.username} (view id ${modal.id}):`);
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

    // ------------------------------------------------------------------ the actions (tour and prompt)
    slash(user: RcUser, room: RcRoom, text: string, options: { waitFor?: () => boolean } = {}): Promise<Outcome> {
        return this.perform(user, `${user.username} runs "${text}" in ${this.label(room)}`, () => this.ws.runSlashCommand(user, room, text), options);
    }

    click(user: RcUser, room: RcRoom, actionId: string): Promise<Outcome> {
        return this.perform(user, `${user.username} clicks the room button ${actionId} in ${this.label(room)}`, () => this.ws.clickRoomAction(user, room, actionId));
    }

    send(user: RcUser, room: RcRoom, text: string, path: SendPath = 'sendMessage'): Promise<Outcome> {
        const via = path === 'sendMessage' ? 'the web client (chat.sendMessage)' : path === 'postMessage' ? 'chat.postMessage' : path;
        return this.perform(user, `${user.username} sends a plain message (${text.length} chars) to ${this.label(room)} through ${via}`, () =>
            this.ws.sendMessage(user, room, text, { path }),
        );
    }

    /** As a client does before its first encrypted message: create the room key and share it with members who have keys. */
    private ensureRoomKey(room: RcRoom): void {
        const live = this.ws.server.requireRoom(room._id);
        if (!live.encrypted || live.e2eKeyId) {
            return;
        }
        this.ws.setRoomKeyId(live);
        for (const sub of this.ws.server.model.subscriptionsByRoom(live._id)) {
            const member = this.ws.user(sub.u._id);
            if (member?.e2e && !sub.E2EKey) {
                this.ws.setSubscriptionE2EKey(live, member);
            }
        }
    }

    sendEncrypted(user: RcUser, room: RcRoom, options: { searchableCopy?: boolean } = {}): Promise<Outcome> {
        const copy = options.searchableCopy ?? false;
        return this.perform(
            user,
            `${user.username}'s client sends an encrypted message (rc.v2, fake ciphertext) to ${this.label(room)}${copy ? ', with a copy of the ciphertext in the searchable text field' : ''}`,
            async () => {
                this.ensureRoomKey(room);
                const live = this.ws.server.requireRoom(room._id);
                const content = fakeCiphertext(live.e2eKeyId ?? randomUUID());
                await this.ws.sendMessage(user, live, { msg: copy ? content.ciphertext : '', t: 'e2e', e2e: 'pending', content });
            },
        );
    }

    editText(user: RcUser, messageId: string, text: string): Promise<Outcome> {
        return this.perform(user, `${user.username} edits message ${messageId} to plain text (${text.length} chars)`, () => this.ws.editMessage(user, messageId, { text }));
    }

    editEncrypted(user: RcUser, messageId: string): Promise<Outcome> {
        return this.perform(user, `${user.username}'s client edits message ${messageId} with fresh ciphertext`, async () => {
            const original = this.ws.server.model.messageById(messageId);
            await this.ws.editMessage(user, messageId, { content: fakeCiphertext(original?.content?.kid) });
        });
    }

    submitModal(user: RcUser, viewId: string, room?: RcRoom): Promise<Outcome> {
        return this.perform(user, `${user.username} submits the dialog ${viewId}`, () => this.ws.submitModal(user, viewId, {}, room));
    }

    closeModal(user: RcUser, viewId: string): Promise<Outcome> {
        return this.perform(user, `${user.username} closes the dialog ${viewId}`, () => this.ws.closeModal(user, viewId));
    }

    async setAppSetting(id: string, raw: string): Promise<Outcome | undefined> {
        const settings = this.ws.engine.manager.getSettingsManager().getAppSettings(this.ws.appId) as Record<string, { type?: string; values?: Array<{ key: string }> }>;
        const declared = settings[id];
        if (!declared) {
            this.out(`  no app setting "${id}"; the app's settings are: ${Object.keys(settings).join(', ')}`);
            return undefined;
        }
        const coerced = coerceSettingValue(settingTypeOf(declared.type, this.ws.getAppSetting(id)), raw, (declared.values ?? []).map((v) => v.key));
        if (!coerced.ok) {
            this.out(`  ${id}: ${coerced.error}`);
            return undefined;
        }
        const shown = SECRET_SETTINGS.includes(id) ? '(hidden)' : JSON.stringify(coerced.value);
        return this.perform(undefined, `an administrator sets the app setting ${id} to ${shown} (Administration › Apps › E2EE Policy › Settings)`, () =>
            this.ws.setAppSetting(id, coerced.value),
        );
    }

    setServerSetting(id: string, raw: string): Promise<Outcome> {
        const existing = this.ws.server.model.settings.getOne(id);
        let value: string | number | boolean;
        if (existing) {
            const coerced = coerceSettingValue(settingTypeOf(existing.type, existing.value), raw);
            if (!coerced.ok) {
                this.out(`  ${id}: ${coerced.error}`);
                return Promise.resolve({ told: [], changes: [], openedModals: [] });
            }
            value = coerced.value;
        } else {
            value = parseLooseValue(raw);
        }
        return this.perform(undefined, `an administrator sets the workspace setting ${id} to ${JSON.stringify(value)} (Administration › Settings)`, async () =>
            this.ws.setServerSetting(id, value),
        );
    }

    permission(grant: boolean, permission: string, role: string): Promise<Outcome> {
        return this.perform(undefined, `an administrator ${grant ? 'grants' : 'revokes'} ${permission} ${grant ? 'to' : 'from'} the role ${role} (Administration › Permissions)`, async () => {
            if (!this.ws.server.model.roles.has(role)) {
                throw new Error(`no role "${role}"; roles: ${[...this.ws.server.model.roles.keys()].join(', ')}`);
            }
            if (grant) {
                this.ws.grantPermission(permission, role);
            } else {
                this.ws.revokePermission(permission, role);
            }
        });
    }

    /** Rocket.Chat's own room setting (the room's Edit panel or the API), not the app. */
    roomEncrypted(user: RcUser, room: RcRoom, on: boolean, options: { waitFor?: () => boolean } = {}): Promise<Outcome> {
        return this.perform(
            user,
            `${user.username} turns encryption ${on ? 'on' : 'off'} in ${this.label(room)} through Rocket.Chat's own room settings (not the app)`,
            () => this.ws.saveRoomSettings(user, room, { encrypted: on }),
            options,
        );
    }

    join(user: RcUser, room: RcRoom, options: { waitFor?: () => boolean } = {}): Promise<Outcome> {
        const live = this.ws.room(room._id) ?? room;
        const owner = live.u?._id ? this.ws.user(live.u._id) : undefined;
        const invited = live.t !== 'c' && owner && owner._id !== user._id;
        const headline = invited ? `${owner.username} adds ${user.username} to ${this.label(live)}` : `${user.username} joins ${this.label(live)}`;
        return this.perform(user, headline, () => this.ws.addMember(live, user, invited ? owner : undefined), options);
    }

    create(user: RcUser, kind: CreatableKind, o: { name?: string; parent?: RcRoom; members: RcUser[]; encrypted: boolean }, options: { waitFor?: () => boolean } = {}): Promise<Outcome> {
        const nouns: Record<CreatableKind, string> = {
            private: 'the private channel',
            public: 'the public channel',
            'private-team': 'the private team',
            'public-team': 'the public team',
            discussion: 'the discussion',
            dm: o.members.length > 1 ? 'a group DM' : 'a DM',
        };
        const what = kind === 'dm' ? nouns.dm : `${nouns[kind]} #${o.name ?? ''}`;
        const members = o.members.map((m) => '@' + m.username).join(' ');
        const headline = `${user.username} creates ${what}${o.parent ? ` under ${this.label(o.parent)}` : ''}${members ? ` with ${members}` : ''}${o.encrypted ? ', encrypted from the start' : ''}`;
        return this.perform(
            user,
            headline,
            async () => {
                const names = o.members.map((m) => m.username);
                switch (kind) {
                    case 'dm':
                        return this.ws.createRoom(o.members.length > 1 ? 'group-dm' : 'dm', { owner: user, members: o.members });
                    case 'private-team':
                    case 'public-team':
                        return this.ws.server.createRoom(kind === 'private-team' ? 'p' : 'c', o.name ?? '', user._id, names, {
                            teamId: randomId(),
                            teamMain: true,
                            ...(o.encrypted && { encrypted: true }),
                        });
                    default:
                        return this.ws.createRoom(kind, { name: o.name, owner: user, members: o.members, parent: o.parent, ...(o.encrypted && { encrypted: true }) });
                }
            },
            options,
        );
    }

    keys(user: RcUser): Promise<Outcome> {
        return this.perform(user, `${user.username} sets an E2EE password: their client stores a key pair and picks up the keys of encrypted rooms`, async () => {
            this.ws.setUserE2EKeys(user);
            for (const sub of this.ws.server.model.subscriptionsByUser(user._id)) {
                const room = this.ws.room(sub.rid);
                if (room?.encrypted && room.e2eKeyId && !sub.E2EKey) {
                    this.ws.setSubscriptionE2EKey(room, user);
                }
            }
        });
    }

    login(user: RcUser): Promise<Outcome> {
        return this.perform(user, `${user.username} logs in (a new session token, not shown)`, async () => {
            this.ws.loginToken(user);
        });
    }

    // ------------------------------------------------------------------ looking
    showRooms(): void {
        const model = this.ws.server.model;
        const rows = [...model.rooms.values()].map((r) => [
            roomLabel(r),
            roomKind(model, r),
            r.encrypted ? 'encrypted' : '-',
            String(model.subscriptionsByRoom(r._id).length),
            String(model.messagesByRoom(r._id).length),
        ]);
        this.table(['room', 'kind', 'E2EE', 'members', 'messages'], rows);
    }

    showUsers(): void {
        const model = this.ws.server.model;
        const rows = [...model.users.values()].map((u) => {
            const tokens = u.services?.resume?.loginTokens ?? [];
            return [
                '@' + u.username,
                u.type,
                u.roles.join(','),
                u.language ?? '-',
                u.e2e ? 'yes' : '-',
                String(model.subscriptionsByUser(u._id).filter((s) => s.E2EKey).length),
                `${tokens.filter((t) => t.type !== 'personalAccessToken').length}+${tokens.filter((t) => t.type === 'personalAccessToken').length}`,
                u.active ? '' : 'inactive',
            ];
        });
        this.table(['user', 'type', 'roles', 'lang', 'E2EE keys', 'room keys', 'tokens (login+PAT)', ''], rows);
    }

    private table(header: string[], rows: string[][]): void {
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
        const line = (cells: string[]) => '  ' + cells.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
        this.out(this.bold(line(header)));
        for (const r of rows) {
            this.out(line(r));
        }
    }

    inspectRoom(room: RcRoom): void {
        const model = this.ws.server.model;
        const r = this.ws.server.requireRoom(room._id);
        this.out(`  ${this.bold(roomLabel(r))}  id ${r._id}`);
        this.out(`    kind: ${roomKind(model, r)} (t '${r.t}'${r.teamMain ? ', team main room' : ''}${r.teamId && !r.teamMain ? ', in a team' : ''})`);
        if (r.prid) {
            this.out(`    discussion of: ${this.label(model.roomById(r.prid))}`);
        }
        this.out(`    encrypted: ${r.encrypted ? 'yes' : 'no'}; room key: ${r.e2eKeyId ? 'created' : 'none yet'}`);
        const waiting = (r.usersWaitingForE2EKeys ?? []).map((q) => '@' + (model.userById(q.userId)?.username ?? q.userId));
        this.out(`    waiting for the room key: ${waiting.join(' ') || 'nobody'}`);
        this.out(`    members:`);
        for (const s of model.subscriptionsByRoom(r._id)) {
            this.out(`      @${s.u.username}${s.roles?.length ? ` (${s.roles.join(', ')})` : ''}${s.E2EKey ? ', holds the room key' : ''}`);
        }
        if (r.t === 'l') {
            this.out(`    served by: @${(r.servedBy as { username?: string } | undefined)?.username ?? '?'}`);
        }
        this.out(`    messages: ${model.messagesByRoom(r._id).length}`);
    }

    inspectUser(user: RcUser): void {
        const model = this.ws.server.model;
        const u = this.ws.server.requireUser(user._id);
        const tokens = u.services?.resume?.loginTokens ?? [];
        this.out(`  ${this.bold('@' + u.username)} (${u.name})  id ${u._id}`);
        this.out(`    type: ${u.type}; roles: ${u.roles.join(', ')}; ${u.active ? 'active' : 'deactivated'}; language: ${u.language ?? 'workspace default'}`);
        this.out(`    E2EE key pair on the server: ${u.e2e ? 'yes' : 'no'}`);
        this.out(`    login tokens: ${tokens.filter((t) => t.type !== 'personalAccessToken').length}`);
        for (const t of tokens.filter((t) => t.type === 'personalAccessToken')) {
            this.out(`    personal access token "${t.name}"${t.bypassTwoFactor ? ' (ignores two-factor authentication)' : ''}`);
        }
        this.out('    rooms:');
        for (const s of model.subscriptionsByUser(u._id)) {
            const room = model.roomById(s.rid);
            this.out(`      ${this.label(room)}${s.roles?.length ? ` (${s.roles.join(', ')})` : ''}${room?.encrypted ? ', encrypted' : ''}${s.E2EKey ? ', holds the room key' : ''}`);
        }
    }

    showMessages(room: RcRoom): void {
        const list = this.ws.messages(room);
        if (list.length === 0) {
            this.out(`  ${this.label(room)} has no messages`);
            return;
        }
        this.out(`  ${this.bold(this.label(room))}: ${list.length} messages (texts are not shown)`);
        for (const m of list) {
            const s = messageState(m);
            this.out(`    ${m.ts.slice(11, 19)}  ${m._id}  @${s.sender}: ${describeMessageForm(s)}${s.edited ? ', edited' : ''}`);
        }
    }

    showAudit(): void {
        const records = auditRecords(this.ws);
        if (records.length === 0) {
            this.out('  the audit trail is empty');
            return;
        }
        this.out(`  ${records.length} audit records in the app's persistence, newest first:`);
        for (const r of records) {
            this.out(`    ${r.at.slice(0, 19).replace('T', ' ')}  ${describeAudit(r)}`);
        }
    }

    showTold(user: RcUser, last = 10): void {
        const list = this.ws.notificationsFor(user).slice(-last);
        if (list.length === 0) {
            this.out(`  nothing was told to @${user.username}`);
            return;
        }
        this.out(`  the last ${list.length} things @${user.username} was told:`);
        for (const n of list) {
            this.out(`  ${n.at.slice(11, 19)}${n.roomId ? ` in ${this.label(this.ws.room(n.roomId))}` : ''}:`);
            this.quote(n.text);
        }
    }

    showModals(user: RcUser): void {
        const modals = this.ws.openModals(user);
        if (modals.length === 0) {
            this.out(`  no dialog is open for @${user.username}`);
        }
        for (const m of modals) {
            this.printModal(user, m);
        }
    }

    // ------------------------------------------------------------------ the prompt's commands
    private room(ref: string | undefined): RcRoom | undefined {
        if (!ref) {
            if (!this.here) {
                this.out('  no current room: pick one with room <#room>');
            }
            return this.here && this.ws.room(this.here._id);
        }
        const room = findRoom(this.ws.server.model, ref, this.me);
        if (!room) {
            this.out(`  no room ${ref} (rooms lists them)`);
        }
        return room;
    }

    private user(ref: string | undefined): RcUser | undefined {
        if (!ref) {
            return this.me;
        }
        const user = findUser(this.ws.server.model, ref);
        if (!user) {
            this.out(`  no user ${ref} (users lists them)`);
        }
        return user;
    }

    private modalId(ref: string | undefined): string | undefined {
        const open = this.ws.openModals(this.me);
        if (!ref) {
            if (open.length === 1) {
                return open[0].id;
            }
            this.out(open.length ? '  several dialogs are open: give the view id (modals lists them)' : `  no dialog is open for @${this.me.username}`);
            return undefined;
        }
        const match = open.filter((m) => m.id === ref || m.id.startsWith(ref));
        if (match.length !== 1) {
            this.out(`  no single open dialog matches ${ref}`);
            return undefined;
        }
        return match[0].id;
    }

    /** Carries out one prompt command; 'quit' asks the caller to leave. */
    async execute(command: Command): Promise<'quit' | undefined> {
        switch (command.kind) {
            case 'empty':
                return undefined;
            case 'invalid':
                this.out(`  ${command.message}`);
                return undefined;
            case 'help':
                this.out(helpText());
                return undefined;
            case 'quit':
                return 'quit';
            case 'as': {
                const user = this.user(command.user);
                if (user) {
                    this.me = user;
                    const member = this.here ? Boolean(this.ws.subscription(this.here, user)) : false;
                    this.out(`  now acting as @${user.username}${this.here ? ` in ${this.label(this.here)}${member ? '' : ` (not a member of ${this.label(this.here)})`}` : ''}`);
                }
                return undefined;
            }
            case 'room': {
                const room = this.room(command.room);
                if (room) {
                    this.here = room;
                    this.out(`  current room: ${this.label(room)} (${roomKind(this.ws.server.model, room)})`);
                }
                return undefined;
            }
            case 'send': {
                const room = this.room(command.room);
                if (room) {
                    await this.send(this.me, room, command.text, command.path);
                }
                return undefined;
            }
            case 'send-encrypted': {
                const room = this.room(command.room);
                if (room) {
                    await this.sendEncrypted(this.me, room, { searchableCopy: command.searchableCopy });
                }
                return undefined;
            }
            case 'edit': {
                const found = findMessageId(this.ws.server.model.messages.keys(), command.messageId);
                if (!found.id) {
                    this.out(`  ${found.error}`);
                    return undefined;
                }
                await this.editText(this.me, found.id, command.text);
                return undefined;
            }
            case 'slash': {
                const room = this.room(undefined);
                if (room) {
                    await this.slash(this.me, room, command.text);
                }
                return undefined;
            }
            case 'click': {
                const room = this.room(undefined);
                if (room) {
                    await this.click(this.me, room, command.actionId);
                }
                return undefined;
            }
            case 'modals':
                this.showModals(this.me);
                return undefined;
            case 'submit':
            case 'close': {
                const viewId = this.modalId(command.viewId);
                if (viewId) {
                    await (command.kind === 'submit' ? this.submitModal(this.me, viewId, this.here) : this.closeModal(this.me, viewId));
                }
                return undefined;
            }
            case 'set':
                if (command.scope === 'app') {
                    await this.setAppSetting(command.id, command.value);
                } else {
                    await this.setServerSetting(command.id, command.value);
                }
                return undefined;
            case 'permission':
                await this.permission(command.grant, command.permission, command.role);
                return undefined;
            case 'rooms':
                this.showRooms();
                return undefined;
            case 'users':
                this.showUsers();
                return undefined;
            case 'inspect': {
                const model = this.ws.server.model;
                const user = command.target.startsWith('@') && !command.target.includes(',') ? findUser(model, command.target) : undefined;
                if (user) {
                    this.inspectUser(user);
                    return undefined;
                }
                const room = this.room(command.target);
                if (room) {
                    this.inspectRoom(room);
                }
                return undefined;
            }
            case 'messages': {
                const room = this.room(command.room);
                if (room) {
                    this.showMessages(room);
                }
                return undefined;
            }
            case 'audit':
                this.showAudit();
                return undefined;
            case 'told':
                this.showTold(this.me);
                return undefined;
            case 'join': {
                const room = this.room(command.room);
                if (room) {
                    await this.join(this.me, room);
                }
                return undefined;
            }
            case 'room-encrypted': {
                const room = this.room(command.room);
                if (room) {
                    await this.roomEncrypted(this.me, room, command.on);
                }
                return undefined;
            }
            case 'create': {
                const members = command.members.map((m) => this.user(m));
                if (members.some((m) => !m)) {
                    return undefined;
                }
                const parent = command.parent ? this.room(command.parent) : undefined;
                if (command.parent && !parent) {
                    return undefined;
                }
                const outcome = await this.create(this.me, command.roomKind, { name: command.name, parent, members: members as RcUser[], encrypted: command.encrypted });
                if (!outcome.refused) {
                    const created = outcome.value as RcRoom | undefined;
                    if (created?._id) {
                        this.here = created;
                        this.out(`  current room: ${this.label(created)}`);
                    }
                }
                return undefined;
            }
            case 'keys':
            case 'login': {
                const user = this.user(command.user);
                if (user) {
                    await (command.kind === 'keys' ? this.keys(user) : this.login(user));
                }
                return undefined;
            }
        }
    }
}
