import type { IUIKitResponse, UIKitActionButtonInteractionContext, UIKitViewCloseInteractionContext, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';

import { createContext } from '../actions/context';
import { cancelKeyReset, confirmKeyReset } from '../actions/resetKey';
import { describeStatus } from '../actions/status';
import { resolveTarget } from '../actions/target';
import { toggleEncryption } from '../actions/toggle';
import type { Accessors } from '../app/Accessors';
import type { AppServices } from '../app/AppServices';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { errorName } from '../lib/errors';
import { findRoomById } from '../lib/lookups';
import { tell } from '../lib/notify';
import { ActionId, RESET_VIEW_PREFIX } from '../ui/ids';

/** Room action buttons and the reset dialog. Every answer goes privately to the person who acted. */
export class UiHandler {
    constructor(private readonly services: AppServices) {}

    public async actionButton(context: UIKitActionButtonInteractionContext, accessors: Accessors): Promise<IUIKitResponse> {
        const { actionId, user, room } = context.getInteractionData();
        const responder = context.getInteractionResponder();
        if (actionId !== ActionId.Status && actionId !== ActionId.Enable && actionId !== ActionId.Disable) {
            return responder.errorResponse();
        }
        let reply: Array<Text>;
        try {
            const ctx = await createContext(accessors, this.services, user);
            const resolved = user.isEnabled === false ? undefined : await resolveTarget(ctx, room, { kind: 'current' });
            if (!resolved) {
                reply = [text('not_allowed_inactive')];
            } else if (!resolved.ok) {
                reply = [resolved.reply];
            } else if (actionId === ActionId.Status) {
                reply = await describeStatus(ctx, resolved.room);
            } else {
                reply = [await toggleEncryption(ctx, resolved.room, actionId === ActionId.Enable)];
            }
        } catch (error) {
            this.services.logger.error(`button ${actionId} failed: ${errorName(error)}`);
            reply = [text('internal_error')];
        }
        await this.answer(accessors, user, room, reply);
        return responder.successResponse();
    }

    public async viewSubmit(context: UIKitViewSubmitInteractionContext, accessors: Accessors): Promise<IUIKitResponse> {
        const { view, user } = context.getInteractionData();
        const responder = context.getInteractionResponder();
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
        if (view?.id?.startsWith(RESET_VIEW_PREFIX)) {
            try {
                await cancelKeyReset(await createContext(accessors, this.services, user), view.id);
            } catch (error) {
                this.services.logger.error(`reset dialog close failed: ${errorName(error)}`);
            }
        }
        return responder.successResponse();
    }

    private async answer(accessors: Accessors, user: Parameters<typeof tell>[2], room: Parameters<typeof tell>[3], reply: Array<Text>): Promise<void> {
        await tell(accessors.read, accessors.modify, user, room, reply).catch((error) =>
            this.services.logger.error(`could not answer: ${errorName(error)}`),
        );
    }
}
