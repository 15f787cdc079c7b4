// VideoConf.start (apps/meteor/server/services/video-conference/service.ts): startDirect and startGroup store the call,
// then createMessage posts the call's message through sendMessage (app/lib/server/functions/sendMessage.ts), so the
// apps' pre-send listeners see it:
//   { t: 'videoconf', msg: '', groupable: false, blocks: [buildVideoConfBlock(call._id)] }
//   buildVideoConfBlock(callId) = { type: 'video_conf', blockId: callId, callId, appId: 'videoconf-core' }
// The sender is the caller (startDirect; startGroup when it does not post as the provider's app user or rocket.cat).
// Not modelled: providers, the call record's lifecycle, ringing, the `call-management` permission.
import type { ServerContext } from '../context';
import { randomId } from '../ids';
import { sendMessage } from '../lib/sendMessage';
import type { RcMessage } from '../types';

export async function startVideoConference(rc: ServerContext, callerId: string, rid: string): Promise<{ callId: string; message?: RcMessage }> {
    const user = rc.model.requireUser(callerId);
    const room = rc.model.requireRoom(rid);
    const callId = randomId();
    const record = {
        t: 'videoconf',
        msg: '',
        groupable: false,
        blocks: [{ type: 'video_conf', blockId: callId, callId, appId: 'videoconf-core' }],
    };
    return { callId, message: await sendMessage(rc, user, record, room) };
}
