import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoomRaw, RoomType } from '@rocket.chat/apps-engine/definition/rooms';

import type { KindFilter } from '../policy/compliance';

/** The room reader's largest page (the engine refuses a `limit` above 100). */
export const PAGE_SIZE = 100;

export type RoomPage =
    | { readonly ok: true; readonly rooms: ReadonlyArray<IRoomRaw> }
    /** `no-permission`: the app was not granted `room.system.view-all` (the reader then answers undefined). */
    | { readonly ok: false; readonly reason: 'no-permission' | 'error' };

/**
 * One page of the rooms of a kind, `skip` rooms into the listing, as raw rooms (no lookups:
 * `encrypted` and `usersWaitingForE2EKeys` arrive unmapped). Never holds more than a page; an
 * error's text, which may quote the failing call, is not kept.
 */
export async function listRooms(read: IRead, filter: KindFilter, skip: number): Promise<RoomPage> {
    const filters = {
        types: [...filter.types] as Array<RoomType>,
        ...(filter.discussions === undefined ? {} : { discussions: filter.discussions }),
        ...(filter.teams === undefined ? {} : { teams: filter.teams }),
    };
    try {
        const rooms = await read.getRoomReader().getAllRooms(filters, { limit: PAGE_SIZE, skip });
        return Array.isArray(rooms) ? { ok: true, rooms } : { ok: false, reason: 'no-permission' };
    } catch {
        return { ok: false, reason: 'error' };
    }
}

/** Whether a page was the listing's last: a page shorter than asked for ends it (an empty one too). */
export function isLastPage(page: ReadonlyArray<unknown>): boolean {
    return page.length < PAGE_SIZE;
}
