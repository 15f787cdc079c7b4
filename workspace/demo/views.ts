// What the prompt shows when someone looks instead of acts: the rooms, the users, one room or user in detail,
// a room's messages (never their text), the audit trail, what a person was told, the open dialogs.
import type { Model } from '../rocketchat/Model';
import type { RcRoom, RcUser } from '../rocketchat/types';
import type { Workspace } from '../Workspace';
import { auditRecords, describeAudit, describeMessageForm, messageState } from './effects';
import { currentRoomLabel, roomKind, roomLabel } from './labels';
import type { Terminal } from './terminal';

const tokenCounts = (u: RcUser) => {
    const tokens = u.services?.resume?.loginTokens ?? [];
    return { login: tokens.filter((t) => t.type !== 'personalAccessToken').length, pats: tokens.filter((t) => t.type === 'personalAccessToken') };
};

export class Views {
    constructor(
        private readonly ws: Workspace,
        private readonly term: Terminal,
    ) {}

    private get model(): Model {
        return this.ws.server.model;
    }

    private label(room: RcRoom | undefined): string {
        return currentRoomLabel(this.model, room);
    }

    rooms(): void {
        const model = this.model;
        const rows = [...model.rooms.values()].map((r) => [
            roomLabel(r),
            roomKind(model, r),
            r.encrypted ? 'encrypted' : '-',
            String(model.subscriptionsByRoom(r._id).length),
            String(model.messagesByRoom(r._id).length),
        ]);
        this.term.table(['room', 'kind', 'E2EE', 'members', 'messages'], rows);
    }

    users(): void {
        const model = this.model;
        const rows = [...model.users.values()].map((u) => {
            const tokens = tokenCounts(u);
            return [
                '@' + u.username,
                u.type,
                u.roles.join(','),
                u.language ?? '-',
                u.e2e ? 'yes' : '-',
                String(model.subscriptionsByUser(u._id).filter((s) => s.E2EKey).length),
                `${tokens.login}+${tokens.pats.length}`,
                u.active ? '' : 'inactive',
            ];
        });
        this.term.table(['user', 'type', 'roles', 'lang', 'E2EE keys', 'room keys', 'tokens (login+PAT)', ''], rows);
    }

    room(room: RcRoom): void {
        const model = this.model;
        const out = (line: string) => this.term.print(line);
        const r = model.requireRoom(room._id);
        out(`  ${this.term.bold(roomLabel(r))}  id ${r._id}`);
        out(`    kind: ${roomKind(model, r)} (t '${r.t}'${r.teamMain ? ', team main room' : ''}${r.teamId && !r.teamMain ? ', in a team' : ''})`);
        if (r.prid) {
            out(`    discussion of: ${this.label(model.roomById(r.prid))}`);
        }
        out(`    encrypted: ${r.encrypted ? 'yes' : 'no'}; room key: ${r.e2eKeyId ? 'created' : 'none yet'}`);
        const waiting = (r.usersWaitingForE2EKeys ?? []).map((q) => '@' + (model.userById(q.userId)?.username ?? q.userId));
        out(`    waiting for the room key: ${waiting.join(' ') || 'nobody'}`);
        out(`    members:`);
        for (const s of model.subscriptionsByRoom(r._id)) {
            out(`      @${s.u.username}${s.roles?.length ? ` (${s.roles.join(', ')})` : ''}${s.E2EKey ? ', holds the room key' : ''}`);
        }
        if (r.t === 'l') {
            out(`    served by: @${(r.servedBy as { username?: string } | undefined)?.username ?? '?'}`);
        }
        out(`    messages: ${model.messagesByRoom(r._id).length}`);
    }

    user(user: RcUser): void {
        const model = this.model;
        const out = (line: string) => this.term.print(line);
        const u = model.requireUser(user._id);
        const tokens = tokenCounts(u);
        out(`  ${this.term.bold('@' + u.username)} (${u.name})  id ${u._id}`);
        out(`    type: ${u.type}; roles: ${u.roles.join(', ')}; ${u.active ? 'active' : 'deactivated'}; language: ${u.language ?? 'workspace default'}`);
        out(`    E2EE key pair on the server: ${u.e2e ? 'yes' : 'no'}`);
        out(`    login tokens: ${tokens.login}`);
        for (const t of tokens.pats) {
            out(`    personal access token "${t.name}"${t.bypassTwoFactor ? ' (ignores two-factor authentication)' : ''}`);
        }
        out('    rooms:');
        for (const s of model.subscriptionsByUser(u._id)) {
            const room = model.roomById(s.rid);
            out(`      ${this.label(room)}${s.roles?.length ? ` (${s.roles.join(', ')})` : ''}${room?.encrypted ? ', encrypted' : ''}${s.E2EKey ? ', holds the room key' : ''}`);
        }
    }

    messages(room: RcRoom): void {
        const list = this.ws.messages(room);
        if (list.length === 0) {
            this.term.print(`  ${this.label(room)} has no messages`);
            return;
        }
        this.term.print(`  ${this.term.bold(this.label(room))}: ${list.length} messages (texts are not shown)`);
        for (const m of list) {
            const s = messageState(m);
            this.term.print(`    ${m.ts.slice(11, 19)}  ${m._id}  @${s.sender}: ${describeMessageForm(s)}${s.edited ? ', edited' : ''}`);
        }
    }

    audit(): void {
        const records = auditRecords(this.ws);
        if (records.length === 0) {
            this.term.print('  the audit trail is empty');
            return;
        }
        this.term.print(`  ${records.length} audit records in the app's persistence, newest first:`);
        for (const r of records) {
            this.term.print(`    ${r.at.slice(0, 19).replace('T', ' ')}  ${describeAudit(r)}`);
        }
    }

    told(user: RcUser, last = 10): void {
        const list = this.ws.notificationsFor(user).slice(-last);
        if (list.length === 0) {
            this.term.print(`  nothing was told to @${user.username}`);
            return;
        }
        this.term.print(`  the last ${list.length} things @${user.username} was told:`);
        for (const n of list) {
            this.term.print(`  ${n.at.slice(11, 19)}${n.roomId ? ` in ${this.label(this.ws.room(n.roomId))}` : ''}:`);
            this.term.quote(n.text);
        }
    }

    modals(user: RcUser): void {
        const modals = this.ws.openModals(user);
        if (modals.length === 0) {
            this.term.print(`  no dialog is open for @${user.username}`);
        }
        for (const m of modals) {
            this.term.modal(user.username, m);
        }
    }
}
