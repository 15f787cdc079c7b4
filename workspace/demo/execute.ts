// The prompt's commands (parsed by commands.ts) carried out by a session: the references a person typed (#room,
// @user, a view id) resolved against the workspace, then the session's action or view.
import type { RcRoom, RcUser } from '../Workspace';
import type { Command } from './commands';
import { helpText } from './commands';
import { findMessageId, findRoom, findUser, roomKind } from './labels';
import type { DemoSession } from './session';

/** Carries out one prompt command; 'quit' asks the caller to leave. */
export function executeCommand(session: DemoSession, command: Command): Promise<'quit' | undefined> {
    return new PromptCommands(session).execute(command);
}

class PromptCommands {
    constructor(private readonly session: DemoSession) {}

    private room(ref: string | undefined): RcRoom | undefined {
        if (!ref) {
            if (!this.session.here) {
                this.session.term.print('  no current room: pick one with room <#room>');
            }
            return this.session.here && this.session.ws.room(this.session.here._id);
        }
        const room = findRoom(this.session.ws.server.model, ref, this.session.me);
        if (!room) {
            this.session.term.print(`  no room ${ref} (rooms lists them)`);
        }
        return room;
    }

    private user(ref: string | undefined): RcUser | undefined {
        if (!ref) {
            return this.session.me;
        }
        const user = findUser(this.session.ws.server.model, ref);
        if (!user) {
            this.session.term.print(`  no user ${ref} (users lists them)`);
        }
        return user;
    }

    private modalId(ref: string | undefined): string | undefined {
        const open = this.session.ws.openModals(this.session.me);
        if (!ref) {
            if (open.length === 1) {
                return open[0].id;
            }
            this.session.term.print(open.length ? '  several dialogs are open: give the view id (modals lists them)' : `  no dialog is open for @${this.session.me.username}`);
            return undefined;
        }
        const match = open.filter((m) => m.id === ref || m.id.startsWith(ref));
        if (match.length !== 1) {
            this.session.term.print(`  no single open dialog matches ${ref}`);
            return undefined;
        }
        return match[0].id;
    }

    async execute(command: Command): Promise<'quit' | undefined> {
        switch (command.kind) {
            case 'empty':
                return undefined;
            case 'invalid':
                this.session.term.print(`  ${command.message}`);
                return undefined;
            case 'help':
                this.session.term.print(helpText());
                return undefined;
            case 'quit':
                return 'quit';
            case 'as': {
                const user = this.user(command.user);
                if (user) {
                    this.session.me = user;
                    const member = this.session.here ? Boolean(this.session.ws.subscription(this.session.here, user)) : false;
                    this.session.term.print(`  now acting as @${user.username}${this.session.here ? ` in ${this.session.label(this.session.here)}${member ? '' : ` (not a member of ${this.session.label(this.session.here)})`}` : ''}`);
                }
                return undefined;
            }
            case 'room': {
                const room = this.room(command.room);
                if (room) {
                    this.session.here = room;
                    this.session.term.print(`  current room: ${this.session.label(room)} (${roomKind(this.session.ws.server.model, room)})`);
                }
                return undefined;
            }
            case 'send': {
                const room = this.room(command.room);
                if (room) {
                    await this.session.send(this.session.me, room, command.text, command.path);
                }
                return undefined;
            }
            case 'send-encrypted': {
                const room = this.room(command.room);
                if (room) {
                    await this.session.sendEncrypted(this.session.me, room, { searchableCopy: command.searchableCopy });
                }
                return undefined;
            }
            case 'edit': {
                const found = findMessageId(this.session.ws.server.model.messages.keys(), command.messageId);
                if (!found.id) {
                    this.session.term.print(`  ${found.error}`);
                    return undefined;
                }
                await this.session.editText(this.session.me, found.id, command.text);
                return undefined;
            }
            case 'slash': {
                const room = this.room(undefined);
                if (room) {
                    await this.session.slash(this.session.me, room, command.text);
                }
                return undefined;
            }
            case 'click': {
                const room = this.room(undefined);
                if (room) {
                    await this.session.click(this.session.me, room, command.actionId);
                }
                return undefined;
            }
            case 'modals':
                this.session.views.modals(this.session.me);
                return undefined;
            case 'submit':
            case 'close': {
                const viewId = this.modalId(command.viewId);
                if (viewId) {
                    await (command.kind === 'submit' ? this.session.submitModal(this.session.me, viewId, this.session.here) : this.session.closeModal(this.session.me, viewId));
                }
                return undefined;
            }
            case 'set':
                if (command.scope === 'app') {
                    await this.session.setAppSetting(command.id, command.value);
                } else {
                    await this.session.setServerSetting(command.id, command.value);
                }
                return undefined;
            case 'permission':
                await this.session.permission(command.grant, command.permission, command.role);
                return undefined;
            case 'rooms':
                this.session.views.rooms();
                return undefined;
            case 'users':
                this.session.views.users();
                return undefined;
            case 'inspect': {
                const model = this.session.ws.server.model;
                const user = command.target.startsWith('@') && !command.target.includes(',') ? findUser(model, command.target) : undefined;
                if (user) {
                    this.session.views.user(user);
                    return undefined;
                }
                const room = this.room(command.target);
                if (room) {
                    this.session.views.room(room);
                }
                return undefined;
            }
            case 'messages': {
                const room = this.room(command.room);
                if (room) {
                    this.session.views.messages(room);
                }
                return undefined;
            }
            case 'audit':
                this.session.views.audit();
                return undefined;
            case 'told':
                this.session.views.told(this.session.me);
                return undefined;
            case 'join': {
                const room = this.room(command.room);
                if (room) {
                    await this.session.join(this.session.me, room);
                }
                return undefined;
            }
            case 'room-encrypted': {
                const room = this.room(command.room);
                if (room) {
                    await this.session.roomEncrypted(this.session.me, room, command.on);
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
                const outcome = await this.session.create(this.session.me, command.roomKind, { name: command.name, parent, members: members as RcUser[], encrypted: command.encrypted });
                if (!outcome.refused) {
                    const created = outcome.value as RcRoom | undefined;
                    if (created?._id) {
                        this.session.here = created;
                        this.session.term.print(`  current room: ${this.session.label(created)}`);
                    }
                }
                return undefined;
            }
            case 'keys':
            case 'login': {
                const user = this.user(command.user);
                if (user) {
                    await (command.kind === 'keys' ? this.session.keys(user) : this.session.login(user));
                }
                return undefined;
            }
        }
    }
}
