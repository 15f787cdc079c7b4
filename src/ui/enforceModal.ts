import type { IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { LayoutBlock } from '@rocket.chat/ui-kit';

import type { Language, MessageKey, Text } from '../i18n/translate';
import { text, translate } from '../i18n/translate';
import { ActionId } from './ids';

export interface EnforceModalContent {
    /** What changes, one line per kind (and the kinds the policy leaves alone). */
    readonly lines: ReadonlyArray<Text>;
    /** The rate and about how long it takes. */
    readonly pace: Text;
    readonly turnsOn: boolean;
    readonly turnsOff: boolean;
    /** False when counting stopped early and the numbers are lower bounds. */
    readonly exact: boolean;
}

/**
 * The confirmation dialog for `/e2e enforce`: how many rooms are switched on or off, at what
 * rate and for about how long, and what members will see, before anything happens.
 */
export function enforceModal(viewId: string, language: Language, content: EnforceModalContent): IUIKitModalViewParam {
    const say = (value: Text) => translate(language, value);
    const paragraph = (value: Text): LayoutBlock => ({ type: 'section', text: { type: 'mrkdwn', text: say(value) } });
    const fixed: Array<MessageKey> = [];
    if (!content.exact) {
        fixed.push('enforce_modal_estimate');
    }
    if (content.turnsOn) {
        fixed.push('enforce_modal_history_on', 'enforce_modal_password');
    }
    if (content.turnsOff) {
        fixed.push('enforce_modal_history_off');
    }
    fixed.push('enforce_modal_follow');
    return {
        id: viewId,
        title: { type: 'plain_text', text: say(text('enforce_modal_title')) },
        blocks: [...content.lines.map(paragraph), paragraph(content.pace), ...fixed.map((key) => paragraph(text(key)))],
        submit: {
            type: 'button',
            appId: '',
            blockId: viewId,
            actionId: ActionId.EnforceConfirm,
            style: 'danger',
            text: { type: 'plain_text', text: say(text('enforce_modal_submit')) },
        },
        close: {
            type: 'button',
            appId: '',
            blockId: viewId,
            actionId: ActionId.EnforceCancel,
            text: { type: 'plain_text', text: say(text('enforce_modal_cancel')) },
        },
    };
}
