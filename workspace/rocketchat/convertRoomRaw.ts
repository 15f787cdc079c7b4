// The raw room converter (apps/meteor/app/apps/server/converters/rooms.ts `convertRoomRaw`), what the room reader's
// getAllRooms hands to apps: no lookups (the creator is the room's own `u`, a discussion's parent is only its id),
// `usernames` mapped, every field the map does not name in `_unmappedProperties_` (encrypted, e2eKeyId,
// usersWaitingForE2EKeys, usersCount, archived, topic...). Dates the stand-in keeps as ISO strings arrive as Date,
// as Rocket.Chat's documents hold them.
import { transformMappedData } from './converters';
import type { RcRoom } from './types';

type Data = Record<string, unknown>;

const ROOM_TYPE_TO_APP: Record<string, string> = { c: 'c', p: 'p', d: 'd', l: 'l' };

const asDate = (v: unknown): unknown => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(v) : v);

/** mapUserLookup: { _id, username, name? } of an embedded user */
function userLookup(user: { _id?: string; id?: string; username?: string; name?: string } | undefined): Data | undefined {
    return user && { _id: user._id ?? user.id, username: user.username, ...(user.name && { name: user.name }) };
}

/** A mapped field taken out of the rest, as the Date Rocket.Chat stores. */
const takeDate = (field: string) => (data: Data) => {
    const v = asDate(data[field]);
    delete data[field];
    return v;
};

const takeLookup = (field: string) => (data: Data) => {
    const v = data[field] as Parameters<typeof userLookup>[0];
    if (!v) {
        return undefined;
    }
    delete data[field];
    return userLookup(v);
};

export function convertRoomRaw(room: RcRoom | undefined): Promise<Data | undefined> {
    if (!room) {
        return Promise.resolve(undefined);
    }
    return transformMappedData(room as unknown as Data, {
        id: '_id',
        displayName: 'fname',
        slugifiedName: 'name',
        members: 'members',
        userIds: 'uids',
        usernames: 'usernames',
        messageCount: 'msgs',
        createdAt: takeDate('ts'),
        updatedAt: takeDate('_updatedAt'),
        closedAt: takeDate('closedAt'),
        lastModifiedAt: takeDate('lm'),
        customFields: 'customFields',
        livechatData: 'livechatData',
        isWaitingResponse: 'waitingResponse',
        isOpen: 'open',
        description: 'description',
        source: 'source',
        closer: 'closer',
        teamId: 'teamId',
        isTeamMain: 'teamMain',
        isDefault: 'default',
        isReadOnly: 'ro',
        contactId: 'contactId',
        departmentId: 'departmentId',
        parentRoomId: 'prid',
        visitor: (data) => {
            const v = data.v as ({ _id: string; name?: string } & Data) | undefined;
            if (!v) {
                return undefined;
            }
            delete data.v;
            const { _id: id, name, ...rest } = v;
            return { id, name, ...rest };
        },
        displaySystemMessages: (data) => {
            const { sysMes } = data;
            delete data.sysMes;
            return typeof sysMes === 'undefined' ? true : sysMes;
        },
        type: (data) => {
            const result = ROOM_TYPE_TO_APP[data.t as string] ?? data.t;
            delete data.t;
            return result;
        },
        creator: takeLookup('u'),
        closedBy: takeLookup('closedBy'),
        servedBy: takeLookup('servedBy'),
        responseBy: takeLookup('responseBy'),
    });
}
