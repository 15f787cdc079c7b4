// createRoom (apps/meteor/app/lib/server/functions/createRoom.ts) for 'c' and 'p' rooms, teams and discussions:
// prepareCreateRoom callbacks (the E2E default), the app pre-create events, insert, subscriptions (the owner's with
// ['owner']), then the post-create event.
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import type { ServerContext } from '../context';
import { isAppsEngineException } from '../context';
import { encryptedAtCreation } from '../e2e/beforeCreateRoom';
import { nowIso, randomId } from '../ids';
import { MeteorError } from '../rules';
import type { RcRoom, RoomType } from '../types';

/**
 * The app's pre-create events as createRoom.ts and createDirectRoom.ts run them: an AppsEngineException or a
 * Prevent answer throws error-app-prevented; returns what IPreRoomCreateModify gave back, without `_USERNAMES`.
 */
export async function preRoomCreate(rc: ServerContext, tmp: Record<string, unknown>): Promise<Partial<RcRoom> | undefined> {
    const prevent = await rc.trigger(AppInterface.IPreRoomCreatePrevent, tmp).catch((error: unknown) => {
        if (isAppsEngineException(error)) {
            throw new MeteorError('error-app-prevented', error.message);
        }
        throw error;
    });
    if (prevent) {
        throw new MeteorError('error-app-prevented', 'A Rocket.Chat App prevented the room creation.');
    }
    const extended = await rc.trigger(AppInterface.IPreRoomCreateExtend, tmp);
    const result = (await rc.trigger(AppInterface.IPreRoomCreateModify, extended)) as Record<string, unknown> | undefined;
    if (result && typeof result === 'object' && delete result._USERNAMES) {
        return result as Partial<RcRoom>;
    }
    return undefined;
}

/** createRoom's parameters after the server: type, name, owner, members' usernames, extraData, options. */
export type CreateRoomArgs = [
    type: Exclude<RoomType, 'd'>,
    name: string,
    ownerId: string,
    memberUsernames?: string[],
    extraData?: Partial<RcRoom>,
    options?: { excludeSelf?: boolean; readOnly?: boolean },
];

export async function createRoom(rc: ServerContext, ...[type, name, ownerId, memberUsernames = [], extraData = {}, options = {}]: CreateRoomArgs): Promise<RcRoom> {
    const { model } = rc;
    const owner = model.requireUser(ownerId);
    if (typeof name !== 'string' || !name.trim()) {
        throw new MeteorError('error-invalid-name', 'Invalid name', { function: 'RocketChat.createRoom' });
    }
    const members = [...memberUsernames];
    if (!options.excludeSelf && !members.includes(owner.username)) {
        members.push(owner.username);
    }
    const data: Partial<RcRoom> = { ...extraData };
    const encrypted = encryptedAtCreation(model, type, data.encrypted, data.federated === true);
    if (encrypted !== undefined) {
        data.encrypted = encrypted;
    }
    const isDiscussion = 'prid' in data && data.prid !== '';
    const now = nowIso();
    if (!isDiscussion && model.roomByName(name.trim())) {
        throw new MeteorError('error-duplicate-channel-name', `A channel with name '${name}' exists`, { function: 'RocketChat.createRoom', channel_name: name });
    }
    let roomProps: RcRoom = {
        fname: name,
        _updatedAt: now,
        ...data,
        _id: randomId(),
        name: isDiscussion ? name : name.trim(),
        t: type,
        msgs: 0,
        usersCount: 0,
        u: { _id: owner._id, username: owner.username, name: owner.name },
        ts: now,
        ro: options.readOnly === true,
    } as RcRoom;
    const modified = await preRoomCreate(rc, { ...roomProps, _USERNAMES: members });
    if (modified) {
        roomProps = { ...roomProps, ...modified, _id: roomProps._id } as RcRoom;
    }
    model.rooms.set(roomProps._id, roomProps);
    for (const username of members) {
        const member = model.userByUsername(username);
        if (!member) {
            continue;
        }
        model.createSubscription(roomProps, member, member.username === owner.username ? { roles: ['owner'] } : {});
        roomProps.usersCount += 1;
    }
    rc.fireAndForget(rc.trigger(AppInterface.IPostRoomCreate, roomProps));
    return roomProps;
}
