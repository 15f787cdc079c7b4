import { describe, expect, it } from '@jest/globals';
import type { ISettingRead } from '@rocket.chat/apps-engine/definition/accessors';

import { Policy } from '../../src/policy/Policy';
import { RoomKind } from '../../src/policy/RoomKind';
import { SettingsCache } from '../../src/settings/SettingsCache';
import { SettingId } from '../../src/settings/SettingId';

/** A settings reader whose answers the test releases one read at a time, in any order. */
function gatedReader() {
    const reads: Array<{ value: string; release: () => void }> = [];
    let value = 'optional';
    const reader = {
        getValueById: (id: string) => {
            if (id !== SettingId.PolicyDirect) {
                return Promise.resolve(undefined);
            }
            const seen = value;
            return new Promise((resolve) => reads.push({ value: seen, release: () => resolve(seen) }));
        },
    } as unknown as ISettingRead;
    return { reader, reads, set: (next: string) => (value = next) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SettingsCache', () => {
    it('never lets a refresh that started before an update overwrite the values read after it', async () => {
        const cache = new SettingsCache();
        const gate = gatedReader();
        const before = cache.refresh(gate.reader);
        await tick();
        gate.set('disabled');
        const after = cache.refresh(gate.reader);
        await tick();
        expect(gate.reads.map((r) => r.value)).toEqual(['optional', 'disabled']);
        // The newer read answers first, the older one last.
        gate.reads[1].release();
        await after;
        gate.reads[0].release();
        const olderAnswer = await before;
        expect(cache.get().policies[RoomKind.Direct]).toBe(Policy.Disabled);
        expect(olderAnswer.policies[RoomKind.Direct]).toBe(Policy.Disabled);
    });

    it('stores reads that finish in the order they started', async () => {
        const cache = new SettingsCache();
        const gate = gatedReader();
        const first = cache.refresh(gate.reader);
        await tick();
        gate.set('required');
        const second = cache.refresh(gate.reader);
        await tick();
        gate.reads[0].release();
        expect((await first).policies[RoomKind.Direct]).toBe(Policy.Optional);
        gate.reads[1].release();
        await second;
        expect(cache.get().policies[RoomKind.Direct]).toBe(Policy.Required);
    });
});
