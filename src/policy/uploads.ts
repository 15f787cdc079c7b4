import { isOpaqueContent, isOpaqueV1, V2_ALGORITHM } from './ciphertext';

/**
 * What may sit beside the ciphertext of an encrypted message: only what Rocket.Chat itself puts there for an
 * encrypted upload, and that only in the form an E2EE client leaves it opaque.
 *
 * How encrypted uploads reach the server:
 * - current web clients confirm files with the sendMessage method (client/lib/chats/flows/processMessageUploads.ts):
 *   the message is `{ t: 'e2e', msg: '', content }`, and for an `e2e` message functions/sendMessage.ts adds no
 *   `attachments`, `files` or `file` (`if (uploadIdsToConfirm?.length && !isE2E)`): the file's metadata is inside
 *   the ciphertext;
 * - mobile and desktop clients (and older web clients) confirm with REST `rooms.mediaConfirm/:rid/:fileId`
 *   (app/api/server/v1/rooms.ts) with `{ t: 'e2e', content, description? }`; sendFileMessage
 *   (app/file-upload/server/methods/sendFileMessage.ts) then adds the attachment Rocket.Chat builds from the upload
 *   (parseFileIntoMessageAttachments) unless rooms.ts passes `parseAttachmentsForE2EE: false`, as 7.x does and the
 *   newest version no longer does. That attachment is `{ title: file.name, type: 'file', format, description,
 *   title_link, title_link_download, size, fileId }`, with `files`/`file` `[{ _id, name, type, size, format,
 *   typeGroup }]`; but `name` and `description` come from the client (the uploaded file's name, the `fileName` and
 *   `description` fields). E2EE clients upload the encrypted blob named with the SHA-256 hex digest of the real
 *   name (web: createSha256HashFromText in client/lib/e2ee/helper.ts; React Native: `sha256(file.name)` in
 *   app/lib/encryption/room.ts) and send the description encrypted (React Native: the v1 string, or a JSON string
 *   of `{ kid, iv, ciphertext }`).
 *
 * So beside ciphertext the guard accepts no `blocks`, and `attachments`/`files`/`file` only as that server-built
 * file attachment with a digest for a name and an opaque or empty description. Anything else (text, fields,
 * a title or file name in words, image previews, and an attachment's `encryption` key or `hashes` in clear, which
 * clients only ever put inside the ciphertext) is refused.
 */

const SHA256_HEX = /^[0-9a-f]{64}$/;
const ID = /^[A-Za-z0-9]{17,24}$/;
/** getFileExtension (apps/meteor/lib/utils/getFileExtension.ts) of a digest, which has no dot: 'file'; a short extension at most. */
const FORMAT = /^[A-Za-z0-9]{0,10}$/;
const MIME = /^[A-Za-z0-9][\w.+-]{0,40}\/[\w.+-]{1,60}$/;
const TYPE_GROUP = /^[a-z]{0,20}$/;

/** The fields of the attachment parseFileIntoMessageAttachments builds for a file that is not an image, audio or video. */
const FILE_ATTACHMENT_KEYS: ReadonlySet<string> = new Set(['type', 'title', 'title_link', 'title_link_download', 'description', 'format', 'size', 'fileId']);
const FILE_KEYS: ReadonlySet<string> = new Set(['_id', 'name', 'type', 'size', 'format', 'typeGroup']);

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const absent = (value: unknown) => value === undefined || value === null;

/** The app's names of the mapped attachment fields, and Rocket.Chat's. */
const APP_ATTACHMENT_FIELDS: Readonly<Record<string, string>> = {
    timestampLink: 'message_link',
    thumbnailUrl: 'thumb_url',
    imageDimensions: 'image_dimensions',
    imagePreview: 'image_preview',
    imageUrl: 'image_url',
    imageType: 'image_type',
    imageSize: 'image_size',
    audioUrl: 'audio_url',
    audioType: 'audio_type',
    audioSize: 'audio_size',
    videoUrl: 'video_url',
    videoType: 'video_type',
    videoSize: 'video_size',
    actionButtonsAlignment: 'button_alignment',
    timestamp: 'ts',
};

/**
 * An attachment as Rocket.Chat stores it. Apps get attachments converted (app/apps/server/converters/messages.ts,
 * _convertAttachmentsToApp): `title: { value, link, displayDownloadLink }`, camel-case media fields, the rest
 * (fileId, format, size, ...) in `_unmappedProperties_`; this undoes that the way _convertAppAttachments does, so
 * both shapes are judged alike. Fields without a value are dropped.
 */
function storedAttachment(attachment: Fields): Fields {
    // no prototype: a key such as `__proto__` stays a field, and is judged like any other
    const stored: Fields = Object.create(null) as Fields;
    for (const [key, value] of Object.entries(attachment)) {
        if (key === '_unmappedProperties_' && isObject(value)) {
            Object.assign(stored, value);
        } else if (key === 'title' && isObject(value)) {
            Object.assign(stored, { title: value.value, title_link: value.link, title_link_download: value.displayDownloadLink });
        } else if (key === 'author' && isObject(value)) {
            Object.assign(stored, { author_name: value.name, author_link: value.link, author_icon: value.icon });
        } else {
            stored[Object.prototype.hasOwnProperty.call(APP_ATTACHMENT_FIELDS, key) ? APP_ATTACHMENT_FIELDS[key] : key] = value;
        }
    }
    return Object.fromEntries(Object.entries(stored).filter(([, value]) => value !== undefined && value !== null));
}

/** A description an E2EE client sent: none, the v1 string, or the JSON string of v2 `{ kid, iv, ciphertext }`; opaque. */
function isOpaqueDescription(description: unknown): boolean {
    if (absent(description) || description === '') {
        return true;
    }
    if (typeof description !== 'string') {
        return false;
    }
    if (isOpaqueV1(description)) {
        return true;
    }
    let parsed: unknown;
    try {
        parsed = description.startsWith('{') ? JSON.parse(description) : undefined;
    } catch {
        return false;
    }
    if (!isObject(parsed) || !Object.keys(parsed).every((key) => key === 'kid' || key === 'iv' || key === 'ciphertext')) {
        return false;
    }
    const content = { algorithm: V2_ALGORITHM, ...parsed };
    return isOpaqueContent(content);
}

/** A link Rocket.Chat builds for an upload (FileUpload.getPath): `[origin][prefix]/file-upload/<id>/<name>`, here with the digest as the name. */
function isUploadLink(link: unknown, digest: string): boolean {
    return typeof link === 'string' && /^(?:https?:\/\/[^/?#\s]+)?(?:\/[^?#\s]*)?\/file-upload\/[A-Za-z0-9]{17,24}\/[0-9a-f]{64}$/.test(link) && link.endsWith(`/${digest}`);
}

const isSize = (value: unknown) => absent(value) || (typeof value === 'number' && Number.isFinite(value) && value >= 0);

/** The server-built attachment of an encrypted upload, named with a digest, with nothing readable in it. */
export function isEncryptedUploadAttachment(attachment: unknown): boolean {
    if (!isObject(attachment)) {
        return false;
    }
    const stored = storedAttachment(attachment);
    if (!Object.keys(stored).every((key) => FILE_ATTACHMENT_KEYS.has(key))) {
        return false;
    }
    const { type, title, title_link: link, title_link_download: download, description, format, size, fileId } = stored;
    return (
        type === 'file' &&
        typeof title === 'string' &&
        SHA256_HEX.test(title) &&
        (absent(link) || isUploadLink(link, title)) &&
        (absent(download) || typeof download === 'boolean') &&
        isOpaqueDescription(description) &&
        (absent(format) || (typeof format === 'string' && (FORMAT.test(format) || format === title))) &&
        isSize(size) &&
        (absent(fileId) || (typeof fileId === 'string' && ID.test(fileId)))
    );
}

/** One of `files` (or `file`) as sendFileMessage stores it, named with a digest. */
export function isEncryptedUploadFile(file: unknown): boolean {
    if (!isObject(file) || !Object.keys(file).every((key) => FILE_KEYS.has(key))) {
        return false;
    }
    const { _id: id, name, type, size, format, typeGroup } = file;
    return (
        typeof name === 'string' &&
        SHA256_HEX.test(name) &&
        (absent(id) || (typeof id === 'string' && ID.test(id))) &&
        (absent(type) || (typeof type === 'string' && (type === 'file' || MIME.test(type)))) &&
        isSize(size) &&
        (absent(format) || (typeof format === 'string' && (FORMAT.test(format) || format === name))) &&
        (absent(typeGroup) || (typeof typeGroup === 'string' && TYPE_GROUP.test(typeGroup)))
    );
}

const noneOr = (value: unknown, accept: (item: unknown) => boolean) => absent(value) || (Array.isArray(value) && value.every(accept));

/** What an encrypted message may carry besides its ciphertext: no blocks, and only encrypted-upload attachments and files. */
export function besideCiphertextIsOpaque(message: { readonly attachments?: unknown; readonly blocks?: unknown; readonly file?: unknown; readonly files?: unknown }): boolean {
    return (
        (absent(message.blocks) || (Array.isArray(message.blocks) && message.blocks.length === 0)) &&
        noneOr(message.attachments, isEncryptedUploadAttachment) &&
        noneOr(message.files, isEncryptedUploadFile) &&
        (absent(message.file) || isEncryptedUploadFile(message.file))
    );
}
