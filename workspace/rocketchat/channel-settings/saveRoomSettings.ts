// saveRoomSettings (apps/meteor/app/channel-settings/server/methods/saveRoomSettings.ts): the known fields only;
// edit-room unless a DM only changes `encrypted`; then every setting's validator, then every setting's saver, as
// the `validators` and `settingSavers` tables there. Validators and savers are modelled for the settings that
// matter here; the retention validators are not, and a setting without a saver is stored as given.
import type { ServerContext } from '../context';
import type { Model } from '../Model';
import { nowIso } from '../ids';
import { allowsE2ESettingChange, MeteorError } from '../rules';
import { saveSystemMessage } from '../services/messages';
import type { RcRoom, RcUser } from '../types';
import { saveRoomEncrypted } from './saveRoomEncrypted';

const FIELDS = [
    'roomAvatar', 'featured', 'roomName', 'roomTopic', 'roomAnnouncement', 'roomCustomFields', 'roomDescription', 'roomType',
    'readOnly', 'reactWhenReadOnly', 'systemMessages', 'default', 'joinCode', 'streamingOptions', 'retentionEnabled',
    'retentionMaxAge', 'retentionExcludePinned', 'retentionFilesOnly', 'retentionIgnoreThreads', 'retentionOverrideGlobal',
    'encrypted', 'favorite',
] as const;

type RoomSetting = (typeof FIELDS)[number];

interface ValidatorParams {
    model: Model;
    userId: string;
    value: unknown;
    room: RcRoom;
    rid: string;
}

interface SaverParams extends ValidatorParams {
    rc: ServerContext;
    user: RcUser;
}

const notAllowed = (reason: string, action: string) => new MeteorError('error-action-not-allowed', reason, { method: 'saveRoomSettings', action });

function requireRoomAdministration({ model, userId }: ValidatorParams): void {
    if (!model.hasPermission(userId, 'view-room-administration')) {
        throw notAllowed('Viewing room administration is not allowed', 'Viewing_room_administration');
    }
}

const validators: Partial<Record<RoomSetting, (p: ValidatorParams) => void>> = {
    default: requireRoomAdministration,
    featured: requireRoomAdministration,
    roomType({ model, userId, room, value }) {
        if (value === room.t) {
            return;
        }
        if (value === 'c' && !model.hasPermission(userId, 'create-c')) {
            throw notAllowed('Changing a private group to a public channel is not allowed', 'Change_Room_Type');
        }
        if (value === 'p' && !model.hasPermission(userId, 'create-p')) {
            throw notAllowed('Changing a public channel to a private room is not allowed', 'Change_Room_Type');
        }
    },
    encrypted({ model, userId, value, room, rid }) {
        if (value === room.encrypted) {
            return;
        }
        // roomCoordinator.getRoomDirectives(room.t).allowRoomSettingChange(room, RoomSettingsEnum.E2E)
        if (!allowsE2ESettingChange(room.t, Boolean(model.settings.get('E2E_Enable')), room.federated === true)) {
            throw notAllowed('Only groups or direct channels can enable encryption', 'Change_Room_Encrypted');
        }
        if (room.t !== 'd' && !model.hasPermission(userId, 'toggle-room-e2e-encryption', rid)) {
            throw notAllowed('You do not have permission to toggle E2E encryption', 'Change_Room_Encrypted');
        }
    },
    roomAvatar({ model, userId, rid }) {
        if (!model.hasPermission(userId, 'edit-room-avatar', rid)) {
            throw notAllowed('Editing a room avatar is not allowed', 'Editing_room');
        }
    },
};

/** The topic and description savers: nothing to do when both are empty or unchanged; else store and announce. */
function saveRoomText(field: 'topic' | 'description', messageType: string) {
    return async ({ rc, value, room, rid, user }: SaverParams): Promise<void> => {
        if (!value && !room[field]) {
            return;
        }
        if (value !== room[field]) {
            room[field] = value as string;
            await saveSystemMessage(rc, messageType, rid, String(value ?? ''), user);
        }
    };
}

const settingSavers: Partial<Record<RoomSetting, (p: SaverParams) => Promise<void> | void>> = {
    // saveRoomName (functions/saveRoomName.ts): the 'r' system message names the new room name
    async roomName({ rc, value, room, rid, user }) {
        if (typeof value === 'string' && value && value !== room.name) {
            room.name = value;
            room.fname = value;
            await saveSystemMessage(rc, 'r', rid, value, user);
        }
    },
    // saveRoomTopic (functions/saveRoomTopic.ts)
    roomTopic: saveRoomText('topic', 'room_changed_topic'),
    // saveRoomDescription (functions/saveRoomDescription.ts)
    roomDescription: saveRoomText('description', 'room_changed_description'),
    // saveRoomType (functions/saveRoomType.ts): the room and its subscriptions change type
    roomType({ model, value, room, rid }) {
        if (value === room.t || (value !== 'c' && value !== 'p')) {
            return;
        }
        room.t = value;
        for (const s of model.subscriptionsByRoom(rid)) {
            s.t = value;
        }
    },
    // saveRoomReadOnly (functions/saveRoomReadOnly.ts)
    readOnly({ value, room }) {
        if (value !== room.ro) {
            room.ro = Boolean(value);
        }
    },
    // saveRoomSystemMessages (functions/saveRoomSystemMessages.ts)
    systemMessages({ value, room }) {
        room.sysMes = value as boolean;
    },
    async encrypted({ rc, value, room, rid, user }) {
        await saveRoomEncrypted(rc, rid, Boolean(value), user, Boolean(room.encrypted) !== Boolean(value));
    },
};

export async function saveRoomSettings(rc: ServerContext, userId: string, rid: unknown, input: Record<string, unknown>): Promise<{ result: true; rid: string }> {
    const { model } = rc;
    if (!userId) {
        throw new MeteorError('error-invalid-user', 'Invalid user', { function: 'RocketChat.saveRoomName' });
    }
    if (typeof rid !== 'string') {
        throw new MeteorError('error-invalid-room', 'Invalid room', { method: 'saveRoomSettings' });
    }
    let settings: Record<string, unknown> = { ...input };
    if (!Object.keys(settings).every((k) => (FIELDS as ReadonlyArray<string>).includes(k))) {
        throw new MeteorError('error-invalid-settings', 'Invalid settings provided', { method: 'saveRoomSettings' });
    }
    const room = model.roomById(rid);
    if (!room) {
        throw new MeteorError('error-invalid-room', 'Invalid room', { method: 'saveRoomSettings' });
    }
    if (!model.hasPermission(userId, 'edit-room', rid)) {
        if (!(Object.keys(settings).includes('encrypted') && room.t === 'd')) {
            throw notAllowed('Editing room is not allowed', 'Editing_room');
        }
        settings = { encrypted: settings.encrypted };
    }
    if (room.broadcast && (settings.readOnly || settings.reactWhenReadOnly)) {
        throw notAllowed('Editing readOnly/reactWhenReadOnly are not allowed for broadcast rooms', 'Editing_room');
    }
    const user = model.userById(userId);
    if (!user) {
        throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'saveRoomSettings' });
    }
    const keys = Object.keys(settings) as RoomSetting[];
    for (const setting of keys) {
        validators[setting]?.({ model, userId, value: settings[setting], room, rid });
    }
    for (const setting of keys) {
        const saver = settingSavers[setting];
        if (saver) {
            await saver({ rc, model, userId, user, value: settings[setting], room, rid });
        } else {
            (room as Record<string, unknown>)[setting] = settings[setting];
        }
    }
    room._updatedAt = nowIso();
    return { result: true, rid: room._id };
}
