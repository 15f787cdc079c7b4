import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import { connectWorkspace } from '../api/serviceAccount';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { roomLabel } from '../lib/lookups';
import { seesServiceHealth } from '../policy/authorization';
import { kindText, policyText } from '../policy/labels';
import { findConflicts } from '../policy/conflicts';
import { classifyRoom, isRoomEncrypted, isSupportedKind, RoomKind } from '../policy/RoomKind';
import { policyFor } from '../settings/AppSettings';
import { isWorkspaceE2EEnabled, readServerE2E, ServerSetting } from '../settings/serverSettings';
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
        lines.push(...(await describeConflicts(ctx)));
    }
    return lines;
}

/** The server setting that encrypts new rooms of a kind by default. */
const DEFAULT_SETTING: Readonly<Record<'direct' | 'private', ServerSetting>> = {
    direct: ServerSetting.E2EDefaultDirect,
    private: ServerSetting.E2EDefaultPrivate,
};

/** For administrators: where Rocket.Chat's own E2EE settings and the policy disagree, and who wins. */
async function describeConflicts(ctx: ActionContext): Promise<Array<Text>> {
    const conflicts = findConflicts(ctx.settings.policies, ctx.settings.blockPlaintext, await readServerE2E(ctx.read));
    return conflicts.map((conflict) => {
        switch (conflict.conflict) {
            case 'default-encrypted':
                return text('status_conflict_default_encrypted', {
                    kind: kindText(conflict.kind),
                    setting: DEFAULT_SETTING[conflict.kind === RoomKind.Direct ? 'direct' : 'private'],
                });
            case 'forced-encrypted':
                return text('status_conflict_forced_encrypted', { kind: kindText(conflict.kind) });
            case 'unencrypted-allowed':
                return text(conflict.guarded ? 'status_conflict_unencrypted_allowed' : 'status_conflict_unencrypted_unguarded');
        }
    });
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
