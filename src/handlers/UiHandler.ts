import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUIKitResponse, UIKitActionButtonInteractionContext, UIKitViewCloseInteractionContext, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { createContext } from '../actions/context';
import type { RoomRequest } from '../actions/request';
import { answerRequest, answerRoomRequest, isDeactivated } from '../actions/request';
import { cancelKeyReset, confirmKeyReset } from '../actions/resetKey';
import type { Accessors } from '../app/Accessors';
import type { AppServices } from '../app/AppServices';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { errorName } from '../lib/errors';
import { findRoomById } from '../lib/lookups';
import { tell } from '../lib/notify';
import { closeEnforcementDialog, confirmEnforcement } from '../jobs/enforce';
import { ActionId, ENFORCE_VIEW_PREFIX, RESET_VIEW_PREFIX } from '../ui/ids';

/** What each room button asks for; any other action id is not the app's (a Map: a client-sent id never reaches a prototype). */
const BUTTON_REQUEST: ReadonlyMap<string, RoomRequest> = new Map([
    [ActionId.Status, 'status'],
    [ActionId.Enable, 'enable'],
    [ActionId.Disable, 'disable'],
]);

/** Room action buttons and the reset dialog. Every answer goes privately to the person who acted. */
export class UiHandler {
    constructor(private readonly services: AppServices) {}

    public async actionButton(context: UIKitActionButtonInteractionContext, accessors: Accessors): Promise<IUIKitResponse> {
        const { actionId, user, room } = context.getInteractionData();
        const responder = context.getInteractionResponder();
        const request = BUTTON_REQUEST.get(actionId);
        if (!request) {
            return responder.errorResponse();
        }
        await answerRequest(accessors, this.services, user, room, `button ${actionId}`, async (ctx) =>
            isDeactivated(ctx.user) ? [text('not_allowed_inactive')] : answerRoomRequest(ctx, room, { kind: 'current' }, request),
        );
        return responder.successResponse();
    }

    public async viewSubmit(context: UIKitViewSubmitInteractionContext, accessors: Accessors): Promise<IUIKitResponse> {
        const { view, user } = context.getInteractionData();
        const responder = context.getInteractionResponder();
        if (view?.id?.startsWith(ENFORCE_VIEW_PREFIX)) {
            return this.enforceSubmit(view.id, user, accessors).then(() => responder.successResponse());
        }
        if (!view?.id?.startsWith(RESET_VIEW_PREFIX)) {
            return responder.errorResponse();
        }
        try {
            const ctx = await createContext(accessors, this.services, user);
            const outcome = await confirmKeyReset(ctx, view.id);
            const room = outcome.roomId ? await findRoomById(accessors.read, outcome.roomId) : undefined;
            if (room) {
                await this.answer(accessors, user, room, [outcome.reply]);
            }
        } catch (error) {
            this.services.logger.error(`reset dialog failed: ${errorName(error)}`);
        }
        return responder.successResponse();
    }

    public async viewClose(context: UIKitViewCloseInteractionContext, accessors: Accessors): Promise<IUIKitResponse> {
        const { view, user } = context.getInteractionData();
        const responder = context.getInteractionResponder();
        if (view?.id?.startsWith(ENFORCE_VIEW_PREFIX)) {
            try {
                await closeEnforcementDialog(await createContext(accessors, this.services, user), view.id);
            } catch (error) {
                this.services.logger.error(`enforce dialog close failed: ${errorName(error)}`);
            }
        }
        if (view?.id?.startsWith(RESET_VIEW_PREFIX)) {
            try {
                await cancelKeyReset(await createContext(accessors, this.services, user), view.id);
            } catch (error) {
                this.services.logger.error(`reset dialog close failed: ${errorName(error)}`);
            }
        }
        return responder.successResponse();
    }

    /** The `/e2e enforce` dialog was submitted: start the run, and say so where the command was given. */
    private async enforceSubmit(viewId: string, user: IUser, accessors: Accessors): Promise<void> {
        try {
            const ctx = await createContext(accessors, this.services, user);
            const outcome = isDeactivated(ctx.user) ? { reply: [text('not_allowed_inactive')] } : await confirmEnforcement(ctx, viewId);
            const room = outcome.roomId ? await findRoomById(accessors.read, outcome.roomId) : undefined;
            if (room) {
                await this.answer(accessors, user, room, outcome.reply);
            }
        } catch (error) {
            this.services.logger.error(`enforce dialog failed: ${errorName(error)}`);
        }
    }

    private async answer(accessors: Accessors, user: IUser, room: IRoom, reply: Array<Text>): Promise<void> {
        await tell(accessors.read, accessors.modify, user, room, reply).catch((error) =>
            this.services.logger.error(`could not answer: ${errorName(error)}`),
        );
    }
}
