// sendFileMessage (apps/meteor/app/file-upload/server/methods/sendFileMessage.ts): a file message from an upload:
// an app user skips the room access check; the message is { msg: '', groupable: false, file, files, attachments }
// (a non-media file's attachment: title, type 'file', format, title_link, title_link_download, size, fileId) and
// goes through executeSendMessage, so the plaintext guard of an encrypted room and the apps' listeners apply.
// Image, audio and video attachments (previews, thumbnails) are not modelled: every file gets the plain file shape.
import { canAccessRoom } from '../authorization/canAccessRoom';
import type { ServerContext } from '../context';
import { executeSendMessage } from '../lib/executeSendMessage';
import type { OutgoingMessage } from '../lib/sendMessage';
import { MeteorError } from '../rules';
import type { RcMessage, RcUpload } from '../types';
import { getFileExtension, getPath } from './FileUpload';

/** parseFileIntoMessageAttachments for a file that is not an image, audio or video. */
export function fileMessageParts(file: RcUpload): { file: Record<string, unknown>; files: Array<Record<string, unknown>>; attachments: Array<Record<string, unknown>> } {
    const fileUrl = getPath(`${file._id}/${encodeURI(file.name || '')}`);
    const files = [{ _id: file._id, name: file.name || '', type: file.type || 'file', size: file.size || 0, format: '' }];
    const attachments = [
        {
            title: file.name,
            type: 'file',
            format: getFileExtension(file.name),
            title_link: fileUrl,
            title_link_download: true,
            size: file.size,
            fileId: file._id,
        },
    ];
    return { file: files[0], files, attachments };
}

export async function sendFileMessage(rc: ServerContext, userId: string, o: { roomId: string; file: RcUpload }): Promise<RcMessage | false | undefined> {
    const user = rc.model.userById(userId);
    if (!user) {
        throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'sendFileMessage' });
    }
    const room = rc.model.roomById(o.roomId);
    if (!room) {
        return false;
    }
    if (user.type !== 'app' && !canAccessRoom(rc.model, room, user._id)) {
        return false;
    }
    const data = { msg: '', groupable: false, ...fileMessageParts(o.file) };
    return executeSendMessage(rc, user, o.roomId, data as unknown as OutgoingMessage);
}
