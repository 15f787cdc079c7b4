// `/e2e enforce` in the real runtime: the confirmation dialog, the background run on the apps scheduler (each room
// switched once through rooms.saveRoomSettings, at the set rate, with notices and audit records), status, cancel,
// two administrators confirming at once, and who may enforce (global roles only).
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import type { ModalView, RcRoom, RcUser } from '../../workspace/Workspace';
import type { Key } from '../harness/texts';
import { isText, say } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditSince, command, mark, START_TIMEOUT, startHarness, runState, submitAs, toldSince, waitFor, waitForRunEnd } from '../harness/workspace';

let h: Harness;
let chief: RcUser;
let deputy: RcUser;
let ops: RcRoom;
let serial = 0;

const KINDS = { direct: 'policy_direct', private_channel: 'policy_private_channel', private_team: 'policy_private_team', discussion: 'policy_discussion' } as const;

beforeAll(async () => {
    h = await startHarness();
    const { ws } = h;
    chief = ws.createUser({ username: 'chief', roles: ['admin', 'user'] });
    deputy = ws.createUser({ username: 'deputy', roles: ['admin', 'user'] });
    ops = await ws.createRoom('private', { name: 'ops', owner: chief, members: [deputy] });
    await ws.setAppSetting('enforcement_rate', 50);
}, START_TIMEOUT);

afterAll(async () => {
    await h?.ws.stop();
});

afterEach(async () => {
    const { ws } = h;
    for (const person of [chief, deputy]) {
        for (const modal of ws.openModals(person)) {
            await ws.closeModal(person, modal.id);
        }
    }
    ws.clearFaults();
    if (runState(ws, 'enforce')?.status === 'running') {
        await waitForRunEnd(ws, 'enforce');
    }
    for (const id of Object.values(KINDS)) {
        await ws.setAppSetting(id, 'optional');
    }
    await ws.setAppSetting('enforcement_rate', 50);
}, 60000);

type Kind = keyof typeof KINDS;

/** The rooms of a supported kind in the model that do not have the state `wanted`. */
function outOfLine(kind: Kind, wanted: boolean): Array<RcRoom> {
    const { ws } = h;
    const bot = ws.appUser()?._id ?? '-';
    return [...ws.server.model.rooms.values()].filter((r) => {
        const k = r.t === 'd' ? 'direct' : r.t !== 'p' ? undefined : r.prid ? 'discussion' : r.teamMain ? 'private_team' : 'private_channel';
        return k === kind && Boolean(r.encrypted) !== wanted && !(r.t === 'd' && (r.uids ?? []).includes(bot));
    });
}

/** Runs `/e2e enforce <scope>` as `who` and returns the dialog it opened (exactly one) and what `who` was told. */
async function openDialog(who: RcUser, scope: string): Promise<{ modal?: ModalView; told: Array<string> }> {
    const { ws } = h;
    const known = new Set(ws.openModals(who).map((m) => m.id));
    const since = mark(ws);
    await ws.runSlashCommand(who, ops, `/e2e enforce ${scope}`);
    const opened = ws.openModals(who).filter((m) => !known.has(m.id));
    expect(opened.length).toBeLessThanOrEqual(1);
    return { modal: opened[0], told: toldSince(ws, since, who) };
}

function blocks(modal: ModalView): Array<string> {
    return (modal.view as { blocks: Array<{ text: { text: string } }> }).blocks.map((b) => b.text.text);
}

/** room_e2e_* system messages the service account posted in `room` (each one is a change made). */
function changesIn(room: RcRoom): number {
    return h.ws.messages(room).filter((m) => (m.t === 'room_e2e_enabled' || m.t === 'room_e2e_disabled') && m.u._id === h.svc._id).length;
}

describe('the dialog', () => {
    it('says how many rooms are switched on or off, at what rate, how long, and what members will see; nothing changes yet', async () => {
        const { ws } = h;
        serial += 1;
        ws.seedRoomKinds({ prefix: `d${serial}`, users: 10, rooms: { private: { count: 9, encrypted: 3 }, dm: { count: 4, encrypted: 4 } } });
        await ws.setAppSetting('policy_private_channel', 'required');
        await ws.setAppSetting('policy_direct', 'disabled');
        await ws.setAppSetting('enforcement_rate', 2);
        const on = outOfLine('private_channel', true).length;
        const off = outOfLine('direct', false).length;
        const since = mark(ws);
        const { modal, told } = await openDialog(chief, 'all');
        expect(told).toEqual([]);
        expect(modal?.id.startsWith('e2ee-enforce-')).toBe(true);
        const view = (modal as ModalView).view as { title: { text: string }; submit: { text: { text: string } }; close: { text: { text: string } } };
        expect(view.title.text).toBe(say('enforce_modal_title'));
        expect([view.submit.text.text, view.close.text.text]).toEqual([say('enforce_modal_submit'), say('enforce_modal_cancel')]);
        const minutes = Math.ceil((on + off) / 2);
        expect(blocks(modal as ModalView)).toEqual([
            say('enforce_modal_switch_off', { kind: say('kinds_direct'), count: off, policy: say('policy_name_disabled') }),
            say('enforce_modal_switch_on', { kind: say('kinds_private_channel'), count: on, policy: say('policy_name_required') }),
            say('enforce_unenforced', { kind: say('kinds_private_team'), policy: say('policy_name_optional') }),
            say('enforce_unenforced', { kind: say('kinds_discussion'), policy: say('policy_name_optional') }),
            say('enforce_modal_pace', { rate: 2, duration: say('duration_seconds', { n: minutes }) }),
            say('enforce_modal_history_on'),
            say('enforce_modal_password'),
            say('enforce_modal_history_off'),
            say('enforce_modal_follow'),
        ]);
        expect(ws.rest.requests.slice(since.requests).filter((r) => r.path.endsWith('rooms.saveRoomSettings'))).toEqual([]);
        expect(ws.jobs().filter((j) => j.processorId === 'e2ee-enforcement')).toEqual([]);
        await ws.closeModal(chief, (modal as ModalView).id);
        // closing forgets it: submitting it afterwards starts nothing
        expect(toldSince(ws, since, chief)).toEqual([]);
    });

    it('is not opened when the policy enforces nothing, or every room is already in line', async () => {
        const { ws } = h;
        const none = await openDialog(chief, 'private-team');
        expect(none.modal).toBeUndefined();
        expect(none.told).toEqual([[say('enforce_nothing'), say('enforce_unenforced', { kind: say('kinds_private_team'), policy: say('policy_name_optional') })].join('\n')]);
        await ws.setAppSetting('policy_private_team', 'disabled');
        const inLine = await openDialog(chief, 'private-team');
        expect(inLine.modal).toBeUndefined();
        expect(inLine.told).toEqual([say('enforce_in_line')]);
    });
});

describe('a run', () => {
    it('switches every room out of line once, at the set rate, tells the administrator as it goes, and audits it', async () => {
        const { ws } = h;
        serial += 1;
        const seeded = ws.seedRoomKinds({ prefix: `r${serial}`, rooms: { private: { count: 40, encrypted: 10 } } });
        await ws.setAppSetting('policy_private_channel', 'required');
        await ws.setAppSetting('enforcement_rate', 20);
        const targets = outOfLine('private_channel', true);
        expect(targets.length).toBeGreaterThanOrEqual(30);
        const { modal } = await openDialog(chief, 'private-channel');
        const since = mark(ws);
        await ws.submitModal(chief, (modal as ModalView).id, {});
        expect(toldSince(ws, since, chief)[0]).toBe(
            say('enforce_started', { count: targets.length, rate: 20, duration: say('duration_seconds', { n: Math.ceil(targets.length / 20) }) }),
        );
        await waitForRunEnd(ws, 'enforce');
        // every room of the kind is encrypted now, each changed exactly once, by the service account
        expect(outOfLine('private_channel', true)).toEqual([]);
        expect(targets.map(changesIn)).toEqual(targets.map(() => 1));
        expect(seeded.roomIds.private.filter((id) => !targets.some((t) => t._id === id)).map((id) => changesIn(ws.room(id) as RcRoom))).toEqual(
            seeded.roomIds.private.filter((id) => !targets.some((t) => t._id === id)).map(() => 0),
        );
        // at most 20 changes a second: n calls take at least (n - 1) / 20 seconds
        const calls = ws.rest.requests.slice(since.requests).filter((r) => r.path.endsWith('rooms.saveRoomSettings'));
        expect(calls.length).toBe(targets.length);
        const spanMs = Date.parse(calls[calls.length - 1].at) - Date.parse(calls[0].at);
        expect(spanMs).toBeGreaterThanOrEqual(((calls.length - 1) / 20) * 1000 - 50);
        // told: started, progress at least every tenth, then the end
        const told = toldSince(ws, since, chief);
        expect(told.slice(1, -1).every((line) => isText('enforce_progress', line))).toBe(true);
        expect(told.length - 2).toBeGreaterThanOrEqual(1);
        expect(told[told.length - 1]).toBe(say('enforce_done', { switched: targets.length, failed: 0, left: 0 }));
        // audited: the start, the switched rooms aggregated (counts add up), the end
        const records = auditSince(ws, since);
        expect(records[0]).toMatchObject({ action: 'enforce-start', outcome: 'done', actorId: chief._id, count: targets.length });
        const switched = records.filter((r) => r.action === 'enforce');
        expect(switched.every((r) => r.outcome === 'done' && r.reason === 'policy-required' && r.actorId === chief._id)).toBe(true);
        expect(switched.reduce((n, r) => n + (r.count ?? 0), 0)).toBe(targets.length);
        expect(switched.length).toBeLessThan(targets.length);
        expect(records[records.length - 1]).toMatchObject({ action: 'enforce-end', outcome: 'done', count: targets.length });
        // nothing reverted, and no job left behind but the app's recurring one
        expect(records.filter((r) => r.action === 'revert')).toEqual([]);
        await waitFor(() => ws.jobs().filter((j) => j.type === 'normal' && j.processorId === 'e2ee-enforcement').length === 0, 'the last slice to leave the scheduler');
    }, 60000);

    it('turns encryption off under disabled, and leaves the app’s own direct message alone', async () => {
        const { ws } = h;
        serial += 1;
        ws.seedRoomKinds({ prefix: `off${serial}`, users: 10, rooms: { dm: { count: 6, encrypted: 6 } } });
        await ws.setAppSetting('policy_direct', 'disabled');
        const targets = outOfLine('direct', false);
        const { modal } = await openDialog(chief, 'direct');
        expect(blocks(modal as ModalView)[0]).toBe(say('enforce_modal_switch_off', { kind: say('kinds_direct'), count: targets.length, policy: say('policy_name_disabled') }));
        await ws.submitModal(chief, (modal as ModalView).id, {});
        await waitForRunEnd(ws, 'enforce');
        expect(outOfLine('direct', false)).toEqual([]);
        expect(targets.map((r) => ws.messages(r).filter((m) => m.t === 'room_e2e_disabled').length)).toEqual(targets.map(() => 1));
    }, 60000);

    it('can be followed with status and stopped with cancel; the end is told to whoever started it', async () => {
        const { ws } = h;
        serial += 1;
        ws.seedRoomKinds({ prefix: `c${serial}`, rooms: { private: { count: 60 } } });
        await ws.setAppSetting('policy_private_channel', 'required');
        await ws.setAppSetting('enforcement_rate', 5);
        const expected = outOfLine('private_channel', true).length;
        expect(await command(ws, chief, ops, 'enforce status')).toMatch(/./);
        const { modal } = await openDialog(chief, 'private-channel');
        const since = mark(ws);
        await ws.submitModal(chief, (modal as ModalView).id, {});
        await waitFor(() => expected - outOfLine('private_channel', true).length >= 3, 'a few rooms switched', 10000);
        const status = (await command(ws, deputy, ops, 'enforce status')).split('\n');
        expect(isText('enforce_status_running', status[0])).toBe(true);
        expect(status[0]).toContain('@chief');
        expect(isText('enforce_progress', status[1])).toBe(true);
        expect(isText('enforce_status_eta', status[2])).toBe(true);
        // a second enforcement while this one runs is told so
        const second = await openDialog(deputy, 'private-channel');
        expect(second.modal).toBeUndefined();
        expect(isText('enforce_busy', second.told[0].split('\n')[0])).toBe(true);

        const cancelled = (await command(ws, deputy, ops, 'enforce cancel')).split('\n');
        const left = outOfLine('private_channel', true).length;
        const switched = expected - left;
        expect(cancelled[0]).toBe(say('enforce_cancelled', { username: deputy.username, switched, failed: 0, left }));
        // nothing changes after the cancel: no job left, no more calls
        const after = mark(ws);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(outOfLine('private_channel', true).length).toBe(left);
        expect(ws.rest.requests.slice(after.requests).filter((r) => r.path.endsWith('rooms.saveRoomSettings'))).toEqual([]);
        expect(ws.jobs().filter((j) => j.processorId === 'e2ee-enforcement')).toEqual([]);
        // the starter is told too, and status shows how it ended
        expect(toldSince(ws, since, chief)).toContain(cancelled.join('\n'));
        const ended = (await command(ws, chief, ops, 'enforce status')).split('\n');
        expect(isText('enforce_status_ended', ended[0])).toBe(true);
        expect(ended[1]).toBe(cancelled[0]);
        expect(auditSince(ws, since, deputy).map((r) => [r.action, r.outcome, r.count])).toEqual([['enforce-cancel', 'done', switched]]);
        expect(await command(ws, deputy, ops, 'enforce cancel')).toBe(say('enforce_not_running'));
    }, 60000);

    it('starts once when two administrators confirm at the same moment', async () => {
        const { ws } = h;
        serial += 1;
        ws.seedRoomKinds({ prefix: `two${serial}`, rooms: { private: { count: 12 } } });
        await ws.setAppSetting('policy_private_channel', 'required');
        const targets = outOfLine('private_channel', true);
        const first = await openDialog(chief, 'private-channel');
        const second = await openDialog(deputy, 'private-channel');
        const since = mark(ws);
        await Promise.all([ws.submitModal(chief, (first.modal as ModalView).id, {}), ws.submitModal(deputy, (second.modal as ModalView).id, {})]);
        const answers = [toldSince(ws, since, chief)[0], toldSince(ws, since, deputy)[0]];
        expect(answers.filter((a) => isText('enforce_started', a))).toHaveLength(1);
        expect(answers.filter((a) => isText('enforce_busy', a.split('\n')[0]))).toHaveLength(1);
        await waitForRunEnd(ws, 'enforce');
        expect(targets.map(changesIn)).toEqual(targets.map(() => 1));
        expect(auditSince(ws, since).filter((r) => r.action === 'enforce-start')).toHaveLength(1);
    }, 60000);

    it('refuses a dialog submitted after the policy changed, or by someone else', async () => {
        const { ws } = h;
        serial += 1;
        ws.seedRoomKinds({ prefix: `pc${serial}`, rooms: { private: { count: 3 } } });
        await ws.setAppSetting('policy_private_channel', 'required');
        const { modal } = await openDialog(chief, 'private-channel');
        const view = modal as ModalView;
        const since = mark(ws);
        await submitAs(ws, deputy, view);
        expect(toldSince(ws, since, deputy)).toEqual([say('reset_not_yours')]);
        await ws.setAppSetting('policy_private_channel', 'default');
        await ws.submitModal(chief, view.id, {});
        expect(toldSince(ws, since, chief)).toEqual([say('enforce_policy_changed')]);
        expect(ws.jobs().filter((j) => j.processorId === 'e2ee-enforcement')).toEqual([]);
        // answered: a replay is ignored (the app does not know the dialog any more, so not where to answer either)
        await submitAs(ws, chief, view);
        expect(toldSince(ws, since, chief).slice(1)).toEqual([]);
        expect(ws.jobs().filter((j) => j.processorId === 'e2ee-enforcement')).toEqual([]);
    });
});

describe('a run that cannot go on', () => {
    it('is not started while E2E_Enable is off', async () => {
        const { ws } = h;
        await ws.setAppSetting('policy_private_channel', 'required');
        ws.setServerSetting('E2E_Enable', false);
        try {
            const { modal, told } = await openDialog(chief, 'private-channel');
            expect(modal).toBeUndefined();
            expect(told).toEqual([say('toggle_workspace_off')]);
        } finally {
            ws.setServerSetting('E2E_Enable', true);
        }
    });

    it('stops after too many failures in a row, audits each failed room, and says why', async () => {
        const { ws } = h;
        serial += 1;
        ws.seedRoomKinds({ prefix: `f${serial}`, rooms: { private: { count: 30 } } });
        await ws.setAppSetting('policy_private_channel', 'required');
        const { modal } = await openDialog(chief, 'private-channel');
        ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 500 });
        const since = mark(ws);
        await ws.submitModal(chief, (modal as ModalView).id, {});
        const ended = await waitForRunEnd(ws, 'enforce');
        ws.clearFaults();
        expect(ended).toMatchObject({ status: 'stopped', stopReason: 'too-many-failures', failed: 20, switched: 0 });
        const told = toldSince(ws, since, chief);
        expect(told[told.length - 1].split('\n')[0]).toBe(
            say('enforce_stopped', { reason: say('run_stopped_too_many_failures'), switched: 0, failed: 20, left: (ended.expected as number) }),
        );
        const records = auditSince(ws, since);
        const failures = records.filter((r) => r.action === 'enforce');
        expect(failures).toHaveLength(20);
        expect(failures.every((r) => r.outcome === 'failed' && r.reason === 'server-error' && typeof r.roomId === 'string' && r.actorId === chief._id)).toBe(true);
        expect(records[records.length - 1]).toMatchObject({ action: 'enforce-end', outcome: 'failed', reason: 'too-many-failures', count: 0 });
    }, 60000);
});

describe('who may enforce', () => {
    it.each<[string, () => RcUser, Key | 'allowed']>([
        ['an administrator', () => chief, 'allowed'],
        ['a custom global role with the three permissions', () => h.ws.createUser({ username: `enforcer-${++serial}`, roles: ['user', 'enforcer'] }), 'allowed'],
        ['the owner of every room (room roles do not count)', () => h.ws.createUser({ username: `roomowner-${++serial}` }), 'not_allowed'],
        ['a user', () => h.ws.createUser({ username: `plain-${++serial}` }), 'not_allowed'],
    ])('%s', async (_name, who, expected) => {
        const { ws } = h;
        if (!ws.server.model.roles.has('enforcer')) {
            ws.createRole('enforcer');
            for (const permission of ['view-room-administration', 'edit-room', 'toggle-room-e2e-encryption']) {
                ws.grantPermission(permission, 'enforcer');
            }
        }
        const person = who();
        serial += 1;
        await ws.setAppSetting('policy_private_channel', 'required');
        const room = await ws.createRoom('private', { name: `owned-${serial}`, owner: person, members: [chief] });
        await ws.settle();
        // an owner holds edit-room and toggle-room-e2e-encryption in that room, but not across the workspace
        const since = mark(ws);
        await ws.runSlashCommand(person, room, '/e2e enforce private-channel');
        const told = toldSince(ws, since, person);
        const dialogs = ws.openModals(person).filter((m) => m.id.startsWith('e2ee-enforce-'));
        if (expected === 'allowed') {
            expect(told).toEqual([]);
            expect(dialogs).toHaveLength(1);
        } else {
            expect(dialogs).toEqual([]);
            expect(told).toEqual([say(expected, { permissions: 'view-room-administration, edit-room, toggle-room-e2e-encryption' })]);
        }
        for (const modal of dialogs) {
            await ws.closeModal(person, modal.id);
        }
    });
});
