import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import { AuditAction } from '../audit/AuditRecord';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { roomLabel } from '../lib/lookups';
import { changeEncryption } from './changeEncryption';
import type { ActionContext } from './context';

/** `/e2e enable|disable` and the matching buttons: the person's change, and what to tell them about it. */
export async function toggleEncryption(ctx: ActionContext, room: IRoom, encrypted: boolean): Promise<Text> {
    const result = await changeEncryption(ctx, {
        room,
        encrypted,
        action: encrypted ? AuditAction.Enable : AuditAction.Disable,
        requestedBy: 'person',
        actor: ctx.user,
    });
    const label = roomLabel(room);
    switch (result.status) {
        case 'done':
            return text(encrypted ? 'toggle_enabled' : 'toggle_disabled', { room: label });
        case 'refused':
            return result.why;
        case 'failed':
            return text(result.unconfirmed ? 'toggle_unconfirmed' : 'toggle_failed', { room: label, reason: result.why });
    }
}
