import type { Policy } from './Policy';

/**
 * Why the app refused a change or a request, as the audit trail stores it. Stored values: a
 * value never changes once records carry it.
 */
export enum RefusalReason {
    /** Rocket.Chat cannot encrypt this kind of room (or the app leaves it alone). */
    UnsupportedKind = 'unsupported-kind',
    /** The workspace has E2E_Enable off. */
    WorkspaceE2EOff = 'workspace-e2e-off',
    /** The room already is in the asked state. */
    Already = 'already',
    /** The service account is not configured, so the app cannot act on the workspace. */
    NotConfigured = 'not-configured',
    /** The person lacks a permission. */
    NotAllowed = 'not-allowed',
    /** The policy setting of the room's kind holds a value that is none of the four policies. */
    PolicyUnusable = 'policy-unusable',
}

/** The policy of the room's kind: why it forbids a change, or why the app made one. */
export type PolicyReason = `policy-${Policy}`;

export function policyReason(policy: Policy): PolicyReason {
    return `policy-${policy}`;
}
