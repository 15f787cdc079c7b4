// createDiscussion (apps/meteor/app/discussion/server/methods/createDiscussion.ts): Discussion_enabled and
// start-discussion(-other-user) in the parent, no nested discussions, no initial reply in an encrypted one; the
// room is created with the parent's type rules and announced in the parent.
import type { ServerContext } from '../context';
import { randomId } from '../ids';
import { createRoom } from '../lib/createRoom';
import { executeSendMessage } from '../lib/executeSendMessage';
import { discussionReplyRefused, discussionTypeFor, MeteorError } from '../rules';
import { saveSystemMessage } from '../services/messages';
import type { RcRoom, RoomType } from '../types';

export interface DiscussionOptions {
    prid: string;
    t_name: string;
    users?: string[];
    encrypted?: boolean;
    reply?: string;
}

export async function createDiscussion(rc: ServerContext, userId: string, o: DiscussionOptions): Promise<RcRoom> {
    const { model } = rc;
    if (!model.settings.get('Discussion_enabled')) {
        throw new MeteorError('error-action-not-allowed', 'You are not allowed to create a discussion', { method: 'createDiscussion' });
    }
    const user = model.requireUser(userId);
    if (!model.hasPermission(userId, 'start-discussion', o.prid) && !model.hasPermission(userId, 'start-discussion-other-user', o.prid)) {
        throw new MeteorError('error-action-not-allowed', 'You are not allowed to create a discussion', { method: 'createDiscussion' });
    }
    const parent = model.roomById(o.prid);
    if (!parent) {
        throw new MeteorError('error-invalid-arguments', 'Missing parent room ID');
    }
    if (parent.prid) {
        throw new MeteorError('error-nested-discussion', 'Cannot create nested discussions', { method: 'createDiscussion' });
    }
    const encrypted = typeof o.encrypted === 'boolean' ? o.encrypted : Boolean(parent.encrypted);
    if (discussionReplyRefused(encrypted, o.reply)) {
        throw new MeteorError('error-invalid-arguments', 'Encrypted discussions must not receive an initial reply.', { method: 'createDiscussion' });
    }
    const type = discussionTypeFor(parent.t);
    const discussion = await createRoom(rc, type as Exclude<RoomType, 'd'>, randomId(), userId, [...new Set(o.users ?? [])], {
        fname: o.t_name,
        description: '',
        topic: parent.name,
        prid: parent._id,
        encrypted,
    });
    // createRoom sets fname to the random name first; createDiscussion passes fname in extraData, which wins.
    discussion.fname = o.t_name;
    await saveSystemMessage(rc, 'discussion-created', parent._id, o.t_name, user, { drid: discussion._id });
    if (o.reply) {
        await executeSendMessage(rc, user, discussion._id, { msg: o.reply });
    }
    return discussion;
}
