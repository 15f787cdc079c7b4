// What each person's Rocket.Chat client does with an app's UIKit surfaces: it keeps the views the app opened for
// them (ActionManager, apps/meteor/app/ui-message/client/ActionManager.ts: modal.open / modal.update / modal.close /
// errors, a submit that succeeds without a new view closes the modal) and sends their clicks and submits to the
// uikit endpoint (apps/meteor/app/apps/server/communication/uikit.ts), which hands them to the app's
// IUIKitInteractionHandler through the listener bridge.
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';

import type { Engine } from '../engine/Engine';
import { randomId } from '../rocketchat/ids';
import type { RocketChatServer } from '../rocketchat/Server';
import type { RcRoom, RcUser } from '../rocketchat/types';

export interface ModalView {
    id: string;
    appId: string;
    triggerId: string;
    view: Record<string, unknown>;
    errors?: Record<string, string>;
}

export interface ActionButton {
    appId: string;
    actionId: string;
    context: string;
    labelI18n: string;
}

/** The workspace the clients live in (the engine exists once the workspace has started). */
export interface UiKitHost {
    readonly engine: Engine;
    readonly server: RocketChatServer;
    settle(): Promise<void>;
}

type ServerInteraction = IUIKitInteraction & { success?: boolean; view?: Record<string, unknown>; errors?: Record<string, string>; viewId?: string };

export class UiKitClients {
    private readonly modals = new Map<string, Map<string, ModalView>>();
    private readonly seenInteractions = new Map<string, number>();

    constructor(private readonly host: UiKitHost) {}

    private appUser(user: RcUser) {
        return this.host.engine.ctx.converters.userToApp(this.host.server.requireUser(user._id));
    }

    private appRoom(room: RcRoom) {
        return this.host.engine.ctx.converters.roomById(room._id);
    }

    private openModal(user: RcUser, viewId: string): ModalView {
        const modal = this.modals.get(user._id)?.get(viewId);
        if (!modal) {
            throw new Error(`No open modal ${viewId} for ${user.username}`);
        }
        return modal;
    }

    async actionButtons(): Promise<ActionButton[]> {
        return (await this.host.engine.manager.getUIActionButtonManager().getAllActionButtons()) as never;
    }

    /** A room action button the app registered: an 'actionButton' interaction with a triggerId. */
    async clickRoomAction(user: RcUser, room: RcRoom, actionId: string): Promise<unknown> {
        const button = (await this.actionButtons()).find((b) => b.actionId === actionId);
        if (!button) {
            throw new Error(`No action button registered with id ${actionId}`);
        }
        return this.interact(user, {
            type: 'actionButton',
            appId: button.appId,
            actionId,
            triggerId: randomId(),
            user: this.appUser(user),
            room: await this.appRoom(room),
            payload: { context: button.context },
        });
    }

    /** A block action (button, select...) inside an open modal (viewId) or a message in a room. */
    async clickBlockAction(user: RcUser, where: { viewId: string } | { room: RcRoom; messageId?: string }, blockId: string, actionId: string, value: unknown, appId: string): Promise<unknown> {
        const base = { type: 'blockAction', appId, actionId, triggerId: randomId(), user: this.appUser(user), payload: { blockId, value } };
        if ('viewId' in where) {
            const modal = this.openModal(user, where.viewId);
            return this.interact(user, { ...base, appId: modal.appId, container: { type: 'view', id: where.viewId } });
        }
        const message = where.messageId ? await this.host.engine.ctx.converters.messageToApp(this.host.server.model.messageById(where.messageId)) : undefined;
        return this.interact(user, {
            ...base,
            room: await this.appRoom(where.room),
            ...(message && { message }),
            container: { type: 'message', id: where.messageId ?? '' },
        });
    }

    /** An interaction exactly as a client could send it: the endpoint only authenticates the sender. */
    async sendInteraction(user: RcUser, action: Record<string, unknown>): Promise<unknown> {
        return this.interact(user, { ...action, user: this.appUser(user) });
    }

    /** A 'viewSubmit' with `state`; a success without another view closes the modal, 'errors' keep it open. */
    async submitModal(user: RcUser, viewId: string, state: Record<string, Record<string, unknown>>, room?: RcRoom): Promise<unknown> {
        const modal = this.openModal(user, viewId);
        const result = (await this.interact(user, {
            type: 'viewSubmit',
            appId: modal.appId,
            actionId: (modal.view.submit as { actionId?: string } | undefined)?.actionId ?? '',
            triggerId: randomId(),
            payload: { view: { ...modal.view, state } },
            user: this.appUser(user),
            ...(room && { room: await this.appRoom(room) }),
        })) as { success?: boolean; type?: string } | undefined;
        if (result && result.success !== false && !result.type) {
            this.modals.get(user._id)?.delete(viewId);
        }
        return result;
    }

    async closeModal(user: RcUser, viewId: string): Promise<unknown> {
        const modal = this.openModal(user, viewId);
        this.modals.get(user._id)?.delete(viewId);
        return this.interact(user, {
            type: 'viewClosed',
            appId: modal.appId,
            actionId: '',
            payload: { view: modal.view, isCleared: false },
            user: this.appUser(user),
        });
    }

    /** The modals currently open for `user`, oldest first. */
    openModals(user: RcUser): ModalView[] {
        this.absorbInteractions();
        return [...(this.modals.get(user._id)?.values() ?? [])];
    }

    /** Every UI interaction the app sent to `user` through the bridge. */
    uiInteractionsFor(user: RcUser): IUIKitInteraction[] {
        return [...(this.host.engine.ctx.uiInteractions.get(user._id) ?? [])];
    }

    /** Takes in what the app pushed through the UI interaction bridge (openModalView etc.) since last time. */
    absorbInteractions(): void {
        for (const [userId, list] of this.host.engine.ctx.uiInteractions) {
            const seen = this.seenInteractions.get(userId) ?? 0;
            for (const i of list.slice(seen)) {
                this.applyInteraction(userId, i as ServerInteraction);
            }
            this.seenInteractions.set(userId, list.length);
        }
    }

    private async interact(user: RcUser, action: Record<string, unknown>): Promise<unknown> {
        let result: unknown;
        try {
            result = await this.host.engine.bridges.listener.uiKitInteractionEvent(AppInterface.IUIKitInteractionHandler, action);
        } finally {
            await this.host.settle();
        }
        this.absorbInteractions();
        const r = result as ServerInteraction | undefined;
        if (r && typeof r === 'object' && r.type) {
            this.applyInteraction(user._id, r);
        }
        return result;
    }

    /** ActionManager.handleServerInteraction, for the modal surface. */
    private applyInteraction(userId: string, i: ServerInteraction): void {
        const views = this.modals.get(userId) ?? new Map<string, ModalView>();
        this.modals.set(userId, views);
        const viewId = (i.view?.id as string | undefined) ?? i.viewId;
        switch (i.type as string) {
            case 'modal.open':
            case 'modal.update':
                if (viewId && i.view) {
                    views.set(viewId, { id: viewId, appId: i.appId, triggerId: i.triggerId, view: i.view });
                }
                break;
            case 'modal.close':
                if (viewId) {
                    views.delete(viewId);
                } else {
                    views.clear();
                }
                break;
            case 'errors':
                if (viewId && views.has(viewId)) {
                    (views.get(viewId) as ModalView).errors = i.errors;
                }
                break;
            default:
                break;
        }
    }
}
