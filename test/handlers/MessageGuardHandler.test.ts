import { describe, expect, it } from '@jest/globals';
import { AppsEngineException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { AuditAction } from '../../src/audit/AuditRecord';
import { MessageGuardHandler } from '../../src/handlers/MessageGuardHandler';
import { v2 } from '../support/ciphertexts';
import type { FakeOptions } from '../support/fakes';
import { Fake, FakeMessageBuilder, room, user } from '../support/fakes';
import { say } from '../support/say';

function message(encrypted: boolean, fields: Record<string, unknown>, unmapped: Record<string, unknown> = {}): IMessage {
    return {
        room: room('r1', 'p', { encrypted }),
        sender: user('alice', { settings: { preferences: { language: 'en' } } }),
        ...fields,
        _unmappedProperties_: unmapped,
    } as unknown as IMessage;
}

async function guard(options: FakeOptions = {}) {
    const fake = new Fake(options);
    let reads = 0;
    const read = fake.read;
    const counted = new Proxy(read, {
        get(target, property) {
            reads++;
            return Reflect.get(target, property);
        },
    });
    return { fake, handler: new MessageGuardHandler(await fake.services()), read: counted, reads: () => reads };
}

const plaintext = (encrypted: boolean) => message(encrypted, { text: 'the launch is on friday' });
const ciphertext = (encrypted: boolean) => message(encrypted, { text: '', type: 'e2e' }, { content: v2(), e2e: 'pending' });

describe('MessageGuardHandler', () => {
    it('lets plaintext into an unencrypted room without touching any accessor', async () => {
        const { handler, fake, read, reads } = await guard();
        expect(handler.mayRefuse(plaintext(false))).toBe(false);
        expect(await handler.prevent(plaintext(false), read, fake.persis, AuditAction.MessageRefused)).toBe(false);
        expect(reads()).toBe(0);
    });

    it('lets ciphertext into an encrypted room without touching any accessor', async () => {
        const { handler, fake, read, reads } = await guard();
        expect(handler.mayRefuse(ciphertext(true))).toBe(false);
        expect(await handler.prevent(ciphertext(true), read, fake.persis, AuditAction.MessageRefused)).toBe(false);
        expect(reads()).toBe(0);
    });

    it('refuses plaintext in an encrypted room with a message for the sender, and records it without content', async () => {
        const { handler, fake } = await guard();
        expect(handler.mayRefuse(plaintext(true))).toBe(true);
        const refusal = handler.prevent(plaintext(true), fake.read, fake.persis, AuditAction.MessageRefused);
        await expect(refusal).rejects.toBeInstanceOf(AppsEngineException);
        await expect(refusal).rejects.toThrow(say('refused_plaintext'));
        await new Promise((resolve) => setImmediate(resolve));
        expect(fake.auditRecords()).toEqual([
            expect.objectContaining({ action: 'message-refused', outcome: 'refused', reason: 'plaintext', actorId: 'alice', roomId: 'r1', count: 1 }),
        ]);
        expect(JSON.stringify(fake.stored)).not.toContain('friday');
    });

    it('words a refused edit as an edit', async () => {
        const { handler, fake } = await guard();
        await expect(handler.prevent(plaintext(true), fake.read, fake.persis, AuditAction.EditRefused)).rejects.toThrow(say('refused_edit_plaintext'));
    });

    it('lets plaintext through while the workspace has E2E_Enable off', async () => {
        const { handler, fake } = await guard({ serverSettings: { E2E_Enable: false } });
        expect(await handler.prevent(plaintext(true), fake.read, fake.persis, AuditAction.MessageRefused)).toBe(false);
    });

    it('refuses when E2E_Enable cannot be read: a failing bridge never lets plaintext in', async () => {
        const { handler, fake } = await guard({ serverSettings: { E2E_Enable: undefined } });
        await expect(handler.prevent(plaintext(true), fake.read, fake.persis, AuditAction.EditRefused)).rejects.toBeInstanceOf(AppsEngineException);
    });

    it('reads E2E_Enable and the workspace language for a refusal at once, not one after the other', async () => {
        const { handler, fake } = await guard({ serverSettings: { E2E_Enable: true, Language: 'de' } });
        let inFlight = 0;
        let most = 0;
        const reads: string[] = [];
        const serverSettings = {
            getValueById: async (id: string) => {
                reads.push(id);
                inFlight++;
                most = Math.max(most, inFlight);
                await new Promise((resolve) => setTimeout(resolve, 5));
                inFlight--;
                return id === 'E2E_Enable' ? true : 'de';
            },
        };
        const read = { ...fake.read, getEnvironmentReader: () => ({ ...fake.read.getEnvironmentReader(), getServerSettings: () => serverSettings }) };
        const withoutPreference = plaintext(true);
        (withoutPreference.sender as unknown as { settings?: unknown }).settings = undefined;
        await expect(handler.prevent(withoutPreference, read as never, fake.persis, AuditAction.MessageRefused)).rejects.toThrow(say('refused_plaintext', {}, 'de'));
        expect(reads.sort()).toEqual(['E2E_Enable', 'Language']);
        expect(most).toBe(2);
    });

    it('refuses ciphertext in an unencrypted room, in the sender’s language', async () => {
        const { handler, fake } = await guard();
        const misplaced = ciphertext(false);
        (misplaced.sender as unknown as { settings: unknown }).settings = { preferences: { language: 'xx' } };
        await expect(handler.prevent(misplaced, fake.read, fake.persis, AuditAction.MessageRefused)).rejects.toThrow(say('refused_misplaced'));
    });

    it('follows the settings it caches', async () => {
        const { handler } = await guard({ settings: { block_plaintext: false, block_misplaced_ciphertext: false } });
        expect(handler.mayRefuse(plaintext(true))).toBe(false);
        expect(handler.mayRefuse(ciphertext(false))).toBe(false);
    });

    it('strips a ciphertext copy from the searchable text and keeps content', async () => {
        const { handler } = await guard();
        const content = v2();
        const both = message(true, { text: content.ciphertext }, { content });
        expect(handler.mayStrip(both)).toBe(true);
        const stripped = handler.strip(both, new FakeMessageBuilder().setData(both) as never);
        expect(stripped.text).toBe('');
        // The result leaves content out (Rocket.Chat's Object.assign merge keeps the stored one), so the
        // engine's log of the result never holds the ciphertext.
        expect((stripped as unknown as { _unmappedProperties_: { content?: unknown } })._unmappedProperties_.content).toBeUndefined();
        expect(JSON.stringify(stripped)).not.toContain(content.ciphertext);
        expect((both as unknown as { _unmappedProperties_: { content: unknown } })._unmappedProperties_.content).toEqual(content);
        expect(handler.mayStrip(ciphertext(true))).toBe(false);
        expect(handler.mayStrip(plaintext(true))).toBe(false);
    });
});
