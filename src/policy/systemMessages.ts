/**
 * Message types, and the one typed message Rocket.Chat itself sends through the pre-send listeners.
 *
 * No message type is trusted by the guard. Rocket.Chat stops clients only from sending the types registered as
 * system types (packages/message-types, `MessageTypes.isSystemMessage`, checked by the sendMessage method and
 * REST chat.sendMessage); `videoconf` is registered with `system: false`, and `discussion-created`, `command`,
 * `jitsi_call_started`, the OTR types and others are not registered at all, so a client can send any of them with
 * any text. Rocket.Chat's genuine system messages are inserted by Message.saveSystemMessage
 * (apps/meteor/server/services/messages/service.ts) and never reach a pre-send listener: the guard only ever sees
 * a typed message that went through sendMessage, i.e. one a client, an integration or an app sent.
 */
export const ENCRYPTED_MESSAGE_TYPE = 'e2e';
export const ROOM_E2E_ENABLED = 'room_e2e_enabled';
export const ROOM_E2E_DISABLED = 'room_e2e_disabled';

/** The encryption state a system message announces a room was switched to, if it announces one. */
export function announcedEncryption(type: unknown): boolean | undefined {
    return type === ROOM_E2E_ENABLED ? true : type === ROOM_E2E_DISABLED ? false : undefined;
}

const VIDEOCONF_TYPE = 'videoconf';
const VIDEOCONF_BLOCK = 'video_conf';
const VIDEOCONF_APP = 'videoconf-core';
const VIDEOCONF_BLOCK_KEYS: ReadonlySet<string> = new Set(['type', 'blockId', 'callId', 'appId']);
/**
 * A call's id: Random.id() (17 characters of Meteor's unmistakable alphabet) or an ObjectId's 24 hex digits.
 * Nothing else, so a forged block cannot carry words in it.
 */
const CALL_ID = /^(?:[23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz]{17}|[0-9a-f]{24})$/;

/** The parts of a message this recogniser reads (a subset of the guard's MessageView). */
export interface TypedMessage {
    readonly type?: unknown;
    readonly text?: unknown;
    readonly content?: unknown;
    readonly attachments?: unknown;
    readonly blocks?: unknown;
    readonly file?: unknown;
    readonly files?: unknown;
}

const absent = (value: unknown) => value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/**
 * The message Rocket.Chat's VideoConf service posts when a call starts, exactly
 * (apps/meteor/server/services/video-conference/service.ts, createMessage and buildVideoConfBlock):
 * `{ t: 'videoconf', msg: '', groupable: false, blocks: [{ type: 'video_conf', blockId: callId, callId,
 * appId: 'videoconf-core' }] }`, sent through sendMessage, so the pre-send listeners see it. It has no readable
 * text. A client can forge this shape through REST chat.sendMessage (`videoconf` is not a system type); what it
 * can put in it is a call id. Checked by shape only: asking the video conference reader whether the call exists
 * would cost every such message a bridge call.
 */
export function isVideoConfMessage(message: TypedMessage): boolean {
    if (message.type !== VIDEOCONF_TYPE || !(message.text === '' || message.text === undefined)) {
        return false;
    }
    if (!absent(message.content) || !absent(message.attachments) || !absent(message.file) || !absent(message.files)) {
        return false;
    }
    const { blocks } = message;
    if (!Array.isArray(blocks) || blocks.length !== 1) {
        return false;
    }
    const block = blocks[0] as Record<string, unknown> | null;
    if (typeof block !== 'object' || block === null || Array.isArray(block) || !Object.keys(block).every((key) => VIDEOCONF_BLOCK_KEYS.has(key))) {
        return false;
    }
    return block.type === VIDEOCONF_BLOCK && block.appId === VIDEOCONF_APP && typeof block.callId === 'string' && CALL_ID.test(block.callId) && block.blockId === block.callId;
}
