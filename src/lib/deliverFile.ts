import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { DeliveryOutcome } from '../policy/runState';
import { isRoomEncrypted } from '../policy/RoomKind';
import { findDirectRoom, findRoomById } from './lookups';

/** The app's own user (its bot), which Rocket.Chat creates when the app is installed. */
export async function findAppUser(read: IRead): Promise<IUser | undefined> {
    try {
        return (await read.getUserReader().getAppUser()) ?? undefined;
    } catch {
        return undefined;
    }
}

/** The direct message between the app's user and `person`, created when there is none yet. */
async function directWith(read: IRead, modify: IModify, appUser: IUser, person: IUser): Promise<IRoom | undefined> {
    const existing = await findDirectRoom(read, [appUser.username, person.username]);
    if (existing) {
        return existing;
    }
    const creator = modify.getCreator();
    const builder = creator
        .startRoom()
        .setType(RoomType.DIRECT_MESSAGE)
        .setCreator(appUser)
        .setMembersToBeAddedByUsernames([appUser.username, person.username]);
    const id = await creator.finish(builder);
    return findRoomById(read, id);
}

/**
 * Sends a file to one person only. Rocket.Chat's upload creator posts the file as a message
 * every member of the room sees (app/apps/server/bridges/uploads.ts, sendFileMessage), so it
 * goes into the direct message between the app's user and that person. An encrypted room
 * refuses such a message (it is not ciphertext), so the file is not sent there.
 */
export async function sendFilePrivately(read: IRead, modify: IModify, person: IUser, filename: string, content: string): Promise<DeliveryOutcome> {
    try {
        const appUser = await findAppUser(read);
        const room = appUser && (await directWith(read, modify, appUser, person));
        if (!room) {
            return 'failed';
        }
        if (isRoomEncrypted(room)) {
            return 'encrypted';
        }
        // No `user` key: Rocket.Chat then uploads as the app's user (a present but empty one would fail).
        await modify.getCreator().getUploadCreator().uploadBuffer(Buffer.from(content, 'utf8'), { filename, room });
        return 'sent';
    } catch {
        return 'failed';
    }
}
