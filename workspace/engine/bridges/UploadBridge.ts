// apps/meteor/app/apps/server/bridges/uploads.ts (AppUploadBridge) and the uploads converter
// (apps/meteor/app/apps/server/converters/uploads.js). createUpload refuses without a user or visitor, stores the
// file (rocketchat/file-upload/FileUpload.ts) and then sends the file message as that user (sendFileMessage): in an
// encrypted room the message is refused after the file was stored, so the call fails and the file stays.
import type { IUpload } from '@rocket.chat/apps-engine/definition/uploads';
import type { IUploadDetails } from '@rocket.chat/apps-engine/definition/uploads/IUploadDetails';
import { UploadBridge } from '@rocket.chat/apps-engine/server/bridges';

import { transformMappedData } from '../../rocketchat/converters';
import { getPath, insertUpload } from '../../rocketchat/file-upload/FileUpload';
import { sendFileMessage } from '../../rocketchat/file-upload/sendFileMessage';
import type { RcUpload } from '../../rocketchat/types';
import type { BridgeContext, Data } from './BridgeContext';

export class StandInUploadBridge extends UploadBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    /** AppUploadsConverter.convertToApp */
    private async toApp(upload: RcUpload | undefined): Promise<IUpload | undefined> {
        if (!upload) {
            return undefined;
        }
        const siteUrl = String(this.ctx.model.settings.get('Site_Url') ?? '').replace(/\/$/, '');
        const converted = await transformMappedData(upload as unknown as Data, {
            // url/path derived from the file id and name, as the /file-upload route serves them
            url: (u) => {
                delete u.url;
                return `${siteUrl}${getPath(`${u._id as string}/${encodeURIComponent(String(u.name ?? ''))}`)}`;
            },
            path: (u) => {
                delete u.path;
                return getPath(`${u._id as string}/${encodeURIComponent(String(u.name ?? ''))}`);
            },
            id: '_id',
            name: 'name',
            size: 'size',
            type: 'type',
            store: 'store',
            description: 'description',
            complete: 'complete',
            uploading: 'uploading',
            extension: 'extension',
            progress: 'progress',
            etag: 'etag',
            token: 'token',
            updatedAt: (u) => {
                const v = u._updatedAt;
                delete u._updatedAt;
                return typeof v === 'string' ? new Date(v) : v;
            },
            uploadedAt: (u) => {
                const v = u.uploadedAt;
                delete u.uploadedAt;
                return typeof v === 'string' ? new Date(v) : v;
            },
            room: async (u) => {
                const result = await this.ctx.converters.roomById(u.rid as string);
                delete u.rid;
                return result;
            },
            user: (u) => {
                if (!u.userId) {
                    return undefined;
                }
                const result = this.ctx.converters.userById(u.userId as string);
                delete u.userId;
                return result;
            },
        });
        return converted as unknown as IUpload;
    }

    protected async getById(id: string): Promise<IUpload> {
        return (await this.toApp(this.ctx.model.uploads.get(id))) as IUpload;
    }

    /** FileUpload.getBuffer of the upload the app names (convertToRocketChat keeps its id) */
    protected async getBuffer(upload: IUpload): Promise<Buffer> {
        const content = this.ctx.model.uploadContents.get(upload.id);
        if (!content) {
            throw new Error('Unknown error');
        }
        return Buffer.from(content);
    }

    protected async createUpload(details: IUploadDetails, buffer: Buffer): Promise<IUpload> {
        if (!details.userId && !details.visitorToken) {
            throw new Error('Missing user to perform the upload operation');
        }
        const bytes = Buffer.from(buffer);
        // getUploadDetails: a visitor's upload carries no userId
        const uploaded = insertUpload(
            this.ctx.model,
            { name: details.name, size: bytes.length, rid: details.rid, ...(details.visitorToken ? { visitorToken: details.visitorToken } : { userId: details.userId }) },
            bytes,
        );
        if (details.visitorToken) {
            throw new Error('Livechat is not available in the workspace stand-in');
        }
        await sendFileMessage(this.ctx.server, details.userId, { roomId: details.rid, file: uploaded });
        return (await this.toApp(uploaded)) as IUpload;
    }
}
