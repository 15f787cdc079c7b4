// The Uploads file store as the apps upload bridge uses it: FileUpload.getStore('Uploads').insert(details, buffer)
// (apps/meteor/app/file-upload/server/lib/FileUpload.ts) with the type from determineFileType
// (apps/meteor/ee/lib/misc/determineFileType.ts: the content's signature, else the name's mime type), and
// FileUpload.getPath (`/file-upload/<id>/<name>`). The bytes are kept by file id in Model.uploadContents.
import { nowIso, randomId } from '../ids';
import type { Model } from '../Model';
import type { RcUpload } from '../types';

/** An upload's `extension` as UploadFS's Store.create sets it: the text after the last dot, lower-cased. */
export function uploadExtension(fileName = ''): string {
    const parts = fileName.split('.');
    return parts.length > 1 ? (parts.pop() ?? '').toLowerCase() : '';
}

const SIGNATURES: Array<[number[], string]> = [
    [[0x89, 0x50, 0x4e, 0x47], 'image/png'],
    [[0xff, 0xd8, 0xff], 'image/jpeg'],
    [[0x47, 0x49, 0x46, 0x38], 'image/gif'],
    [[0x25, 0x50, 0x44, 0x46], 'application/pdf'],
    [[0x50, 0x4b, 0x03, 0x04], 'application/zip'],
];

const BY_EXTENSION: Record<string, string> = {
    csv: 'text/csv',
    txt: 'text/plain',
    json: 'application/json',
    html: 'text/html',
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    zip: 'application/zip',
};

/** determineFileType: a known signature first (file-type), else the extension's mime type, else octet-stream. */
export function determineFileType(buffer: Buffer, name: string): string {
    for (const [bytes, type] of SIGNATURES) {
        if (bytes.every((b, i) => buffer[i] === b)) {
            return type;
        }
    }
    return BY_EXTENSION[uploadExtension(name)] ?? 'application/octet-stream';
}

/** FileUpload.getPath */
export const getPath = (path: string): string => `/file-upload/${path}`;

export interface UploadDetails {
    name: string;
    size: number;
    type?: string;
    rid: string;
    userId?: string;
    visitorToken?: string;
}

/** fileStore.insert: the Uploads document, complete, with its bytes in the store. */
export function insertUpload(model: Model, details: UploadDetails, buffer: Buffer): RcUpload {
    const now = nowIso();
    const _id = randomId();
    const upload: RcUpload = {
        _id,
        name: details.name,
        size: buffer.length,
        type: details.type ?? determineFileType(buffer, details.name),
        extension: uploadExtension(details.name),
        rid: details.rid,
        ...(details.userId && { userId: details.userId }),
        ...(details.visitorToken && { visitorToken: details.visitorToken }),
        store: 'GridFS:Uploads',
        complete: true,
        uploading: false,
        progress: 1,
        url: getPath(`${_id}/${encodeURI(details.name)}`),
        uploadedAt: now,
        _updatedAt: now,
    };
    model.uploads.set(_id, upload);
    model.uploadContents.set(_id, Buffer.from(buffer));
    return upload;
}
