// Editing a message (Rocket.Chat 8.x, read 2026), in three layers, so an edit Rocket.Chat refuses never reaches an app:
// - REST chat.update (apps/meteor/app/api/server/v1/chat.ts): the message must exist and be in the given room, and
//   only an encrypted ('e2e') message may have its `content` replaced; then executeUpdateMessage;
// - executeUpdateMessage (apps/meteor/app/lib/server/methods/updateMessage.ts, also the DDP method updateMessage):
//   nothing happens when the text is unchanged; `edit-message` (room-scoped), or Message_AllowEditing and one's own
//   message; Message_AllowEditing_BlockEditInMinutes unless `bypass-time-limit-edit-and-delete` (room-scoped), for
//   holders of edit-message too; canSendMessage (access, read-only...); then updateMessage();
// - updateMessage() (apps/meteor/app/lib/server/functions/updateMessage.ts), which the Apps-Engine message bridge
//   calls directly for an app's own edits: a removed message (`t: 'rm'`) and an empty text without attachments or
//   blocks are refused before the apps' events; then Prevent, Extend, Modify, the store, IPostMessageUpdated.
// Not modelled: the same empty check again after the apps' Modify (read literally it would refuse every content-only
// edit of a v2 message, whose `msg` is ''; Message.beforeSave, unreadable here, runs before it), tmid changes, and
// Message_KeepHistory.
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import { canSendMessage } from '../authorization/canSendMessage';
import type { ServerContext } from '../context';
import { nowIso } from '../ids';
import { MeteorError } from '../rules';
import type { RcMessage, RcUser } from '../types';

export interface MessageEdit {
    text?: string;
    content?: RcMessage['content'];
    e2eMentions?: RcMessage['e2eMentions'];
}

const editingNotAllowed = () => new MeteorError('error-action-not-allowed', 'Message editing not allowed', { method: 'updateMessage', action: 'Message_editing' });

const ALLOWED_EDITED_FIELDS = ['tshow', 'alias', 'attachments', 'avatar', 'emoji', 'msg', 'customFields', 'content', 'e2eMentions'];

/** updateMessage()'s refusal of an empty text: a text that is not a string or only spaces, with nothing else to show. */
function isEmptyText(msg: unknown, shown: RcMessage): boolean {
    const attachments = shown.attachments as unknown[] | undefined;
    const blocks = shown.blocks as unknown[] | undefined;
    return msg !== undefined && (typeof msg !== 'string' || !msg.trim()) && !attachments?.length && !blocks?.length;
}

/** updateMessage(): the listeners see the stored message merged with the change. No permission check here. */
export async function updateMessage(rc: ServerContext, editorId: string, messageId: string, change: Partial<RcMessage>): Promise<RcMessage> {
    const { model } = rc;
    const editor = model.requireUser(editorId);
    const original = model.messageById(messageId);
    if (!original) {
        throw new Error('Invalid message ID.');
    }
    if (original.t === 'rm') {
        throw editingNotAllowed();
    }
    const message: Partial<RcMessage> = { ...change };
    if (typeof message.msg === 'string') {
        message.msg = message.msg.replace(/\0/g, '');
    }
    if (isEmptyText(message.msg, original)) {
        throw new MeteorError('error-invalid-message', 'Message cannot be empty', { method: 'updateMessage' });
    }
    const messageData: RcMessage = Object.assign({}, original, message, { _id: original._id, rid: original.rid });
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

/** Whole minutes since the message was sent (moment().diff(ts, 'minutes')). */
function minutesSince(ts: string): number {
    const sent = Date.parse(ts);
    return Number.isNaN(sent) ? 0 : Math.floor((Date.now() - sent) / 60000);
}

/** The editor's checks of executeUpdateMessage, in its order; throws Rocket.Chat's error for the first that fails. */
function checkEditor(rc: ServerContext, user: RcUser, original: RcMessage): void {
    const { model } = rc;
    const mayEditAny = model.hasPermission(user._id, 'edit-message', original.rid);
    const editAllowed = model.settings.get('Message_AllowEditing') === true;
    const editOwn = original.u?._id === user._id;
    if (!mayEditAny && (!editAllowed || !editOwn)) {
        throw editingNotAllowed();
    }
    const blockEditInMinutes = model.settings.get('Message_AllowEditing_BlockEditInMinutes');
    const bypass = model.hasPermission(user._id, 'bypass-time-limit-edit-and-delete', original.rid);
    if (!bypass && typeof blockEditInMinutes === 'number' && blockEditInMinutes !== 0 && minutesSince(original.ts) >= blockEditInMinutes) {
        throw new MeteorError('error-message-editing-blocked', 'Message editing is blocked', { method: 'updateMessage' });
    }
    canSendMessage(model, original.rid, user);
}

/** executeUpdateMessage(uid, message): undefined when nothing is to be done, else the updated message. */
export async function executeUpdateMessage(rc: ServerContext, uid: string, message: Partial<RcMessage> & { _id: string }): Promise<RcMessage | undefined> {
    const { model } = rc;
    const original = model.messageById(message._id);
    if (!original?._id) {
        return undefined;
    }
    for (const [key, value] of Object.entries(message)) {
        if (!ALLOWED_EDITED_FIELDS.includes(key) && value !== original[key]) {
            throw new MeteorError('error-invalid-update-key', `Cannot update the message ${key}`, { method: 'updateMessage' });
        }
    }
    const attachments = original.attachments as Array<{ description?: string }> | undefined;
    const msgText = attachments?.[0]?.description ?? original.msg;
    if (msgText === message.msg && !message.customFields) {
        return undefined;
    }
    const user = model.userById(uid);
    if (!user) {
        throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'updateMessage' });
    }
    checkEditor(rc, user, original);
    const change: Partial<RcMessage> = { ...message };
    // an upload's text is its first attachment's description
    if (attachments?.length && attachments[0].description !== undefined) {
        const edited = attachments.map((a, i) => (i === 0 ? { ...a, description: message.msg } : a));
        Object.assign(change, { attachments: edited, msg: original.msg });
    }
    delete change._id;
    delete change.rid;
    change.u = original.u;
    return updateMessage(rc, uid, original._id, change);
}

/**
 * chat.update: a text edit or, for `t: 'e2e'` messages only, a content edit; answers the message as stored after the
 * edit (unchanged when there was nothing to do). No E2E check on edits.
 */
export async function editMessage(rc: ServerContext, userId: string, messageId: string, edit: MessageEdit, roomId?: string): Promise<RcMessage | undefined> {
    const { model } = rc;
    const original = model.messageById(messageId);
    if (!original) {
        // API.v1.failure(text): a 400 without errorType, as the two below
        throw new Error(`No message found with the id of "${messageId}".`);
    }
    if (roomId !== undefined && roomId !== original.rid) {
        throw new Error('The room id provided does not match where the message is from.');
    }
    const hasContent = 'content' in edit && edit.content !== undefined;
    if (hasContent && original.t !== 'e2e') {
        throw new Error('Only encrypted messages can have content updated.');
    }
    const message = hasContent
        ? { _id: original._id, rid: original.rid, content: edit.content, ...(edit.e2eMentions && { e2eMentions: edit.e2eMentions }) }
        : { _id: original._id, rid: original.rid, msg: edit.text ?? '' };
    await executeUpdateMessage(rc, userId, message);
    return model.messageById(messageId);
}
