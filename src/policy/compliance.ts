import type { Policy } from './Policy';
import { enforcedState } from './Policy';
import type { ClassifiableRoom, SupportedKind } from './RoomKind';
import { classifyRoom, isRoomEncrypted, membersWaitingForKeys, RoomKind, SUPPORTED_KINDS } from './RoomKind';

/**
 * How the room reader's getAllRooms is asked for the rooms of one kind (the Apps-Engine's
 * GetRoomsFilters: `discussions`/`teams` undefined include, true keep only, false drop). A
 * discussion takes its parent's type, so private discussions are the `p` ones.
 */
export interface KindFilter {
    readonly types: ReadonlyArray<'d' | 'p'>;
    readonly discussions?: boolean;
    readonly teams?: boolean;
}

export const KIND_FILTERS: Readonly<Record<SupportedKind, KindFilter>> = {
    [RoomKind.Direct]: { types: ['d'] },
    [RoomKind.PrivateChannel]: { types: ['p'], discussions: false, teams: false },
    [RoomKind.PrivateTeam]: { types: ['p'], discussions: false, teams: true },
    [RoomKind.Discussion]: { types: ['p'], discussions: true },
};

/** What a room needs to follow its kind's policy: nothing, encryption on, or encryption off. */
export type Compliance = 'ok' | 'enable' | 'disable';

/**
 * `required` wants every room encrypted, `disabled` none; `optional`, `default` and an unusable value leave existing
 * rooms as they are.
 */
export function complianceOf(policy: Policy | undefined, encrypted: boolean): Compliance {
    const wanted = enforcedState(policy);
    if (wanted === undefined || wanted === encrypted) {
        return 'ok';
    }
    return wanted ? 'enable' : 'disable';
}

/** A listed room, as much as the policy cares about it. */
export type ListableRoom = ClassifiableRoom & { readonly id: string; readonly userIds?: ReadonlyArray<string> };

/**
 * The direct message between the app's own user and someone: the app talks to administrators
 * there (the report's file) and its user holds no E2EE keys, so the policy leaves it alone.
 */
export function isAppDirect(room: ListableRoom, appUserId: string | undefined): boolean {
    return (room.type as string) === 'd' && appUserId !== undefined && Array.isArray(room.userIds) && room.userIds.includes(appUserId);
}

export interface RoomFinding {
    readonly kind: SupportedKind;
    readonly encrypted: boolean;
    readonly waiting: number;
    readonly compliance: Compliance;
}

/**
 * One room of a listing for `kind`, judged against `policy`; undefined when it is not a room
 * of that kind after all (the app classifies every row itself rather than trust the filter).
 * The app's own direct messages always comply.
 */
export function judgeRoom(room: ListableRoom, kind: SupportedKind, policy: Policy | undefined, appUserId: string | undefined): RoomFinding | undefined {
    if (classifyRoom(room) !== kind) {
        return undefined;
    }
    const encrypted = isRoomEncrypted(room);
    return {
        kind,
        encrypted,
        waiting: membersWaitingForKeys(room),
        compliance: isAppDirect(room, appUserId) ? 'ok' : complianceOf(policy, encrypted),
    };
}

/** The numbers `/e2e report` shows for one kind. `waiting`: rooms with at least one member waiting for the room key. */
export interface KindTally {
    readonly rooms: number;
    readonly encrypted: number;
    readonly outOfPolicy: number;
    readonly waiting: number;
}

export type Tally = Readonly<Record<SupportedKind, KindTally>>;

export const EMPTY_KIND_TALLY: KindTally = { rooms: 0, encrypted: 0, outOfPolicy: 0, waiting: 0 };

export function emptyTally(): Tally {
    return Object.fromEntries(SUPPORTED_KINDS.map((kind) => [kind, EMPTY_KIND_TALLY])) as Record<SupportedKind, KindTally>;
}

export function addToTally(tally: KindTally, finding: RoomFinding): KindTally {
    return {
        rooms: tally.rooms + 1,
        encrypted: tally.encrypted + (finding.encrypted ? 1 : 0),
        outOfPolicy: tally.outOfPolicy + (finding.compliance === 'ok' ? 0 : 1),
        waiting: tally.waiting + (finding.waiting > 0 ? 1 : 0),
    };
}

export function isTally(value: unknown): value is Tally {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    return SUPPORTED_KINDS.every((kind) => {
        const entry = (value as Record<string, KindTally | undefined>)[kind];
        return (
            typeof entry === 'object' &&
            entry !== null &&
            [entry.rooms, entry.encrypted, entry.outOfPolicy, entry.waiting].every((n) => Number.isInteger(n) && n >= 0)
        );
    });
}
