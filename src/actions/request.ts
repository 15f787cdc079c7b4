import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Accessors } from '../app/Accessors';
import type { AppServices } from '../app/AppServices';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { errorName } from '../lib/errors';
import { tell } from '../lib/notify';
import type { ActionContext } from './context';
import { createContext } from './context';
import { describeStatus } from './status';
import type { Target } from './target';
import { resolveTarget } from './target';
import { toggleEncryption } from './toggle';

/**
 * Runs one person's request (`what` names it in the log) and answers them privately in `room`
 * with what it returns. A failure is logged by its name only and answered with `internal_error`;
 * nothing is thrown to the engine.
 */
export async function answerRequest(
    accessors: Accessors,
    services: AppServices,
    user: IUser,
    room: IRoom,
    what: string,
    run: (ctx: ActionContext) => Promise<Array<Text>>,
): Promise<void> {
    let reply: Array<Text>;
    try {
        reply = await run(await createContext(accessors, services, user));
    } catch (error) {
        services.logger.error(`${what} failed: ${errorName(error)}`);
        reply = [text('internal_error')];
    }
    await tell(accessors.read, accessors.modify, user, room, reply).catch((error) => services.logger.error(`${what}: could not answer: ${errorName(error)}`));
}

export type RoomRequest = 'status' | 'enable' | 'disable';

/** `/e2e status|enable|disable [target]` and the room buttons: the room as the person may see it, then its status or the change. */
export async function answerRoomRequest(ctx: ActionContext, current: IRoom, target: Target, request: RoomRequest): Promise<Array<Text>> {
    const resolved = await resolveTarget(ctx, current, target);
    if (!resolved.ok) {
        return [resolved.reply];
    }
    return request === 'status' ? describeStatus(ctx, resolved.room) : [await toggleEncryption(ctx, resolved.room, request === 'enable')];
}

/** A deactivated account may do nothing (Rocket.Chat removes its login tokens; an app-side event may still carry it). */
export function isDeactivated(user: IUser): boolean {
    return user.isEnabled === false;
}
