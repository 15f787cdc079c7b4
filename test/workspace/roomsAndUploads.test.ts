// The room reader's getAllRooms (filters, paging, the raw converter, the permission), the upload bridge (a file
// message in the app user's DM, read back) and rooms seeded by kind, in the real runtime with the probe app.
import fs from 'fs';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { Workspace } from '../../workspace/Workspace';
import type { RcRoom, RcUser } from '../../workspace/Workspace';
import { buildProbeZip } from './probeApp';

type Rec = Record<string, unknown>;
interface RawRow {
    id: string;
    type: string;
    name?: string;
    displayName?: string;
    parentRoomId?: string;
    isTeamMain?: boolean;
    hasUsernames: boolean;
    creator?: Rec;
    createdAtIsDate: boolean;
    encrypted: boolean;
    waiting: number;
    unmapped: string[];
}

const zip = buildProbeZip();

describe('getAllRooms and uploads (probe app)', () => {
    let ws: Workspace;
    let alice: RcUser;
    let bob: RcUser;
    let here: RcRoom;

    const last = (event: string): Rec => {
        const found = ws
            .persistedRecords()
            .map((r) => r.data as Rec)
            .filter((d) => d.event === event);
        return found[found.length - 1];
    };
    async function listRooms(filters: object, skip = 0, limit = 100): Promise<RawRow[]> {
        await ws.runSlashCommand(alice, here, `/probe rooms ${JSON.stringify(filters)} ${skip} ${limit}`);
        const rec = last('rooms');
        if (rec.error) {
            throw new Error(String(rec.error));
        }
        return rec.rows as RawRow[];
    }
    /** every page of a listing, as an app pages through it */
    async function listAll(filters: object, limit = 100): Promise<RawRow[]> {
        const all: RawRow[] = [];
        for (let skip = 0; ; skip += limit) {
            const page = await listRooms(filters, skip, limit);
            all.push(...page);
            if (page.length < limit) {
                return all;
            }
        }
    }

    const created: Record<string, RcRoom> = {};

    beforeAll(async () => {
        ws = await Workspace.start({ install: false, settings: { E2E_Enable: true } });
        await ws.installApp(zip);
        alice = ws.createUser({ username: 'alice', e2e: { public_key: 'pub', private_key: 'priv' } });
        bob = ws.createUser({ username: 'bob' });
        here = await ws.createRoom('public', { name: 'here', owner: alice });
        created.private = await ws.createRoom('private', { name: 'vault', owner: alice, members: [bob], encrypted: true });
        created.plain = await ws.createRoom('private', { name: 'plain', owner: alice });
        created.team = await ws.createRoom('private-team', { name: 'red-team', owner: alice });
        created.pubTeam = await ws.createRoom('public-team', { name: 'blue-team', owner: alice });
        created.discussion = await ws.createRoom('discussion', { name: 'side-talk', owner: alice, parent: created.plain });
        created.dm = await ws.createRoom('dm', { owner: alice, members: [bob] });
        ws.server.model.addUserIdToE2EEQueue(created.private, bob._id);
    }, 30000);

    afterAll(async () => {
        await ws?.stop();
    });

    it('lists every room through the raw converter: encrypted and waiting members in _unmappedProperties_', async () => {
        const rows = await listRooms({});
        expect(rows.map((r) => r.id).sort()).toEqual([...ws.server.model.rooms.keys()].sort());
        const vault = rows.find((r) => r.id === created.private._id) as RawRow;
        expect(vault).toMatchObject({ type: 'p', name: 'vault', displayName: 'vault', encrypted: true, waiting: 1, createdAtIsDate: true });
        expect(vault.unmapped).toEqual(expect.arrayContaining(['encrypted', 'usersCount', 'usersWaitingForE2EKeys']));
        expect(vault.unmapped).not.toContain('ts');
        // the creator is the room's own `u`, not a looked-up user
        expect(vault.creator).toEqual({ _id: alice._id, username: 'alice', name: 'alice' });
        const dm = rows.find((r) => r.id === created.dm._id) as RawRow;
        expect(dm).toMatchObject({ type: 'd', hasUsernames: true });
        expect(dm.unmapped).not.toContain('usernames');
        const discussion = rows.find((r) => r.id === created.discussion._id) as RawRow;
        expect(discussion).toMatchObject({ type: 'p', parentRoomId: created.plain._id, displayName: 'side-talk' });
        expect(rows.find((r) => r.id === created.team._id)?.isTeamMain).toBe(true);
    });

    it('filters by types, discussions and teams as RoomBridge.d.ts documents them', async () => {
        const ids = async (f: object) => (await listRooms(f)).map((r) => r.id).sort();
        const sorted = (...rooms: RcRoom[]) => rooms.map((r) => r._id).sort();
        expect(await ids({ types: ['d'] })).toEqual(sorted(created.dm));
        expect(await ids({ types: ['p'], discussions: false, teams: false })).toEqual(sorted(created.private, created.plain));
        expect(await ids({ types: ['p'], teams: true })).toEqual(sorted(created.team));
        expect(await ids({ types: ['p'], discussions: true })).toEqual(sorted(created.discussion));
        expect(await ids({ teams: true })).toEqual(sorted(created.team, created.pubTeam));
        expect(await ids({ types: ['c', 'p'], discussions: false })).toEqual(sorted(here, created.private, created.plain, created.team, created.pubTeam));
    });

    it('pages with skip and limit in a stable order; the engine refuses a limit outside 1..100', async () => {
        const all = (await listRooms({})).map((r) => r.id);
        const paged = (await listAll({}, 2)).map((r) => r.id);
        expect(paged).toEqual(all);
        expect((await listRooms({}, 1, 3)).map((r) => r.id)).toEqual(all.slice(1, 4));
        expect(await listRooms({}, 100, 10)).toEqual([]);
        await expect(listRooms({}, 0, 101)).rejects.toThrow('Invalid limit provided. Expected number between 1 and 100, got 101');
        await expect(listRooms({}, 0, 0)).rejects.toThrow('Invalid limit provided');
    });

    it('pages as a database skip does when rooms come and go between pages', async () => {
        const filter = { types: ['c'], teams: false, discussions: false };
        for (let i = 1; i <= 4; i++) {
            await ws.createRoom('public', { name: `pg-${i}`, owner: alice });
        }
        const names = async (skip: number, limit: number) => (await listRooms(filter, skip, limit)).map((r) => r.name);
        expect(await names(0, 2)).toEqual(['here', 'pg-1']);
        ws.server.model.rooms.delete(ws.server.model.roomByName('pg-1')?._id as string);
        // the next page of the changed set: here, pg-2, pg-3, pg-4 skipping 2
        expect(await names(2, 2)).toEqual(['pg-3', 'pg-4']);
        expect(await names(0, 2)).toEqual(['here', 'pg-2']);
        await ws.createRoom('public', { name: 'pg-5', owner: alice });
        expect(await names(2, 2)).toEqual(['pg-3', 'pg-4']);
        expect(await names(4, 2)).toEqual(['pg-5']);
    });

    it('uploads a file into the DM with the app user: a file message, readable back by the app and in the workspace', async () => {
        await ws.runSlashCommand(alice, here, '/probe upload alice report.csv room,encrypted');
        const rec = last('upload');
        expect(rec.error).toBeUndefined();
        const appUser = ws.appUser() as RcUser;
        const dm = ws.room(rec.roomId as string) as RcRoom;
        expect(dm).toMatchObject({ t: 'd', uids: expect.arrayContaining([appUser._id, alice._id]) });
        expect(dm.encrypted).toBeUndefined();
        expect(rec).toMatchObject({ name: 'report.csv', type: 'text/csv', size: 14, roomOfUpload: dm._id, user: appUser.username, readBack: 'room,encrypted' });
        const [upload] = ws.uploads(dm);
        expect(upload).toMatchObject({ _id: rec.id, name: 'report.csv', type: 'text/csv', size: 14, rid: dm._id, userId: appUser._id, extension: 'csv' });
        expect(ws.uploadContent(upload._id).toString('utf8')).toBe('room,encrypted');
        const [message] = ws.messages(dm);
        expect(message).toMatchObject({
            msg: '',
            groupable: false,
            u: { _id: appUser._id },
            file: { _id: upload._id, name: 'report.csv', type: 'text/csv', size: 14 },
            attachments: [
                { title: 'report.csv', type: 'file', format: 'CSV', title_link: `/file-upload/${upload._id}/report.csv`, title_link_download: true, size: 14, fileId: upload._id },
            ],
        });
        // a second upload reuses the DM
        await ws.runSlashCommand(alice, here, '/probe upload alice second.csv x');
        expect(last('upload').roomId).toBe(dm._id);
        expect(ws.uploads(dm)).toHaveLength(2);
    });

    it('refuses the file message in an encrypted DM (the file stays stored), and a DM with someone unknown', async () => {
        ws.setServerSetting('E2E_Enabled_Default_DirectRooms', true);
        try {
            await ws.runSlashCommand(alice, here, '/probe dm bob');
            const dm = last('dm');
            expect(dm.encrypted).toBe(true);
            const before = ws.uploads().length;
            await ws.runSlashCommand(alice, here, '/probe upload bob secret.csv a');
            expect(last('upload').error).toContain('Not allowed to send un-encrypted messages in an encrypted room');
            expect(ws.uploads()).toHaveLength(before + 1);
            expect(ws.messages(ws.room(dm.roomId as string) as RcRoom)).toEqual([]);
            await ws.runSlashCommand(alice, here, '/probe dm nobody');
            expect(String(last('dm').error)).toContain('Invalid user');
        } finally {
            ws.setServerSetting('E2E_Enabled_Default_DirectRooms', false);
        }
    });

    it('keeps uploads in the saved state', async () => {
        const state = ws.state();
        expect(state.model.uploads?.length).toBe(ws.uploads().length);
        expect(state.model.uploadContents?.map((c) => Buffer.from(c.base64, 'base64').toString('utf8'))).toContain('room,encrypted');
    });

    it('seeds rooms by kind with exact encrypted and waiting counts, listed by getAllRooms page by page', async () => {
        const seeded = ws.seedRoomKinds({
            prefix: 'bulk',
            users: 40,
            rooms: {
                dm: { count: 120, encrypted: 30, waiting: 7 },
                private: { count: 250, encrypted: 101, waiting: 13 },
                'private-team': { count: 30, encrypted: 10 },
                'private-discussion': { count: 45, encrypted: 45, waiting: 45 },
                public: 20,
            },
            discussionsPerParent: 20,
        });
        expect(seeded.parentIds).toHaveLength(3);
        const model = ws.server.model;
        const count = (ids: string[], pred: (r: RcRoom) => boolean) => ids.filter((id) => pred(model.roomById(id) as RcRoom)).length;
        expect(count(seeded.roomIds.private, (r) => r.encrypted === true)).toBe(101);
        expect(count(seeded.roomIds.private, (r) => (r.usersWaitingForE2EKeys ?? []).length > 0)).toBe(13);
        expect(count(seeded.roomIds.private, (r) => (r.usersWaitingForE2EKeys ?? []).length > 0 && r.encrypted !== true)).toBe(0);
        expect(count(seeded.roomIds.dm, (r) => r.encrypted === true)).toBe(30);
        expect(new Set(seeded.roomIds.dm).size).toBe(120);
        expect(model.subscriptionsByRoom(seeded.roomIds.dm[0])).toHaveLength(2);
        expect(model.subscriptionsByRoom(seeded.roomIds.private[0])[0].roles).toEqual(['owner']);

        const dms = await listAll({ types: ['d'] });
        expect(dms.filter((r) => seeded.roomIds.dm.includes(r.id)).map((r) => [r.encrypted, r.waiting > 0])).toHaveLength(120);
        expect(dms.filter((r) => r.encrypted).length).toBeGreaterThanOrEqual(30);
        const channels = await listAll({ types: ['p'], discussions: false, teams: false });
        const bulk = channels.filter((r) => r.name?.startsWith('bulk-private-'));
        expect(bulk).toHaveLength(250);
        expect(bulk.filter((r) => r.encrypted)).toHaveLength(101);
        expect(bulk.filter((r) => r.waiting > 0)).toHaveLength(13);
        const discussions = await listAll({ types: ['p'], discussions: true });
        expect(discussions.filter((r) => seeded.roomIds['private-discussion'].includes(r.id)).every((r) => r.encrypted && r.waiting === 1 && r.parentRoomId)).toBe(true);
        expect((await listAll({ types: ['p'], teams: true })).filter((r) => r.encrypted)).toHaveLength(10);
        expect(() => ws.seedRoomKinds({ rooms: { public: { count: 1, encrypted: 1 } } })).toThrow('public kinds');
    }, 60000);
});

describe('getAllRooms without room.system.view-all', () => {
    let ws: Workspace;

    afterAll(async () => {
        await ws?.stop();
    });

    it('answers nothing (the engine refuses and writes it to the server console; undefined reaches the app as null) instead of throwing', async () => {
        ws = await Workspace.start({ install: false });
        const granted = (await ws.engine.manifestPermissions(fs.readFileSync(zip))).filter((p) => p.name !== 'room.system.view-all');
        await ws.installApp(zip, granted);
        const alice = ws.createUser({ username: 'alice' });
        const room = await ws.createRoom('public', { name: 'x', owner: alice });
        await ws.runSlashCommand(alice, room, '/probe rooms {} 0 10');
        const rec = ws
            .persistedRecords()
            .map((r) => r.data as Rec)
            .find((d) => d.event === 'rooms');
        expect(rec).toEqual({ event: 'rooms', rows: 'null' });
    }, 30000);
});
