import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { LayoutBlock } from '@rocket.chat/ui-kit';

import type { Language, MessageKey } from '../i18n/translate';
import { text, translate } from '../i18n/translate';
import { ActionId } from './ids';

/** The confirmation dialog for `/e2e reset-key`: says exactly what the reset does before anything happens. */
export function resetKeyModal(viewId: string, language: Language, username: string): IUIKitModalViewParam {
    const say = (key: MessageKey) => translate(language, text(key, { username }));
    const paragraph = (key: MessageKey): LayoutBlock => ({
        type: 'section',
        text: { type: 'mrkdwn', text: say(key) },
    });
    return {
        id: viewId,
        title: { type: 'plain_text', text: say('reset_modal_title') },
        blocks: [
            paragraph('reset_modal_intro'),
            paragraph('reset_modal_logout'),
            paragraph('reset_modal_keys'),
            paragraph('reset_modal_history'),
        ],
        submit: {
            type: 'button',
            appId: '',
            blockId: viewId,
            actionId: ActionId.ResetConfirm,
            style: 'danger',
            text: { type: 'plain_text', text: say('reset_modal_submit') },
        },
        close: {
            type: 'button',
            appId: '',
            blockId: viewId,
            actionId: ActionId.ResetCancel,
            text: { type: 'plain_text', text: say('reset_modal_cancel') },
        },
    };
}
