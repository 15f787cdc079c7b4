import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { kindText } from './labels';
import type { Policies } from './Policy';
import { enforcedState, Policy, policyEncryptsNewRooms } from './Policy';
import type { PolicyReason } from './reasons';
import { policyReason, RefusalReason } from './reasons';
import { isSupportedKind, RoomKind } from './RoomKind';

export interface CreateFacts {
    readonly kind: RoomKind;
    /** Whether the room is (to be) created encrypted. */
    readonly encrypted: boolean;
    readonly policies: Policies;
}

export type CreateDecision =
    /** Creating it encrypted is not allowed; `why` tells the creator. */
    | { readonly decision: 'refuse'; readonly reason: RefusalReason.UnsupportedKind | PolicyReason; readonly why: Text }
    /** Let it be created, then turn encryption on. */
    | { readonly decision: 'encrypt' }
    | { readonly decision: 'allow' };

const ALLOW: CreateDecision = { decision: 'allow' };

/**
 * A room being created, before (may it be created encrypted?) and after (should encryption be
 * turned on?): an encrypted room of a kind that cannot be encrypted or whose policy is
 * `disabled` is refused; an unencrypted one under `default` or `required` gets encrypted.
 */
export function decideCreate(facts: CreateFacts): CreateDecision {
    const { kind, encrypted } = facts;
    if (kind === RoomKind.Federated) {
        // Left as Rocket.Chat makes them: their encryption can never be changed, and its force rule exempts them.
        return ALLOW;
    }
    if (!isSupportedKind(kind)) {
        return encrypted ? { decision: 'refuse', reason: RefusalReason.UnsupportedKind, why: text('create_refused_unsupported', { kind: kindText(kind) }) } : ALLOW;
    }
    const policy = facts.policies[kind];
    if (policy === undefined) {
        // An unusable policy setting: nothing is refused or changed on its account.
        return ALLOW;
    }
    if (encrypted) {
        return policy === Policy.Disabled
            ? { decision: 'refuse', reason: policyReason(policy), why: text('create_refused_disabled', { kind: kindText(kind) }) }
            : ALLOW;
    }
    return policyEncryptsNewRooms(policy) ? { decision: 'encrypt' } : ALLOW;
}

export interface RevertFacts {
    readonly kind: RoomKind;
    readonly policies: Policies;
    /** The state a system message announces the room was switched to. */
    readonly switchedTo: boolean;
    /** The room's state as the message carries it. */
    readonly encrypted: boolean;
}

export type RevertDecision = { readonly decision: 'revert'; readonly wanted: boolean; readonly policy: Policy } | { readonly decision: 'keep' };

const KEEP: RevertDecision = { decision: 'keep' };

/**
 * An encryption change made elsewhere (room menu, another client, the API): undone when it moved
 * the room away from the state its policy enforces. Only such a change is undone: the app's own
 * revert posts the opposite message, which must not be reverted in turn.
 */
export function decideRevert(facts: RevertFacts): RevertDecision {
    if (!isSupportedKind(facts.kind)) {
        return KEEP;
    }
    const policy = facts.policies[facts.kind];
    if (policy === undefined) {
        return KEEP;
    }
    const wanted = enforcedState(policy);
    if (wanted === undefined || facts.switchedTo === wanted || facts.encrypted === wanted) {
        return KEEP;
    }
    return { decision: 'revert', wanted, policy };
}
