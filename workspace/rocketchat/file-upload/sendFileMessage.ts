// sendFileMessage (apps/meteor/app/file-upload/server/methods/sendFileMessage.ts): a file message from an upload.
// An app user skips the room access check. The message gets the attachment Rocket.Chat builds from the upload
// (parseFileIntoMessageAttachments) unless it is `t: 'e2e'` and `parseAttachmentsForE2EE` is false, and goes through
// executeSendMessage, so the plaintext guard of an encrypted room and the apps' listeners apply.
// REST rooms.mediaConfirm/:rid/:fileId (apps/meteor/app/api/server/v1/rooms.ts) hands the upload and the body to it;
// rooms.ts passed `{ parseAttachmentsForE2EE: false }` in the 7.x versions and no longer does in the newest one
// (8.7), so an encrypted upload gets the server-built attachment again there. Thumbnails are not modelled.
import { canAccessRoom } from '../authorization/canAccessRoom';
import type { ServerContext } from '../context';
import { executeSendMessage } from '../lib/executeSendMessage';
import type { OutgoingMessage } from '../lib/sendMessage';
import { MeteorError } from '../rules';
import type { RcMessage } from '../types';
import { getPath } from './FileUpload';

/** The Uploads record of a file uploaded to the room (IUpload, the fields sendFileMessage reads). */
export interface UploadedFile {
    _id: string;
    name: string;
    type: string;
    size: number;
    typeGroup?: string;
    description?: string;
    /** rooms.mediaConfirm's `fileContent`: the client's encrypted file metadata, kept on the upload only */
    content?: unknown;
}

/** The body of rooms.mediaConfirm: the message fields, and the upload's `description`, `fileName` and `fileContent`. */
export type MediaConfirmBody = Record<string, unknown>;

/** getFileExtension (apps/meteor/lib/utils/getFileExtension.ts): the upper-cased part after the last dot, else 'file'. */
function getFileExtension(name: string): string {
    const parts = (name || '').split('.');
    if (!name || parts.length < 2 || (parts[0] === '' && parts.length === 2)) {
        return 'file';
    }
    return parts.pop()?.toLocaleUpperCase() || 'file';
}

/** parseFileIntoMessageAttachments: `files` and the one attachment (the image, audio and video branches without thumbnails). */
export function parseFileIntoMessageAttachments(file: UploadedFile): { files: Array<Record<string, unknown>>; attachments: Array<Record<string, unknown>> } {
    const url = getPath(`${file._id}/${encodeURI(file.name || '')}`);
    const files = [{ _id: file._id, name: file.name || '', type: file.type || 'file', size: file.size || 0, format: '', typeGroup: file.typeGroup }];
    const common = { title: file.name, type: 'file', description: file.description, title_link: url, title_link_download: true };
    const media = /^(image|audio|video)\/.+/.exec(file.type)?.[1];
    const attachment = media
        ? { ...common, [`${media}_url`]: url, [`${media}_type`]: file.type, [`${media}_size`]: file.size, fileId: file._id }
        : { ...common, format: getFileExtension(file.name), size: file.size, fileId: file._id };
    return { files, attachments: [attachment] };
}

/** sendFileMessage's `check(msgData, Match.Maybe({...}))`: only these keys, `content` with `algorithm` and `ciphertext`. */
const MSG_DATA_KEYS = new Set(['avatar', 'emoji', 'alias', 'groupable', 'msg', 'tmid', 'customFields', 't', 'content']);

export async function sendFileMessage(
    rc: ServerContext,
    userId: string,
    { roomId, file, msgData = {} }: { roomId: string; file: UploadedFile; msgData?: Record<string, unknown> },
    { parseAttachmentsForE2EE }: { parseAttachmentsForE2EE: boolean } = { parseAttachmentsForE2EE: true },
): Promise<RcMessage | false | undefined> {
    const user = rc.model.userById(userId);
    if (!user) {
        throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'sendFileMessage' });
    }
    const room = rc.model.roomById(roomId);
    if (!room) {
        return false;
    }
    if (user.type !== 'app' && !canAccessRoom(rc.model, room, user._id)) {
        return false;
    }
    const unknown = Object.keys(msgData).find((key) => !MSG_DATA_KEYS.has(key));
    if (unknown) {
        throw new Error(`Match error: Unknown key in field ${unknown}`);
    }
    const data: Record<string, unknown> = { rid: roomId, ...msgData, msg: typeof msgData.msg === 'string' ? msgData.msg : '', groupable: msgData.groupable ?? false };
    if (typeof msgData.customFields === 'string') {
        data.customFields = JSON.parse(msgData.customFields) as unknown;
    }
    if (parseAttachmentsForE2EE || msgData.t !== 'e2e') {
        const { files, attachments } = parseFileIntoMessageAttachments(file);
        Object.assign(data, { file: files[0], files, attachments });
    }
    return executeSendMessage(rc, user, roomId, data as unknown as OutgoingMessage);
}

/** rooms.mediaConfirm/:rid/:fileId: the body's `description`, `fileName` and `fileContent` go to the upload, the rest is the message. */
export async function mediaConfirm(rc: ServerContext, userId: string, rid: string, upload: UploadedFile, body: MediaConfirmBody, options: { parseAttachmentsForE2EE: boolean }): Promise<RcMessage | undefined> {
    if (!rc.model.roomById(rid)) {
        throw new MeteorError('error-invalid-room', 'Invalid room');
    }
    const file: UploadedFile = { ...upload };
    const msgData = { ...body };
    file.description = msgData.description as string | undefined;
    delete msgData.description;
    if (typeof msgData.fileName === 'string' && msgData.fileName) {
        file.name = msgData.fileName;
    }
    delete msgData.fileName;
    if (msgData.fileContent) {
        file.content = msgData.fileContent;
    }
    delete msgData.fileContent;
    const sent = await sendFileMessage(rc, userId, { roomId: rid, file, msgData }, options);
    return sent || undefined;
}
