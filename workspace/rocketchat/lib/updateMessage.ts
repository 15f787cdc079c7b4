// Editing a message: the updateMessage DDP method and REST chat.update (apps/meteor/app/lib/server/methods/
// updateMessage.ts, app/api/server/v1/chat.ts) check the editor, then updateMessage()
// (apps/meteor/app/lib/server/functions/updateMessage.ts) runs the app's events and stores the change.
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import type { ServerContext } from '../context';
import { nowIso } from '../ids';
import { MeteorError } from '../rules';
import type { RcMessage } from '../types';

export interface MessageEdit {
    text?: string;
    content?: RcMessage['content'];
    e2eMentions?: RcMessage['e2eMentions'];
}

const editingNotAllowed = () => new MeteorError('error-action-not-allowed', 'Message editing not allowed', { method: 'updateMessage', action: 'Message_editing' });

/** updateMessage(): the listeners see the stored message merged with the change. The sender or edit-message may edit. */
export async function updateMessage(rc: ServerContext, editorId: string, messageId: string, change: Partial<RcMessage>): Promise<RcMessage> {
    const { model } = rc;
    const editor = model.requireUser(editorId);
    const original = model.messageById(messageId);
    if (!original) {
        throw new Error('Invalid message ID.');
    }
    if (original.u._id !== editorId && !model.hasPermission(editorId, 'edit-message', original.rid)) {
        throw editingNotAllowed();
    }
    const messageData: RcMessage = Object.assign({}, original, change, { _id: original._id, rid: original.rid });
    if (rc.appsLoaded()) {
        const prevent = await rc.trigger(AppInterface.IPreMessageUpdatedPrevent, messageData);
        if (prevent) {
            throw new MeteorError('error-app-prevented-updating', 'A Rocket.Chat App prevented the message updating.');
        }
        let result = await rc.trigger(AppInterface.IPreMessageUpdatedExtend, messageData);
        result = await rc.trigger(AppInterface.IPreMessageUpdatedModify, result);
        if (typeof result === 'object' && result) {
            Object.assign(messageData, result);
        }
    }
    Object.assign(messageData, { editedAt: nowIso(), editedBy: { _id: editor._id, username: editor.username }, _updatedAt: nowIso() });
    model.messages.set(messageData._id, messageData);
    rc.fireAndForget(rc.trigger(AppInterface.IPostMessageUpdated, messageData));
    return messageData;
}

/**
 * chat.update / the updateMessage method: a text edit or, for `t: 'e2e'` messages only, a content edit. No E2E check
 * on edits. Nothing happens when the text is unchanged.
 */
export async function editMessage(rc: ServerContext, userId: string, messageId: string, edit: MessageEdit): Promise<RcMessage | undefined> {
    const { model } = rc;
    const original = model.messageById(messageId);
    if (!original) {
        throw new MeteorError('error-invalid-message', 'Invalid message');
    }
    const hasContent = 'content' in edit && edit.content !== undefined;
    if (hasContent && original.t !== 'e2e') {
        throw new MeteorError('error-invalid-params', 'Only encrypted messages can have content updated.');
    }
    if (original.u._id !== userId && !model.hasPermission(userId, 'edit-message', original.rid)) {
        throw editingNotAllowed();
    }
    const change: Partial<RcMessage> = hasContent ? { content: edit.content, ...(edit.e2eMentions && { e2eMentions: edit.e2eMentions }) } : { msg: edit.text ?? '' };
    if (!hasContent && change.msg === original.msg) {
        return original;
    }
    return updateMessage(rc, userId, messageId, change);
}
