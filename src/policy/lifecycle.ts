import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import type { Need } from './facts';
import { need } from './facts';
import { kindText } from './labels';
import type { Policies } from './Policy';
import { enforcedState, Policy, policyEncryptsNewRooms } from './Policy';
import type { PolicyReason } from './reasons';
import { policyReason, RefusalReason } from './reasons';
import { isSupportedKind, RoomKind } from './RoomKind';

export interface CreateFacts {
    readonly kind: RoomKind;
    /** How the room is named to people. */
    readonly label: string;
    /** Whether the room is (to be) created encrypted. */
    readonly encrypted: boolean;
    readonly policies: Policies;
    /**
     * Whether Rocket.Chat requires the room to be encrypted (E2E_Force_Encryption_For_Private_Rooms, a server setting
     * read): undefined until the decision asks for it.
     */
    readonly forced?: boolean;
}

export type CreateFact = 'forced';

export type CreateDecision =
    /** Creating it encrypted is not allowed; `why` tells the creator. */
    | { readonly decision: 'refuse'; readonly reason: RefusalReason.UnsupportedKind; readonly why: Text }
    /** Let it be created, but unencrypted: Rocket.Chat's defaults encrypted it before the app saw it; `why` tells the creator. */
    | { readonly decision: 'clear'; readonly reason: PolicyReason; readonly why: Text }
    /** Let it be created, then turn encryption on. */
    | { readonly decision: 'encrypt' }
    | { readonly decision: 'allow' };

const ALLOW: CreateDecision = { decision: 'allow' };

/**
 * A room being created, before (may it be created encrypted, and must it be cleared?) and after (should
 * encryption be turned on, or off when the clearing was not applied?): an encrypted room of a kind that cannot
 * be encrypted is refused; an encrypted one whose policy is `disabled` is created unencrypted, since Rocket.Chat's
 * defaults mark new DMs and private rooms encrypted before any app sees them and a DM has no switch to undo it,
 * unless Rocket.Chat itself requires encryption there (its force rule wins; /e2e status names the conflict); an
 * unencrypted one under `default` or `required` gets encrypted.
 */
export function decideCreate(facts: CreateFacts): CreateDecision | Need<CreateFact> {
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
        if (policy !== Policy.Disabled) {
            return ALLOW;
        }
        if (facts.forced === undefined) {
            return need('forced');
        }
        return facts.forced ? ALLOW : { decision: 'clear', reason: policyReason(policy), why: text('create_unencrypted_disabled', { kind: kindText(kind), room: facts.label }) };
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
