import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import type { Actor } from './authorization';
import { authorizeToggle, toggleNeedsPermissionTable } from './authorization';
import type { Need } from './facts';
import { need } from './facts';
import { kindText, policyText } from './labels';
import type { PermissionTable } from './permissions';
import type { Policies } from './Policy';
import { policyAllows } from './Policy';
import type { PolicyReason } from './reasons';
import { policyReason, RefusalReason } from './reasons';
import { isSupportedKind, RoomKind } from './RoomKind';

/** Who a change of a room's encryption is for. */
export type Requester =
    /** A person asked (`/e2e enable|disable`, the room buttons): authorized as Rocket.Chat's saveRoomSettings would. */
    | { readonly kind: 'person'; readonly actor: Actor }
    /** The policy asks (automatic enable, revert, enforcement): nobody to authorize, and no excuse not to do it. */
    | { readonly kind: 'policy' };

/** What a change depends on. The optional facts each cost a call: undefined until the decision asks for them. */
export interface ChangeFacts {
    readonly wanted: boolean;
    readonly room: { readonly kind: RoomKind; readonly label: string; readonly encrypted: boolean };
    readonly policies: Policies;
    readonly requester: Requester;
    /** E2E_Enable (a bridge read). */
    readonly workspaceE2E?: boolean;
    /** Whether the service account is configured (a settings read, perhaps Site_Url). */
    readonly serviceConfigured?: boolean;
    /** Whether the person is a member of the room (a bridge read, none in a direct message). */
    readonly isMember?: boolean;
    /** The live role-permission table and the person's roles in the room (a REST call and bridge reads). */
    readonly permissions?: { readonly table: PermissionTable; readonly roomRoles: ReadonlyArray<string> };
}

export type ChangeFact = 'workspaceE2E' | 'serviceConfigured' | 'isMember' | 'permissions';

export type ChangeRefusalReason = RefusalReason | PolicyReason;

export type ChangeDecision =
    /** Make the change; `reason` is what the audit record says when the policy made it. */
    | { readonly decision: 'change'; readonly reason?: PolicyReason }
    /** A rule says no; `why` tells the person. */
    | { readonly decision: 'refuse'; readonly reason: ChangeRefusalReason; readonly why: Text }
    /** The policy wants the change and the app cannot make it. */
    | { readonly decision: 'fail'; readonly reason: RefusalReason.NotConfigured; readonly why: Text };

const refuse = (reason: ChangeRefusalReason, why: Text): ChangeDecision => ({ decision: 'refuse', reason, why });

/**
 * Whether a room's encryption may be switched to `wanted`, in the one refusal order: the room's
 * kind, its policy, E2E_Enable, the room's current state, the service account, then (for a
 * person) Rocket.Chat's own authorization. Everything that can be refused without the
 * workspace API is refused first.
 */
export function decideChange(facts: ChangeFacts): ChangeDecision | Need<ChangeFact> {
    const { wanted, room, requester } = facts;
    if (!isSupportedKind(room.kind)) {
        return refuse(RefusalReason.UnsupportedKind, text('toggle_unsupported', { kind: kindText(room.kind) }));
    }
    const policy = facts.policies[room.kind];
    if (policy === undefined) {
        return refuse(RefusalReason.PolicyUnusable, text('toggle_policy_unusable', { kind: kindText(room.kind) }));
    }
    if (!policyAllows(policy, wanted)) {
        return refuse(
            policyReason(policy),
            text(wanted ? 'toggle_policy_forbids_enable' : 'toggle_policy_forbids_disable', { kind: kindText(room.kind), policy: policyText(policy) }),
        );
    }
    if (facts.workspaceE2E === undefined) {
        return need('workspaceE2E');
    }
    if (!facts.workspaceE2E) {
        return refuse(RefusalReason.WorkspaceE2EOff, text('toggle_workspace_off'));
    }
    if (room.encrypted === wanted) {
        return refuse(RefusalReason.Already, text(wanted ? 'toggle_already_enabled' : 'toggle_already_disabled', { room: room.label }));
    }
    if (facts.serviceConfigured === undefined) {
        return need('serviceConfigured');
    }
    if (!facts.serviceConfigured) {
        const why = text('service_not_configured');
        return requester.kind === 'person' ? refuse(RefusalReason.NotConfigured, why) : { decision: 'fail', reason: RefusalReason.NotConfigured, why };
    }
    if (requester.kind === 'policy') {
        return { decision: 'change', reason: policyReason(policy) };
    }

    if (facts.isMember === undefined) {
        return need('isMember');
    }
    const isDirect = room.kind === RoomKind.Direct;
    const { isMember } = facts;
    if (toggleNeedsPermissionTable(isDirect, isMember) && facts.permissions === undefined) {
        return need('permissions');
    }
    const { table, roomRoles } = facts.permissions ?? { table: new Map(), roomRoles: [] };
    const authorization = authorizeToggle({ actor: requester.actor, roomRoles, isDirect, isMember, table });
    if (!authorization.allowed) {
        return refuse(RefusalReason.NotAllowed, text('toggle_not_allowed', { room: room.label, permissions: authorization.missing.join(', ') }));
    }
    return { decision: 'change' };
}
