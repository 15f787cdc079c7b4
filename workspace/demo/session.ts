// A person at the workspace: acts as some user in some room, and after each action reports what they did, what
// the people involved were told, and what changed in the workspace (printed by the Terminal). Shared by the guided
// tour and the prompt (execute.ts carries out the prompt's commands).
import { randomBytes, randomUUID } from 'crypto';

import type { ModalView, RcRoom, RcUser, SendPath, Workspace } from '../Workspace';
import { randomId } from '../rocketchat/ids';
import type { Notification } from '../rocketchat/types';
import type { CreatableKind } from './commands';
import { coerceSettingValue, settingTypeOf } from './commands';
import type { RestCall, Snapshot } from './effects';
import { describeChanges, SECRET_SETTINGS, takeSnapshot } from './effects';
import { currentRoomLabel } from './labels';
import { Terminal } from './terminal';
import type { Output, Refusal } from './terminal';
import { Views } from './views';

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
    readonly term: Terminal;
    readonly views: Views;
    private readonly quietMs: number;

    constructor(readonly ws: Workspace, options: SessionOptions) {
        this.term = new Terminal(options.out, options.color ?? false);
        this.views = new Views(ws, this.term);
        this.quietMs = options.quietMs ?? 3000;
        this.me = ws.admin;
    }

    label(room: RcRoom | undefined): string {
        return currentRoomLabel(this.ws.server.model, room);
    }

    promptText(): string {
        return `${this.me.username} in ${this.label(this.here)}> `;
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
     * Runs `action` as `actor`, then reports the headline, what was refused, who was told what, the dialogs that
     * opened and what changed in the workspace.
     */
    async perform(actor: RcUser | undefined, headline: string, action: () => Promise<unknown>, options: { waitFor?: () => boolean } = {}): Promise<Outcome> {
        const before: Snapshot = takeSnapshot(this.ws);
        const notificationsBefore = this.ws.server.model.notifications.length;
        const restBefore = this.ws.rest.requests.length;
        const modalsBefore = new Set(actor ? this.ws.openModals(actor).map((m) => m.id) : []);
        this.term.print(`${this.term.bold('▸')} ${headline}`);
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
            this.term.refusal(refused, actor ? actor.username : 'the caller');
        }
        // Rocket.Chat shows the refused sender the error as an ephemeral message: already quoted above.
        const shown = refused && actor ? told.filter((n) => !(n.userId === actor._id && refused?.text.includes(n.text))) : told;
        this.term.told(
            shown,
            (userId) => this.ws.user(userId)?.username ?? userId,
            (n) => (n.roomId ? ` in ${this.label(this.ws.room(n.roomId))}` : ''),
        );
        for (const modal of openedModals) {
            this.term.modal((actor as RcUser).username, modal, 'a dialog opened for');
        }
        this.term.changes(changes);
        return { told, refused, changes, openedModals, value };
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
        const settings = this.ws.engine.appSettings(this.ws.appId) as Record<string, { type?: string; values?: Array<{ key: string }> }>;
        const declared = settings[id];
        if (!declared) {
            this.term.print(`  no app setting "${id}"; the app's settings are: ${Object.keys(settings).join(', ')}`);
            return undefined;
        }
        const coerced = coerceSettingValue(settingTypeOf(declared.type, this.ws.getAppSetting(id)), raw, (declared.values ?? []).map((v) => v.key));
        if (!coerced.ok) {
            this.term.print(`  ${id}: ${coerced.error}`);
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
                this.term.print(`  ${id}: ${coerced.error}`);
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
}
