// One row of the command and button tables: status, enable, disable as one kind of person in one kind of room.
import { afterAll, beforeAll, expect } from '@jest/globals';

import type { Workspace } from '../../workspace/Workspace';
import { expectedStatus, expectedToggle } from '../harness/answers';
import type { Cast, PersonKind, RoomKindName } from '../harness/cast';
import { buildCast, PERSON_KINDS, ROOM_KIND_FACTS, ROOM_KINDS } from '../harness/cast';
import type { Harness } from '../harness/workspace';
import { auditSince, click, command, forceEncrypted, isEncrypted, label, mark, routesSince, START_TIMEOUT, startHarness, withoutTime } from '../harness/workspace';
import { supportedKind } from '../oracle/authorization';

/** The people and rooms the tables go through (the officer and a team's rooms are the authorization matrix's). */
export const TABLE_PEOPLE: ReadonlyArray<PersonKind> = PERSON_KINDS.filter((k) => k !== 'officer');
const MATRIX_ONLY: ReadonlyArray<RoomKindName> = ['team-room', 'private-team-channel', 'public-team-channel'];
export const TABLE_ROOMS: ReadonlyArray<RoomKindName> = ROOM_KINDS.filter((k) => !MATRIX_ONLY.includes(k));

/**
 * The workspace and cast the tables run in (each person with their own direct message), started before the
 * file's tests and stopped after them: read the fields in tests and hooks.
 */
export function useTableWorkspace(): { readonly ws: Workspace; readonly cast: Cast } {
    let h: Harness | undefined;
    let cast: Cast | undefined;
    beforeAll(async () => {
        h = await startHarness();
        cast = await buildCast(h.ws, 0, { ownDirectMessages: true });
    }, START_TIMEOUT);
    afterAll(async () => {
        await h?.ws.stop();
    });
    return {
        get ws() {
            return (h as Harness).ws;
        },
        get cast() {
            return cast as Cast;
        },
    };
}

/**
 * Status, enable, disable as `who` in the room of `kind`, through the slash command or the room buttons, under the
 * default settings. Asserts what the person was told, the room's flag, the REST calls and the audit record each
 * step wrote. Enable runs from unencrypted, disable from encrypted where the kind can be encrypted.
 */
export async function statusEnableDisable(ws: Workspace, cast: Cast, kind: RoomKindName, who: PersonKind, via: 'command' | 'button'): Promise<void> {
    const room = cast.roomFor(kind, who);
    const person = cast.people[who];
    const act = (step: 'status' | 'enable' | 'disable') => (via === 'command' ? command(ws, person, room, step) : click(ws, person, room, `e2e-${step}`));
    forceEncrypted(ws, room, false);

    expect(await act('status')).toBe(expectedStatus(ws, room, person));

    for (const action of ['enable', 'disable'] as const) {
        if (action === 'disable' && supportedKind(ROOM_KIND_FACTS[kind])) {
            forceEncrypted(ws, room, true);
        }
        const before = isEncrypted(ws, room);
        const expected = expectedToggle(ws, room, person, action);
        const since = mark(ws);
        expect(await act(action)).toBe(expected.text);
        expect(routesSince(ws, since).filter((c) => c === 'POST rooms.saveRoomSettings')).toHaveLength(expected.done ? 1 : 0);
        expect(isEncrypted(ws, room)).toBe(expected.done ? action === 'enable' : before);
        expect(withoutTime(auditSince(ws, since))).toEqual(
            expected.audit
                ? [
                      {
                          action,
                          outcome: expected.audit.outcome,
                          ...(expected.audit.reason && { reason: expected.audit.reason }),
                          actorId: person._id,
                          actorUsername: person.username,
                          roomId: room._id,
                          roomName: label(ws, room),
                      },
                  ]
                : [],
        );
    }
}
