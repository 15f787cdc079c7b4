// E2EE key material as a client stores it: the stored effect of e2e.setUserPublicAndPrivateKeys,
// e2e.updateGroupKey and e2e.setRoomKeyID (apps/meteor/app/e2e/server/methods/setUserPublicAndPrivateKeys.ts,
// updateGroupKey.ts, setRoomKeyID.ts), without their checks: tests and the demo set up keys directly.
import type { Model } from '../Model';

export function setUserPublicAndPrivateKeys(model: Model, userId: string, keys: { public_key: string; private_key: string }): void {
    model.requireUser(userId).e2e = keys;
}

/** The room key, encrypted for this member, on their subscription. */
export function updateGroupKey(model: Model, rid: string, userId: string, key: string): void {
    const sub = model.subscription(rid, userId);
    if (!sub) {
        throw new Error('not a member');
    }
    sub.E2EKey = key;
}

export function setRoomKeyID(model: Model, rid: string, keyId: string): void {
    model.requireRoom(rid).e2eKeyId = keyId;
}
