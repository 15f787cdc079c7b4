// The Apps-Engine converters as Rocket.Chat has them (apps/meteor/app/apps/server/converters/{rooms,messages,users}.ts
// and transformMappedData.ts). Everything a map does not name lands in `_unmappedProperties_`: that is how an app
// sees a room's `encrypted`/`e2eKeyId` and a message's `content`/`e2e`/`e2eMentions`.
import type { RcMessage, RcRoom, RcUser } from './types';

type Data = Record<string, unknown>;
type MapValue = string | ((data: Data) => unknown | Promise<unknown>);

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** transformMappedData: copy `from` fields to `to` names, the rest goes to `_unmappedProperties_`. */
export async function transformMappedData(data: Data, map: Record<string, MapValue>): Promise<Data> {
    const originalData = clone(data);
    const transformed: Data = {};
    for (const [to, from] of Object.entries(map)) {
        if (typeof from === 'function') {
            const result = await from(originalData);
            if (typeof result !== 'undefined') {
                transformed[to] = result;
            }
        } else if (typeof from === 'string') {
            if (typeof originalData[from] !== 'undefined') {
                transformed[to] = originalData[from];
            }
            delete originalData[from];
        }
    }
    return { ...transformed, _unmappedProperties_: originalData };
}

const toDate = (v: unknown): unknown => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(v) : v);

/** A mapped field taken out of the rest: a stored ISO date as the Date Rocket.Chat hands to apps. */
const takeDate =
    (field: string): MapValue =>
    (data) => {
        const v = toDate(data[field]);
        delete data[field];
        return v;
    };

/** A mapped boolean taken out of the rest (`!!room.default`). */
const takeFlag =
    (field: string): MapValue =>
    (data) => {
        const result = !!data[field];
        delete data[field];
        return result;
    };

/** The attachment fields converters/messages.ts maps one to one (app name: Rocket.Chat name). */
const ATTACHMENT_MAP: Record<string, string> = {
    collapsed: 'collapsed',
    color: 'color',
    text: 'text',
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
    fields: 'fields',
    actionButtonsAlignment: 'button_alignment',
    actions: 'actions',
    type: 'type',
    description: 'description',
};

/**
 * _convertAttachmentsToApp (converters/messages.ts): the mapped fields renamed, `author` and `title` as objects, the
 * rest (fileId, format, size, encryption, ...) in each attachment's `_unmappedProperties_`. Rocket.Chat always sets
 * `timestamp: new Date(attachment.ts)`, an Invalid Date without `ts`; here it is set only when there is a `ts`.
 */
async function attachmentsToApp(attachments: unknown): Promise<unknown> {
    if (!Array.isArray(attachments)) {
        return undefined;
    }
    const map: Record<string, MapValue> = {
        ...ATTACHMENT_MAP,
        author: (a) => {
            const { author_name: name, author_link: link, author_icon: icon } = a;
            delete a.author_name;
            delete a.author_link;
            delete a.author_icon;
            return { name, link, icon };
        },
        title: (a) => {
            const { title: value, title_link: link, title_link_download: displayDownloadLink } = a;
            delete a.title;
            delete a.title_link;
            delete a.title_link_download;
            return { value, link, displayDownloadLink };
        },
        timestamp: (a) => {
            const { ts } = a;
            delete a.ts;
            return ts === undefined ? undefined : new Date(ts as string);
        },
    };
    return Promise.all(attachments.map((a) => transformMappedData(a as Data, map)));
}

/** _convertAppAttachments (converters/messages.ts): back to Rocket.Chat's names, the unmapped fields merged, fields without a value removed (removeEmpty). */
function attachmentsFromApp(attachments: unknown): unknown {
    if (!Array.isArray(attachments)) {
        return undefined;
    }
    return attachments.map((a: Data) => {
        const title = a.title as Data | undefined;
        const author = a.author as Data | undefined;
        const out: Data = {
            ts: a.timestamp instanceof Date ? a.timestamp.toJSON() : a.timestamp,
            author_name: author?.name,
            author_link: author?.link,
            author_icon: author?.icon,
            title: title?.value,
            title_link: title?.link,
            title_link_download: title?.displayDownloadLink,
            ...Object.fromEntries(Object.entries(ATTACHMENT_MAP).map(([app, rc]) => [rc, a[app]])),
            ...(a._unmappedProperties_ as Data | undefined),
        };
        return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && v !== null));
    });
}

export interface ConverterLookup {
    userById(id: string): RcUser | undefined;
    roomById(id: string): RcRoom | undefined;
}

const ROOM_TYPE_TO_APP: Record<string, string> = { c: 'c', p: 'p', d: 'd', l: 'l' };

export class AppConverters {
    constructor(private readonly lookup: ConverterLookup) {}

    // ---- users (converters/users.ts)
    userToApp(user: RcUser | undefined): Data | undefined {
        if (!user) {
            return undefined;
        }
        const typeMap: Record<string, string> = { user: 'user', bot: 'bot', app: 'app' };
        const statusMap: Record<string, string> = { offline: 'offline', online: 'online', away: 'away', busy: 'busy' };
        return {
            id: user._id,
            username: user.username,
            emails: user.emails,
            type: user.type ? (typeMap[user.type] ?? String(user.type).toUpperCase()) : 'unknown',
            isEnabled: user.active,
            name: user.name,
            roles: user.roles,
            status: user.status,
            statusConnection: user.status ? (statusMap[user.status] ?? 'offline') : undefined,
            utcOffset: user.utcOffset,
            createdAt: toDate(user.createdAt),
            updatedAt: toDate(user._updatedAt),
            lastLoginAt: undefined,
            appId: user.appId,
            customFields: user.customFields,
            isFederated: user.federated,
            settings: {
                preferences: {
                    ...(user.settings?.preferences?.language && { language: user.settings.preferences.language }),
                },
            },
        };
    }

    userById(id: string): Data | undefined {
        return this.userToApp(this.lookup.userById(id));
    }

    /** convertToRocketChat (users.ts), used by the user bridge's create/update. */
    userFromApp(user: Data): Partial<RcUser> {
        const out: Data = {
            _id: user.id,
            username: user.username,
            emails: user.emails,
            type: user.type,
            active: user.isEnabled,
            name: user.name,
            roles: user.roles,
            status: user.status,
            appId: user.appId,
            federated: user.isFederated,
        };
        for (const k of Object.keys(out)) {
            if (out[k] === undefined || out[k] === null || out[k] === '') {
                delete out[k];
            }
        }
        return out as Partial<RcUser>;
    }

    // ---- rooms (converters/rooms.ts convertRoom / convertAppRoom)
    async roomToApp(room: RcRoom | undefined): Promise<Data | undefined> {
        if (!room) {
            return undefined;
        }
        const map: Record<string, MapValue> = {
            id: '_id',
            displayName: 'fname',
            slugifiedName: 'name',
            members: 'members',
            userIds: 'uids',
            messageCount: 'msgs',
            createdAt: takeDate('ts'),
            updatedAt: takeDate('_updatedAt'),
            closedAt: 'closedAt',
            lastModifiedAt: 'lm',
            customFields: 'customFields',
            livechatData: 'livechatData',
            isWaitingResponse: 'waitingResponse',
            isOpen: 'open',
            _USERNAMES: '_USERNAMES',
            description: 'description',
            source: 'source',
            closer: 'closer',
            teamId: 'teamId',
            isTeamMain: 'teamMain',
            isFederated: 'federated',
            federation: 'federation',
            isDefault: takeFlag('default'),
            isReadOnly: takeFlag('ro'),
            displaySystemMessages: (r) => {
                const { sysMes } = r;
                if (typeof sysMes === 'undefined') {
                    return true;
                }
                delete r.sysMes;
                return sysMes;
            },
            type: (r) => {
                const result = ROOM_TYPE_TO_APP[r.t as string] ?? r.t;
                delete r.t;
                return result;
            },
            creator: (r) => {
                const u = r.u as { _id: string } | undefined;
                if (!u) {
                    return undefined;
                }
                delete r.u;
                return this.userById(u._id);
            },
            parentRoom: async (r) => {
                const { prid } = r;
                if (!prid) {
                    return undefined;
                }
                delete r.prid;
                return this.roomToApp(this.lookup.roomById(prid as string));
            },
        };
        return transformMappedData(room as unknown as Data, map);
    }

    async roomById(id: string): Promise<Data | undefined> {
        return this.roomToApp(this.lookup.roomById(id));
    }

    /** convertAppRoom: back to a Rocket.Chat room; `_unmappedProperties_` is merged unless partial. */
    roomFromApp(room: Data | undefined, isPartial = false): Partial<RcRoom> | undefined {
        if (!room) {
            return undefined;
        }
        const creator = room.creator as { id?: string } | undefined;
        const cu = creator?.id ? this.lookup.userById(creator.id) : undefined;
        const parent = room.parentRoom as { id?: string } | undefined;
        const out: Data = {
            ...(room.id ? { _id: room.id } : {}),
            ...(typeof room.type !== 'undefined' && { t: room.type }),
            ...(typeof room.createdAt !== 'undefined' && { ts: room.createdAt }),
            ...(typeof room.messageCount !== 'undefined' && { msgs: room.messageCount || 0 }),
            ...(typeof room.updatedAt !== 'undefined' && { _updatedAt: room.updatedAt }),
            ...(room.displayName ? { fname: room.displayName } : {}),
            ...(room.type !== 'd' && room.slugifiedName ? { name: room.slugifiedName } : {}),
            ...(room.members ? { members: room.members } : {}),
            ...(typeof room.isDefault !== 'undefined' && { default: room.isDefault }),
            ...(typeof room.isReadOnly !== 'undefined' && { ro: room.isReadOnly }),
            ...(typeof room.displaySystemMessages !== 'undefined' && { sysMes: room.displaySystemMessages }),
            ...(cu ? { u: { _id: cu._id, username: cu.username, name: cu.name } } : {}),
            ...(room.userIds ? { uids: room.userIds } : {}),
            ...(room.customFields ? { customFields: room.customFields } : {}),
            ...(typeof room.isFederated !== 'undefined' && { federated: room.isFederated }),
            ...(typeof parent !== 'undefined' && parent ? { prid: parent.id } : {}),
            ...(room._USERNAMES ? { _USERNAMES: room._USERNAMES } : {}),
        };
        if (!isPartial) {
            Object.assign(out, room._unmappedProperties_ as Data | undefined);
        }
        for (const k of ['ts', '_updatedAt']) {
            if (out[k] instanceof Date) {
                out[k] = (out[k] as Date).toISOString();
            }
        }
        return out as Partial<RcRoom>;
    }

    // ---- messages (converters/messages.ts convertMessage / convertAppMessage)
    async messageToApp(message: RcMessage | undefined): Promise<Data | undefined> {
        if (!message) {
            return undefined;
        }
        const map: Record<string, MapValue> = {
            id: '_id',
            threadId: 'tmid',
            reactions: 'reactions',
            parseUrls: 'parseUrls',
            text: 'msg',
            createdAt: takeDate('ts'),
            updatedAt: takeDate('_updatedAt'),
            editedAt: takeDate('editedAt'),
            emoji: 'emoji',
            avatarUrl: 'avatar',
            alias: 'alias',
            file: 'file',
            customFields: 'customFields',
            groupable: 'groupable',
            token: 'token',
            blocks: 'blocks',
            type: 't',
            room: async (m) => {
                const result = await this.roomById(m.rid as string);
                delete m.rid;
                return result;
            },
            editor: (m) => {
                const editedBy = m.editedBy as { _id: string } | undefined;
                delete m.editedBy;
                if (!editedBy) {
                    return undefined;
                }
                return this.userById(editedBy._id);
            },
            attachments: (m) => {
                const a = m.attachments;
                delete m.attachments;
                return attachmentsToApp(a);
            },
            sender: (m) => {
                const u = m.u as { _id?: string; username?: string; name?: string } | undefined;
                if (!u?._id) {
                    return undefined;
                }
                const user = this.userById(u._id);
                delete m.u;
                return user ?? { id: u._id, username: u.username, name: u.name };
            },
        };
        return transformMappedData(message as unknown as Data, map);
    }

    /**
     * convertAppMessage: note that `type` is NOT mapped back to `t` (only `_unmappedProperties_` are merged), so a
     * message that went through an app listener comes back without its `t`.
     */
    messageFromApp(message: Data | undefined, isPartial = false): Partial<RcMessage> | undefined {
        if (!message) {
            return undefined;
        }
        const roomRef = message.room as { id?: string } | undefined;
        const rid = roomRef?.id && this.lookup.roomById(roomRef.id)?._id;
        if (!rid && !isPartial) {
            throw new Error('Invalid room provided on the message.');
        }
        const senderRef = message.sender as { id?: string; username?: string; name?: string } | undefined;
        let u: RcMessage['u'] | undefined;
        if (senderRef?.id) {
            const user = this.lookup.userById(senderRef.id);
            u = user
                ? { _id: user._id, username: user.username, name: user.name }
                : { _id: senderRef.id, username: senderRef.username ?? '', name: senderRef.name };
        }
        const editorRef = message.editor as { id?: string } | undefined;
        let editedBy: RcMessage['editedBy'] | undefined;
        if (editorRef?.id) {
            const editor = this.lookup.userById(editorRef.id);
            editedBy = editor && { _id: editor._id, username: editor.username };
        }
        let _id = message.id as string | undefined;
        let ts = message.createdAt as Date | string | undefined;
        if (!isPartial) {
            _id = _id ?? undefined;
            ts = ts ?? new Date();
        }
        const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | undefined));
        const out: Data = {
            _id,
            ...('threadId' in message && { tmid: message.threadId }),
            rid,
            u,
            msg: message.text,
            ts: iso(ts),
            _updatedAt: iso(message.updatedAt),
            ...(editedBy && { editedBy }),
            ...('editedAt' in message && { editedAt: iso(message.editedAt) }),
            ...('emoji' in message && { emoji: message.emoji }),
            ...('avatarUrl' in message && { avatar: message.avatarUrl }),
            ...('alias' in message && { alias: message.alias }),
            ...('customFields' in message && { customFields: message.customFields }),
            ...('groupable' in message && { groupable: message.groupable }),
            ...(message.attachments ? { attachments: attachmentsFromApp(message.attachments) } : {}),
            ...('reactions' in message && { reactions: message.reactions }),
            ...('parseUrls' in message && { parseUrls: message.parseUrls }),
            ...('blocks' in message && { blocks: message.blocks }),
            ...('token' in message && { token: message.token }),
        };
        if (isPartial) {
            for (const k of Object.keys(out)) {
                if (typeof out[k] === 'undefined') {
                    delete out[k];
                }
            }
        } else {
            Object.assign(out, message._unmappedProperties_ as Data | undefined);
        }
        return out as Partial<RcMessage>;
    }
}

