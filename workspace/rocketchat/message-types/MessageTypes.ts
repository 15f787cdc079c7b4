// The message type registry (packages/message-types: src/MessageTypes.ts and src/registrations/*.ts, registered by
// src/index.ts). `MessageTypes.isSystemMessage(message)` is `getType(message)?.system ?? false`: only a type
// registered with `system: true` is a system message. The sendMessage method and REST chat.sendMessage refuse those
// from clients; `videoconf` is registered with `system: false`, and a type nobody registered (`discussion-created`,
// `command`, `jitsi_call_started`, the OTR types, a made-up one) is no system message, so a client may send it.

/** registrations/common.ts: every type there is registered with `system: true`. */
const COMMON = [
    'uj', 'ul', 'r', 'au', 'ui', 'uir', 'added-user-to-team', 'ru', 'removed-user-from-team', 'ult', 'user-converted-to-team',
    'user-converted-to-channel', 'user-removed-room-from-team', 'user-deleted-room-from-team', 'user-added-room-to-team', 'ujt', 'ut',
    'wm', 'rm', 'user-muted', 'user-unmuted', 'user-banned', 'user-unbanned', 'subscription-role-added', 'subscription-role-removed',
    'room-archived', 'room-unarchived', 'room-removed-read-only', 'room-set-read-only', 'room-allowed-reacting', 'room-disallowed-reacting',
    'room_changed_privacy', 'room_changed_topic', 'room_changed_avatar', 'room_changed_announcement', 'room_changed_description',
    'message_pinned', 'abac-removed-user-from-room',
];
/** registrations/e2ee.ts */
const E2EE = ['room_e2e_enabled', 'room_e2e_disabled', 'message_pinned_e2e'];
/** registrations/livechat.ts */
const LIVECHAT = [
    'livechat-started', 'livechat-close', 'livechat_video_call', 'livechat_navigation_history', 'livechat_transfer_history',
    'livechat_transfer_history_fallback', 'livechat_transcript_history',
];
/** registrations/omnichannel.ts */
const OMNICHANNEL = ['omnichannel_placed_chat_on_hold', 'omnichannel_on_hold_chat_resumed', 'omnichannel_priority_change_history', 'omnichannel_sla_change_history'];
/** registrations/voip.ts (registered by the versions whose index.ts imports it) */
const VOIP = [
    'voip-call-started', 'voip-call-duration', 'voip-call-declined', 'voip-call-on-hold', 'voip-call-unhold', 'voip-call-ended',
    'voip-call-ended-unexpectedly', 'voip-call-wrapup',
];
/** registrations/videoconf.ts: `{ id: 'videoconf', system: false }` */
const NOT_SYSTEM = ['videoconf'];

const REGISTERED = new Map<string, { system: boolean }>([
    ...[...COMMON, ...E2EE, ...LIVECHAT, ...OMNICHANNEL, ...VOIP].map((id) => [id, { system: true }] as const),
    ...NOT_SYSTEM.map((id) => [id, { system: false }] as const),
]);

/** MessageTypes.isSystemMessage: registered, and registered as a system type. */
export function isSystemMessage(message: { t?: string }): boolean {
    return (typeof message.t === 'string' && REGISTERED.get(message.t)?.system) ?? false;
}
