// Rooms of every kind filled fast, as if they were already in the database when the app was installed (like a
// loaded state): no app events, no name checks. Not Rocket.Chat behaviour: a fixture for scale runs (npm run bench,
// the report and enforcement tests). The documents have the shapes Rocket.Chat gives them: a DM as
// createDirectRoom makes it in 8.x (t 'd', uids, usernames, a random _id), a team's main room with teamMain and
// teamId (Team.create), a discussion with prid and its parent's type (createDiscussion), and usersWaitingForE2EKeys
// as Rooms.addUserIdToE2EEQueueByRoomIds leaves it ({ userId, ts }).
import { nowIso, randomId } from './ids';
import type { Model } from './Model';
import type { RcRoom, RcUser } from './types';
import { userDocument } from './users/createUser';

export type SeedKind = 'dm' | 'private' | 'public' | 'private-team' | 'public-team' | 'private-discussion' | 'public-discussion';

export const SEED_KINDS: readonly SeedKind[] = ['dm', 'private', 'public', 'private-team', 'public-team', 'private-discussion', 'public-discussion'];

export interface SeedKindPlan {
    count: number;
    /** how many of them are encrypted (exact, spread evenly); public kinds cannot be */
    encrypted?: number;
    /** how many of the encrypted ones have members in usersWaitingForE2EKeys (exact) */
    waiting?: number;
}

export interface SeedKindsOptions {
    /** names '<prefix>-<kind>-<i>', '<prefix>-parent-<p|c>-<i>', users '<prefix>-user-<i>' (default 'seed') */
    prefix?: string;
    /** people (default max(2, ceil(rooms / 10))) */
    users?: number;
    /** members per room, owner included (default 2; a DM always has 2) */
    membersPerRoom?: number;
    /** discussions per parent room (default 100): parents are extra private/public rooms */
    discussionsPerParent?: number;
    rooms: Partial<Record<SeedKind, number | SeedKindPlan>>;
}

export interface SeedKindsResult {
    users: RcUser[];
    /** the seeded rooms' ids per kind, in creation order (discussion parents not included) */
    roomIds: Record<SeedKind, string[]>;
    /** the discussions' parent rooms */
    parentIds: string[];
    subscriptions: number;
}

/** Is index i one of `k` of `n` picked evenly (exactly k of 0..n-1)? */
export const picked = (i: number, k: number, n: number): boolean => n > 0 && k > 0 && Math.floor(((i + 1) * k) / n) > Math.floor((i * k) / n);

const plan = (p: number | SeedKindPlan | undefined): SeedKindPlan => (typeof p === 'number' ? { count: p } : (p ?? { count: 0 }));

export function seedRoomKinds(model: Model, o: SeedKindsOptions): SeedKindsResult {
    const prefix = o.prefix ?? 'seed';
    const plans = Object.fromEntries(SEED_KINDS.map((k) => [k, plan(o.rooms[k])])) as Record<SeedKind, SeedKindPlan>;
    for (const k of SEED_KINDS) {
        const p = plans[k];
        const encrypted = p.encrypted ?? 0;
        if (encrypted > p.count || (p.waiting ?? 0) > encrypted || ((k === 'public' || k === 'public-team' || k === 'public-discussion') && encrypted > 0)) {
            throw new Error(`seedRoomKinds: ${k}: encrypted must be <= count (0 for public kinds) and waiting <= encrypted`);
        }
    }
    const total = SEED_KINDS.reduce((n, k) => n + plans[k].count, 0);
    const userCount = Math.max(2, o.users ?? Math.ceil(total / 10));
    const members = Math.max(1, Math.min(o.membersPerRoom ?? 2, userCount));
    const perParent = Math.max(1, o.discussionsPerParent ?? 100);
    const now = nowIso();

    const users: RcUser[] = [];
    for (let i = 0; i < userCount; i++) {
        const user = userDocument({ username: `${prefix}-user-${i}` }, now);
        model.users.set(user._id, user);
        users.push(user);
    }
    let subscriptions = 0;
    const subscribe = (room: RcRoom, people: RcUser[]) => {
        people.forEach((u, m) => {
            model.createSubscription(room, u, room.t === 'd' ? { name: (people[1 - m] ?? u).username, fname: (people[1 - m] ?? u).name } : m === 0 ? { roles: ['owner'] } : {});
            subscriptions += 1;
        });
    };
    const groupRoom = (t: 'c' | 'p', name: string, owner: number, extra: Partial<RcRoom>): RcRoom => {
        const people = Array.from({ length: members }, (_, m) => users[(owner + m) % userCount]);
        const room: RcRoom = {
            _id: randomId(),
            t,
            name,
            fname: name,
            u: { _id: people[0]._id, username: people[0].username, name: people[0].name },
            usersCount: people.length,
            msgs: 0,
            ts: now,
            _updatedAt: now,
            ro: false,
            ...extra,
        };
        model.rooms.set(room._id, room);
        subscribe(room, people);
        return room;
    };
    const e2e = (k: SeedKind, i: number, people: RcUser[]): Partial<RcRoom> => {
        const p = plans[k];
        const encrypted = p.encrypted ?? 0;
        if (!picked(i, encrypted, p.count)) {
            return {};
        }
        // the rank of this room among the encrypted ones decides whether members wait for its key
        const rank = Math.floor(((i + 1) * encrypted) / p.count) - 1;
        const waiting = picked(rank, p.waiting ?? 0, encrypted);
        return {
            encrypted: true,
            e2eKeyId: randomId(12),
            ...(waiting && { usersWaitingForE2EKeys: [{ userId: people[people.length - 1]._id, ts: now }] }),
        };
    };

    const roomIds = Object.fromEntries(SEED_KINDS.map((k) => [k, [] as string[]])) as Record<SeedKind, string[]>;
    let n = 0;
    // each DM a distinct pair of people (pair i: person i mod U with the one `gap` after them)
    if (plans.dm.count > userCount * Math.floor((userCount - 1) / 2)) {
        throw new Error(`seedRoomKinds: ${plans.dm.count} DMs need more than ${userCount} users`);
    }
    for (let i = 0; i < plans.dm.count; i++, n++) {
        const gap = 1 + Math.floor(i / userCount);
        const people = [users[i % userCount], users[(i + gap) % userCount]];
        const room: RcRoom = {
            // createDirectRoom (8.x): a random id; the DM is found by its members' ids
            _id: randomId(),
            t: 'd',
            usernames: people.map((u) => u.username),
            uids: people.map((u) => u._id).sort(),
            usersCount: 2,
            msgs: 0,
            ts: now,
            _updatedAt: now,
            ...e2e('dm', i, people),
        };
        model.rooms.set(room._id, room);
        subscribe(room, people);
        roomIds.dm.push(room._id);
    }
    const peopleOf = (owner: number) => Array.from({ length: members }, (_, m) => users[(owner + m) % userCount]);
    const simple: Array<[SeedKind, 'c' | 'p', boolean]> = [
        ['private', 'p', false],
        ['public', 'c', false],
        ['private-team', 'p', true],
        ['public-team', 'c', true],
    ];
    for (const [kind, t, team] of simple) {
        for (let i = 0; i < plans[kind].count; i++, n++) {
            const extra = { ...e2e(kind, i, peopleOf(n)), ...(team && { teamMain: true, teamId: randomId() }) };
            roomIds[kind].push(groupRoom(t, `${prefix}-${kind}-${i}`, n, extra)._id);
        }
    }
    const parentIds: string[] = [];
    for (const [kind, t] of [
        ['private-discussion', 'p'],
        ['public-discussion', 'c'],
    ] as const) {
        let parent: RcRoom | undefined;
        for (let i = 0; i < plans[kind].count; i++, n++) {
            if (i % perParent === 0) {
                parent = groupRoom(t, `${prefix}-parent-${t}-${i / perParent}`, n, {});
                parentIds.push(parent._id);
            }
            const p = parent as RcRoom;
            const name = randomId();
            const room = groupRoom(t, name, n, { fname: `${prefix}-${kind}-${i}`, prid: p._id, topic: p.name, description: '', ...e2e(kind, i, peopleOf(n)) });
            roomIds[kind].push(room._id);
        }
    }
    return { users, roomIds, parentIds, subscriptions };
}
