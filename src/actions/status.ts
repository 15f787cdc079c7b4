import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import { connectWorkspace } from '../api/serviceAccount';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { roomLabel } from '../lib/lookups';
import { seesServiceHealth } from '../policy/authorization';
import { kindText, policyText } from '../policy/labels';
import type { RoomKind } from '../policy/RoomKind';
import { classifyRoom, isRoomEncrypted, isSupportedKind } from '../policy/RoomKind';
import { policyFor } from '../settings/AppSettings';
import { isWorkspaceE2EEnabled } from '../settings/serverSettings';
import type { ActionContext } from './context';
import { actorOf } from './context';
import { failureText } from './failures';

/** `/e2e status`: what anyone who can see the room may know about its encryption. */
export async function describeStatus(ctx: ActionContext, room: IRoom): Promise<Array<Text>> {
    const kind = classifyRoom(room);
    const label = roomLabel(room);
    const lines: Array<Text> = [
        isRoomEncrypted(room) ? text('status_encrypted', { room: label }) : text('status_not_encrypted', { room: label }),
        text('status_kind', { kind: kindText(kind) }),
        policyLine(ctx, kind),
        (await isWorkspaceE2EEnabled(ctx.read)) ? text('status_workspace_on') : text('status_workspace_off'),
    ];
    if (seesServiceHealth(actorOf(ctx.user))) {
        lines.push(...(await describeServiceAccount(ctx)));
    }
    return lines;
}

function policyLine(ctx: ActionContext, kind: RoomKind): Text {
    if (!isSupportedKind(kind)) {
        return text('status_unsupported', { kind: kindText(kind) });
    }
    const policy = policyFor(ctx.settings, kind);
    return policy === undefined ? text('status_policy_unusable') : text('status_policy', { policy: policyText(policy) });
}

async function describeServiceAccount(ctx: ActionContext): Promise<Array<Text>> {
    const lines: Array<Text> = [];
    if (ctx.settings.unusablePolicies.length > 0) {
        lines.push(text('status_unusable_policies', { settings: ctx.settings.unusablePolicies.join(', ') }));
    }
    if (ctx.settings.invalid.length > 0) {
        lines.push(text('status_invalid_settings', { settings: ctx.settings.invalid.join(', ') }));
    }
    const workspace = await connectWorkspace(ctx.read, ctx.http, ctx.settings);
    if (!workspace) {
        lines.push(text('status_service_not_configured'));
        return lines;
    }
    const me = await workspace.client.me();
    lines.push(
        me.ok ? text('status_service_ok', { username: me.value.username }) : text('status_service_failed', { reason: failureText(me.failure) }),
    );
    return lines;
}
