import type { IUIExtend } from '@rocket.chat/apps-engine/definition/accessors';
import { UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import { RoomTypeFilter } from '@rocket.chat/apps-engine/definition/ui/IUIActionButtonDescriptor';

import type { MessageKey } from '../i18n/translate';
import { ActionId } from './ids';

/** Room kinds that can be encrypted, as the web client filters action buttons. */
const SUPPORTED_ROOM_TYPES = [
    RoomTypeFilter.DIRECT,
    RoomTypeFilter.DIRECT_MULTIPLE,
    RoomTypeFilter.PRIVATE_CHANNEL,
    RoomTypeFilter.PRIVATE_TEAM,
    RoomTypeFilter.PRIVATE_DISCUSSION,
];

/**
 * Room action buttons: the web client hides slash commands inside encrypted rooms, so the
 * status and the toggles must be reachable from the room's menu too.
 */
export function registerButtons(ui: IUIExtend): void {
    const buttons: Array<[ActionId, MessageKey]> = [
        [ActionId.Status, 'button_status'],
        [ActionId.Enable, 'button_enable'],
        [ActionId.Disable, 'button_disable'],
    ];
    for (const [actionId, labelI18n] of buttons) {
        ui.registerButton({
            actionId,
            labelI18n,
            context: UIActionButtonContext.ROOM_ACTION,
            when: { roomTypes: SUPPORTED_ROOM_TYPES },
        });
    }
}
