import { describe, expect, it } from '@jest/globals';

import { AppConverters } from '../../workspace/rocketchat/converters';
import type { RcMessage, RcRoom, RcUser } from '../../workspace/rocketchat/types';

const alice: RcUser = { _id: 'u1', username: 'alice', name: 'Alice', type: 'user', roles: ['user'], active: true, createdAt: '2024-01-01T00:00:00.000Z', _updatedAt: '2024-01-01T00:00:00.000Z' };
const parent: RcRoom = { _id: 'r0', t: 'p', name: 'team', fname: 'team', usersCount: 1, msgs: 0, ts: '2024-01-01T00:00:00.000Z', _updatedAt: '2024-01-01T00:00:00.000Z', teamMain: true, teamId: 't1' };
const room: RcRoom = {
    _id: 'r1',
    t: 'p',
    name: 'd-1',
    fname: 'Discussion',
    usersCount: 1,
    msgs: 3,
    ts: '2024-01-01T00:00:00.000Z',
    _updatedAt: '2024-01-02T00:00:00.000Z',
    u: { _id: 'u1', username: 'alice' },
    prid: 'r0',
    encrypted: true,
    e2eKeyId: 'abc123def456',
    usersWaitingForE2EKeys: [{ userId: 'u2', ts: '2024-01-01T00:00:00.000Z' }],
};
const lookup = { userById: (id: string) => (id === 'u1' ? alice : undefined), roomById: (id: string) => ({ r0: parent, r1: room })[id] };

describe('converters (apps/meteor/app/apps/server/converters)', () => {
    const conv = new AppConverters(lookup);

    it('puts encrypted and e2eKeyId of a room into _unmappedProperties_', async () => {
        const app = (await conv.roomToApp(room)) as Record<string, unknown>;
        expect(app.type).toBe('p');
        expect(app.id).toBe('r1');
        expect(app.displayName).toBe('Discussion');
        expect(app.slugifiedName).toBe('d-1');
        expect((app.parentRoom as Record<string, unknown>).id).toBe('r0');
        expect((app.parentRoom as Record<string, unknown>).isTeamMain).toBe(true);
        expect((app.creator as Record<string, unknown>).username).toBe('alice');
        expect(app.createdAt).toBeInstanceOf(Date);
        expect(app).not.toHaveProperty('encrypted');
        expect(app._unmappedProperties_).toEqual({
            encrypted: true,
            e2eKeyId: 'abc123def456',
            usersWaitingForE2EKeys: [{ userId: 'u2', ts: '2024-01-01T00:00:00.000Z' }],
            usersCount: 1,
        });
    });

    it('drops unmapped properties when converting a room back partially', async () => {
        const app = (await conv.roomToApp(room)) as Record<string, unknown>;
        expect(conv.roomFromApp(app, true)).not.toHaveProperty('encrypted');
        expect(conv.roomFromApp(app)).toMatchObject({ encrypted: true, prid: 'r0', t: 'p', fname: 'Discussion' });
    });

    it('converts attachments as _convertAttachmentsToApp does, and back as _convertAppAttachments does', async () => {
        const attachment = { title: 'report', type: 'file', title_link: '/file-upload/f1/report', title_link_download: true, format: 'PDF', size: 12, fileId: 'f1', text: 'hi', author_name: 'bob' };
        const msg: RcMessage = { _id: 'm2', rid: 'r1', msg: '', ts: '2024-01-01T00:00:00.000Z', _updatedAt: '2024-01-01T00:00:00.000Z', u: { _id: 'u1', username: 'alice' }, attachments: [attachment] };
        const app = (await conv.messageToApp(msg)) as { attachments: Array<Record<string, unknown>> };
        expect(app.attachments).toEqual([
            {
                title: { value: 'report', link: '/file-upload/f1/report', displayDownloadLink: true },
                author: { name: 'bob', link: undefined, icon: undefined },
                type: 'file',
                text: 'hi',
                _unmappedProperties_: { format: 'PDF', size: 12, fileId: 'f1' },
            },
        ]);
        expect((conv.messageFromApp(app as never) as RcMessage).attachments).toEqual([attachment]);
    });

    it('maps t to type, msg to text, and keeps content/e2e/e2eMentions unmapped', async () => {
        const msg: RcMessage = {
            _id: 'm1',
            rid: 'r1',
            msg: '',
            t: 'e2e',
            e2e: 'pending',
            content: { algorithm: 'rc.v2.aes-sha2', kid: 'k', iv: 'iv', ciphertext: 'ct' },
            e2eMentions: { e2eUserMentions: ['@bob'] },
            ts: '2024-01-01T00:00:00.000Z',
            _updatedAt: '2024-01-01T00:00:00.000Z',
            u: { _id: 'u1', username: 'alice' },
        };
        const app = (await conv.messageToApp(msg)) as Record<string, unknown>;
        expect(app.type).toBe('e2e');
        expect(app.text).toBe('');
        expect((app.room as Record<string, unknown>).id).toBe('r1');
        expect((app.sender as Record<string, unknown>).username).toBe('alice');
        expect(app._unmappedProperties_).toEqual({ e2e: 'pending', content: msg.content, e2eMentions: msg.e2eMentions });

        // convertAppMessage does not map `type` back: the message loses `t`
        const back = conv.messageFromApp(app) as Record<string, unknown>;
        expect(back.t).toBeUndefined();
        expect(back).toMatchObject({ _id: 'm1', rid: 'r1', msg: '', e2e: 'pending', content: msg.content });
        expect(() => conv.messageFromApp({ text: 'x' })).toThrow('Invalid room provided on the message.');
    });

    it('converts users with language preference and type', () => {
        const app = conv.userToApp({ ...alice, settings: { preferences: { language: 'de' } }, federated: true }) as Record<string, unknown>;
        expect(app).toMatchObject({ id: 'u1', username: 'alice', type: 'user', isEnabled: true, isFederated: true, settings: { preferences: { language: 'de' } } });
    });
});
