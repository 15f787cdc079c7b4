import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import { connectWorkspace } from '../api/serviceAccount';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { findDirectRoom, findRoomById, findRoomByName, findUserByUsername, isRoomMember, isSubscribed } from '../lib/lookups';
import type { VisibilityFacts } from '../policy/visibility';
import { decideRoomAccess, decideVisibility } from '../policy/visibility';
import type { ActionContext } from './context';
import { actorOf } from './context';
import { decideWithFacts, found } from './gather';

/** The room a command names: the one it runs in, a room by name, or the direct message with a user. */
export type Target =
    | { readonly kind: 'current' }
    | { readonly kind: 'room'; readonly name: string }
    | { readonly kind: 'user'; readonly username: string };

export type Resolved = { readonly ok: true; readonly room: IRoom } | { readonly ok: false; readonly reply: Text };

/**
 * The room a command is about: the current room, a room by name, or the direct message with a
 * user. A room the person cannot see (Rocket.Chat's canAccessRoom, or `view-room-administration`:
 * decideVisibility) gets the same answer as one that does not exist, also when it is the "current" room: Rocket.Chat
 * hands slash commands (DDP) and action buttons (UIKit) whatever room id the client sent, without
 * checking access.
 */
export async function resolveTarget(ctx: ActionContext, current: IRoom, target: Target): Promise<Resolved> {
    switch (target.kind) {
        case 'current':
            return (await maySee(ctx, current)) ? { ok: true, room: current } : { ok: false, reply: text('room_not_found', { name: current.id }) };
        case 'user': {
            const other = await findUserByUsername(ctx.read, target.username);
            if (!other) {
                return { ok: false, reply: text('user_not_found', { username: target.username }) };
            }
            const room = await findDirectRoom(ctx.read, [ctx.user.username, other.username]);
            return room ? { ok: true, room } : { ok: false, reply: text('direct_not_found', { username: other.username }) };
        }
        case 'room': {
            const notFound: Resolved = { ok: false, reply: text('room_not_found', { name: target.name }) };
            const room = await findRoomByName(ctx.read, target.name);
            if (!room) {
                return notFound;
            }
            return (await maySee(ctx, room)) ? { ok: true, room } : notFound;
        }
    }
}

/** How deep discussions are followed to their parents (Rocket.Chat does not nest discussions; a guard against cycles). */
const MAX_PARENT_DEPTH = 3;

/** Gathers what decideVisibility asks for, as the person in `ctx`. */
function maySee(ctx: ActionContext, room: IRoom): Promise<boolean> {
    return seen(ctx, room, decideVisibility, 0);
}

/**
 * Runs a visibility decision for `room` with the facts it asks for. A team or a parent the app cannot read counts as
 * not granting access; a failed call never grants anything.
 */
async function seen(ctx: ActionContext, room: IRoom, decide: typeof decideVisibility, depth: number): Promise<boolean> {
    const facts: VisibilityFacts = {
        actor: actorOf(ctx.user),
        room: { type: room.type, teamId: room.teamId, isTeamMain: room.isTeamMain === true, isDiscussion: room.parentRoom !== undefined },
    };
    const decision = await decideWithFacts(decide, facts, {
        isMember: async () => found(await isRoomMember(ctx.read, room, ctx.user.id)),
        permissions: async () => {
            const workspace = await connectWorkspace(ctx.read, ctx.http, ctx.settings);
            const table = workspace && (await ctx.services.permissions.get(workspace));
            return found(table?.ok ? table.value : null);
        },
        team: async () => {
            const workspace = room.teamId ? await connectWorkspace(ctx.read, ctx.http, ctx.settings) : undefined;
            const team = workspace && room.teamId ? await workspace.client.teamInfo(room.teamId) : undefined;
            if (!team?.ok) {
                return found(null);
            }
            return found({ isPublic: team.value.isPublic, isMember: await isSubscribed(ctx.read, team.value.mainRoomId, ctx.user.id) });
        },
        parentVisible: async () => {
            // the converter's parentRoom may be partial: read the parent itself
            const parentId = room.parentRoom?.id;
            const parent = parentId && depth < MAX_PARENT_DEPTH ? await findRoomById(ctx.read, parentId) : undefined;
            return found(parent !== undefined && (await seen(ctx, parent, decideRoomAccess, depth + 1)));
        },
    });
    return decision.ok && decision.decision;
}
