/**
 * Rocket.Chat's system message types (core-typings IMessage `MessageTypes`, with the team,
 * livechat, voip and OTR lists and a few older spellings). Rocket.Chat itself refuses these
 * from clients (`isSystemMessage` in sendMessage), so a message carrying one was made by the
 * server and is never refused here. An unknown type is treated as an ordinary message:
 * otherwise a client could label plaintext with any made-up type to slip past the guard.
 * `e2e` is deliberately absent.
 */
const SYSTEM_MESSAGE_TYPES: ReadonlySet<string> = new Set([
    'uj', 'ui', 'uir', 'ul', 'ru', 'au', 'mute_unmute', 'r', 'ut', 'wm', 'rm',
    'subscription-role-added', 'subscription-role-removed', 'room-archived', 'room-unarchived', 'room_archived', 'room_unarchived',
    'room_changed_privacy', 'room_changed_description', 'room_changed_announcement', 'room_changed_avatar', 'room_changed_topic',
    'room_e2e_enabled', 'room_e2e_disabled', 'user-muted', 'user-unmuted', 'room-removed-read-only', 'room-set-read-only',
    'room-allowed-reacting', 'room-disallowed-reacting', 'command', 'videoconf', 'jitsi_call_started',
    'message_pinned', 'message_pinned_e2e', 'message_snippeted', 'new-moderator', 'moderator-removed', 'new-owner', 'owner-removed',
    'new-leader', 'leader-removed', 'discussion-created', 'abac-removed-user-from-room',
    // teams
    'ujt', 'ult', 'added-user-to-team', 'removed-user-from-team', 'user-converted-to-team', 'user-converted-to-channel',
    'user-removed-room-from-team', 'user-deleted-room-from-team', 'user-added-room-to-team',
    // livechat
    'livechat_navigation_history', 'livechat_transfer_history', 'livechat_transcript_history', 'livechat_video_call',
    'livechat_webrtc_video_call', 'livechat_transfer_history_fallback', 'livechat-close', 'livechat-started',
    'omnichannel_priority_change_history', 'omnichannel_sla_change_history', 'omnichannel_placed_chat_on_hold',
    'omnichannel_on_hold_chat_resumed',
    // voip
    'voip-call-started', 'voip-call-declined', 'voip-call-on-hold', 'voip-call-unhold', 'voip-call-ended',
    'voip-call-duration', 'voip-call-wrapup', 'voip-call-ended-unexpectedly',
    // OTR
    'otr', 'otr-ack', 'user_joined_otr', 'user_requested_otr_key_refresh', 'user_key_refreshed_successfully',
]);

export const ENCRYPTED_MESSAGE_TYPE = 'e2e';
export const ROOM_E2E_ENABLED = 'room_e2e_enabled';
export const ROOM_E2E_DISABLED = 'room_e2e_disabled';

/** The encryption state a system message announces a room was switched to, if it announces one. */
export function announcedEncryption(type: unknown): boolean | undefined {
    return type === ROOM_E2E_ENABLED ? true : type === ROOM_E2E_DISABLED ? false : undefined;
}

export function isSystemMessageType(type: unknown): boolean {
    return typeof type === 'string' && SYSTEM_MESSAGE_TYPES.has(type);
}
