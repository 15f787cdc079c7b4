import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import type { Policy } from './Policy';
import type { RoomKind } from './RoomKind';

export function kindText(kind: RoomKind): Text {
    return text(`kind_${kind}`);
}

export function policyText(policy: Policy): Text {
    return text(`policy_${policy}`);
}
