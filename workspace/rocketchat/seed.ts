// A workspace filled fast, as if the data were already in the database when the app was installed (like a loaded
// state): no app events run and no names are checked. Not Rocket.Chat behaviour: a fixture for scale runs.
import { nowIso, randomId } from './ids';
import type { Model } from './Model';
import type { RcRoom, RcUser } from './types';
import { userDocument } from './users/createUser';

export interface SeedOptions {
    rooms: number;
    users?: number;
    membersPerRoom?: number;
    prefix?: string;
}

/**
 * `users` people, `rooms` rooms alternating private and public (every fourth one encrypted), each with its owner
 * and `membersPerRoom - 1` more members. Names are `<prefix>-user-<i>` and `<prefix>-room-<i>`.
 */
export function seedRooms(model: Model, o: SeedOptions): { users: RcUser[]; rooms: number; subscriptions: number } {
    const prefix = o.prefix ?? 'seed';
    const userCount = Math.max(1, o.users ?? Math.ceil(o.rooms / 10));
    const members = Math.max(1, Math.min(o.membersPerRoom ?? 2, userCount));
    const now = nowIso();
    const users: RcUser[] = [];
    for (let i = 0; i < userCount; i++) {
        const user = userDocument({ username: `${prefix}-user-${i}` }, now);
        model.users.set(user._id, user);
        users.push(user);
    }
    let subscriptions = 0;
    for (let i = 0; i < o.rooms; i++) {
        const owner = users[i % userCount];
        const name = `${prefix}-room-${i}`;
        const t = i % 2 === 0 ? 'p' : 'c';
        const room: RcRoom = {
            _id: randomId(),
            t,
            name,
            fname: name,
            u: { _id: owner._id, username: owner.username, name: owner.name },
            usersCount: members,
            msgs: 0,
            ts: now,
            _updatedAt: now,
            ro: false,
            ...(t === 'p' && i % 4 === 0 && { encrypted: true }),
        };
        model.rooms.set(room._id, room);
        for (let m = 0; m < members; m++) {
            model.createSubscription(room, users[(i + m) % userCount], m === 0 ? { roles: ['owner'] } : {});
            subscriptions += 1;
        }
    }
    return { users, rooms: o.rooms, subscriptions };
}
