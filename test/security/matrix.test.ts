// Authorization matrix: every action × every kind of person × every kind of room × every policy value × two
// role-permission tables (Rocket.Chat's defaults and a customised one), through the real Apps-Engine runtime,
// compared with the oracle of test/oracle/authorization.ts (Rocket.Chat's rules, not the app's code).
//
// The whole cross product (9 actions × 10 people × 12 rooms × 4 policies × 2 tables × room state × E2E_Enable
// × service account = 69,120 cases) takes too long on two cores, so:
// - the full product for the cheap, read-only actions (the status command and button);
// - the full product of the slash-command toggles over people × rooms × tables (policy optional, from the
//   opposite state, so every authorization decision runs up to the REST call);
// - a 3-wise covering array over everything: every combination of values of any three factors (so every
//   action by every kind of person in every kind of room, every action under every policy and table and
//   room state, ...) appears in at least one case.
// After every case: what the person was told (one private notice, the expected text, never the success
// text when refused), the audit record written, and that nothing changed in rooms, keys or tokens unless the
// expected outcome is that change.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { RcRoom, RcUser } from '../../workspace/Workspace';
import type { Cast, PersonKind, RoomKindName } from '../harness/cast';
import { buildCast, castPeople, castRooms, OFFICER_ROLE, PERSON_KINDS, personFacts, ROOM_KINDS, roomFacts } from '../harness/cast';
import { isText } from '../harness/texts';
import type { Harness } from '../harness/workspace';
import { auditSince, dialogIds, fingerprint, mark, newResetDialogs, permissionTable, restorePermissions, startHarness, submitAs, toldSince } from '../harness/workspace';
import type { Action, Expected, PermissionTable, Policy, WorkspaceFacts } from '../oracle/authorization';
import { ACTIONS, auditedAction, EDIT_ROOM, expectedOutcome, mayOpenDialog, POLICY_VALUES, refusalKey, RESET_KEYS, successKey, TOGGLE_E2E, wantsEncrypted } from '../oracle/authorization';
import { LeakScanner, report, scanAfterEachTest } from './support/leaks';
import { coveringArray, uncoveredTuples } from './support/pairwise';

const LANES = 4;
const TABLES = ['default', 'custom'] as const;
type TableName = (typeof TABLES)[number];

interface MatrixCase {
    readonly action: Action;
    readonly person: PersonKind;
    readonly room: RoomKindName;
    readonly policy: Policy;
    readonly table: TableName;
    /** the room's encryption before the action */
    readonly encrypted: boolean;
    readonly e2eEnable: boolean;
    readonly serviceConfigured: boolean;
}

const scanner = new LeakScanner();
let h: Harness;
let lanes: Array<Cast>;
const tables = {} as Record<TableName, PermissionTable>;

/**
 * The customised table: the room toggle moves from owners to moderators, leaders may edit rooms but not
 * toggle, key administration moves from admins to a custom global role, and a room-scoped role
 * (moderator) is listed for key administration, which must not count (the permission is checked
 * without a room). Bots lose view-joined-room: without view-p-room either, their private rooms are no
 * longer theirs to see, while public rooms (view-c-room) and direct messages (view-d-room) stay.
 */
function customise(): void {
    const { ws } = h;
    ws.revokePermission('view-joined-room', 'bot');
    ws.grantPermission(TOGGLE_E2E, 'moderator');
    ws.revokePermission(TOGGLE_E2E, 'owner');
    ws.grantPermission(EDIT_ROOM, 'leader');
    ws.grantPermission(TOGGLE_E2E, OFFICER_ROLE);
    ws.grantPermission(RESET_KEYS, OFFICER_ROLE);
    ws.revokePermission(RESET_KEYS, 'admin');
    ws.grantPermission(RESET_KEYS, 'moderator');
}

beforeAll(async () => {
    h = await startHarness();
    scanner.register('service token', h.token);
    lanes = [];
    for (let i = 0; i < LANES; i++) {
        lanes.push(await buildCast(h.ws, i));
    }
    tables.default = permissionTable(h.ws);
    customise();
    tables.custom = permissionTable(h.ws);
    restorePermissions(h.ws, tables.default);
}, 60000);

afterAll(async () => {
    report('matrix total', { cases: Object.values(counts).reduce((a, b) => a + b, 0), ...counts });
    await h?.ws.stop();
});

// ------------------------------------------------------------------------------------------ settings
let applied: { policy?: Policy; table?: TableName; e2eEnable?: boolean; serviceConfigured?: boolean } = {};

async function apply(c: Pick<MatrixCase, 'policy' | 'table' | 'e2eEnable' | 'serviceConfigured'>): Promise<void> {
    const { ws } = h;
    const tableChanged = applied.table !== c.table;
    if (tableChanged) {
        restorePermissions(ws, tables[c.table]);
    }
    if (applied.policy !== c.policy || tableChanged) {
        // Any setting update also empties the app's permission cache, so a new table is seen at once.
        for (const id of ['policy_direct', 'policy_private_channel', 'policy_private_team', 'policy_discussion']) {
            await ws.setAppSetting(id, c.policy);
        }
    }
    if (applied.serviceConfigured !== c.serviceConfigured) {
        await ws.setAppSetting('service_token', c.serviceConfigured ? h.token : '');
    }
    ws.setServerSetting('E2E_Enable', c.e2eEnable);
    applied = { policy: c.policy, table: c.table, e2eEnable: c.e2eEnable, serviceConfigured: c.serviceConfigured };
}

function facts(c: MatrixCase): WorkspaceFacts {
    return {
        policies: { direct: c.policy, private_channel: c.policy, private_team: c.policy, discussion: c.policy },
        e2eEnable: c.e2eEnable,
        serviceConfigured: c.serviceConfigured,
        table: tables[c.table],
    };
}

// ------------------------------------------------------------------------------------------ one case
/** The first person of the lane who may open a reset dialog under these facts. */
function dialogOpener(lane: Cast, room: RcRoom, user: RcUser, workspace: WorkspaceFacts): RcUser {
    if (mayOpenDialog(personFacts(h.ws, user, room), workspace)) {
        return user;
    }
    const opener = PERSON_KINDS.map((k) => lane.people[k]).find((p) => mayOpenDialog(personFacts(h.ws, p, room), workspace));
    if (!opener) {
        throw new Error('nobody may open a reset dialog under this table');
    }
    return opener;
}

async function perform(c: MatrixCase, user: RcUser, room: RcRoom, lane: Cast): Promise<void> {
    const { ws } = h;
    switch (c.action) {
        case 'status':
        case 'enable':
        case 'disable':
            return ws.runSlashCommand(user, room, `/e2e ${c.action}`);
        case 'reset-key':
            return ws.runSlashCommand(user, room, `/e2e reset-key @${lane.target.username}`);
        case 'audit':
            return ws.runSlashCommand(user, room, '/e2e audit 1');
        case 'e2e-status':
        case 'e2e-enable':
        case 'e2e-disable':
            await ws.clickRoomAction(user, room, c.action);
            return;
        case 'modal-submit':
            throw new Error('dialog submissions are performed by runCase');
    }
}

const describeCase = (c: MatrixCase) =>
    `${c.action} by ${c.person} in ${c.room} [policy ${c.policy}, ${c.table} table, ${c.encrypted ? 'encrypted' : 'unencrypted'}, E2E_Enable ${c.e2eEnable ? 'on' : 'off'}, service ${c.serviceConfigured ? 'configured' : 'unconfigured'}]`;

/** Runs one case: what was expected, and what went wrong (undefined when nothing did). */
async function runCase(lane: Cast, c: MatrixCase): Promise<{ expected: Expected; problem?: string }> {
    const { ws } = h;
    const user = lane.people[c.person];
    const room = lane.rooms[c.room];
    const stored = ws.room(room._id) as RcRoom;
    stored.encrypted = c.encrypted;
    const workspace = facts(c);
    const scope = { rooms: castRooms(lane), users: [...castPeople(lane), h.svc] };

    let expected: Expected;
    let dialog: { opener: RcUser; id: string } | undefined;
    if (c.action === 'modal-submit') {
        const target = ws.user(lane.target._id) as RcUser;
        if (!target.e2e) {
            ws.setUserE2EKeys(target);
            ws.loginToken(target);
        }
        const opener = dialogOpener(lane, room, user, workspace);
        const known = dialogIds(ws, opener);
        await ws.runSlashCommand(opener, room, `/e2e reset-key @${lane.target.username}`);
        const opened = newResetDialogs(ws, opener, known);
        if (opened.length !== 1) {
            return { expected: { result: 'dialog' }, problem: `${describeCase(c)}: the dialog did not open for ${opener.username}` };
        }
        dialog = { opener, id: opened[0].id };
        expected = expectedOutcome({ action: c.action, person: personFacts(ws, user, room), room: roomFacts(ws, room), workspace, ownDialog: opener === user });
    } else {
        expected = expectedOutcome({ action: c.action, person: personFacts(ws, user, room), room: roomFacts(ws, room), workspace });
    }

    const before = fingerprint(ws, scope.rooms, scope.users);
    const knownDialogs = dialogIds(ws, user);
    const since = mark(h.ws);
    if (dialog) {
        const view = ws.openModals(dialog.opener).find((m) => m.id === dialog?.id);
        if (!view) {
            return { expected, problem: `${describeCase(c)}: the dialog vanished` };
        }
        await (dialog.opener === user ? ws.submitModal(user, view.id, {}) : submitAs(ws, user, view));
    } else {
        await perform(c, user, room, lane);
    }
    const told = toldSince(h.ws, since, user);
    const audits = auditSince(h.ws, since, user);
    const opened = newResetDialogs(ws, user, knownDialogs);
    const changed = fingerprint(ws, scope.rooms, scope.users) !== before;
    const problems: Array<string> = [];
    const expectTold = (keys: ReadonlyArray<Parameters<typeof isText>[0]>) => {
        if (told.length !== 1 || told[0].trim() === '') {
            problems.push(`told ${told.length} times`);
        } else if (!keys.some((key) => isText(key, told[0].split('\n')[0]))) {
            problems.push(`told "${told[0].split('\n')[0]}", not ${keys.join(' | ')}`);
        }
    };

    switch (expected.result) {
        case 'answered':
            expectTold(c.action === 'audit' ? ['audit_header', 'audit_empty'] : ['status_encrypted', 'status_not_encrypted']);
            if (changed) {
                problems.push('state changed');
            }
            if (audits.length) {
                problems.push(`audited ${JSON.stringify(audits)}`);
            }
            break;
        case 'dialog':
            if (told.length) {
                problems.push(`told ${JSON.stringify(told)}`);
            }
            if (opened.length !== 1) {
                problems.push(`${opened.length} dialogs opened`);
            }
            if (changed) {
                problems.push('state changed');
            }
            if (audits.length) {
                problems.push(`audited ${JSON.stringify(audits)}`);
            }
            break;
        case 'done': {
            expectTold([successKey(c.action) as NonNullable<ReturnType<typeof successKey>>]);
            if (c.action === 'modal-submit') {
                if ((ws.user(lane.target._id) as RcUser).e2e !== undefined) {
                    problems.push('the key was not reset');
                }
            } else if ((ws.room(room._id) as RcRoom).encrypted !== wantsEncrypted(c.action)) {
                problems.push('the room encryption was not changed');
            }
            if (audits.length !== 1 || audits[0].action !== auditedAction(c.action) || audits[0].outcome !== 'done') {
                problems.push(`audited ${JSON.stringify(audits)}`);
            }
            break;
        }
        case 'refused': {
            expectTold([refusalKey(c.action, expected.reason)]);
            const success = successKey(c.action);
            if (success && told.some((t) => isText(success, t))) {
                problems.push('told success');
            }
            if (changed) {
                problems.push('state changed');
            }
            if (opened.length) {
                problems.push('a dialog opened');
            }
            const wanted = expected.audited ? [{ action: auditedAction(c.action), outcome: 'refused', reason: expected.reason }] : [];
            const got = audits.map((a) => ({ action: a.action, outcome: a.outcome, reason: a.reason }));
            if (JSON.stringify(got) !== JSON.stringify(wanted)) {
                problems.push(`audited ${JSON.stringify(got)}, expected ${JSON.stringify(wanted)}`);
            }
            break;
        }
    }
    // Leave nothing pending: a dialog that opened, or one left for its owner after a forged submission.
    for (const view of opened) {
        await ws.closeModal(user, view.id);
    }
    if (dialog && dialog.opener !== user && ws.openModals(dialog.opener).some((m) => m.id === dialog?.id)) {
        await ws.closeModal(dialog.opener, dialog.id);
    }
    const outcome = expected.result === 'refused' ? `refused (${expected.reason})` : expected.result;
    return { expected, problem: problems.length ? `${describeCase(c)}: expected ${outcome}; ${problems.join('; ')}` : undefined };
}

/** Runs cases grouped by their workspace settings, spread over the lanes, and returns the mismatches. */
async function runAll(cases: ReadonlyArray<MatrixCase>): Promise<{ mismatches: Array<string>; outcomes: Record<string, number> }> {
    const groups = new Map<string, Array<MatrixCase>>();
    for (const c of cases) {
        const key = `${c.table}|${c.policy}|${c.serviceConfigured}|${c.e2eEnable}`;
        groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const mismatches: Array<string> = [];
    const outcomes: Record<string, number> = {};
    for (const group of groups.values()) {
        await apply(group[0]);
        await Promise.all(
            lanes.map(async (lane, index) => {
                for (let i = index; i < group.length; i += lanes.length) {
                    const c = group[i];
                    const { expected, problem } = await runCase(lane, c);
                    const label = `${c.action === 'modal-submit' ? 'submission ' : ''}${expected.result === 'refused' ? `refused:${expected.reason}` : expected.result}`;
                    outcomes[label] = (outcomes[label] ?? 0) + 1;
                    if (problem) {
                        mismatches.push(problem);
                    }
                }
            }),
        );
    }
    return { mismatches, outcomes };
}

function product(actions: ReadonlyArray<Action>, policies: ReadonlyArray<Policy>): Array<MatrixCase> {
    const cases: Array<MatrixCase> = [];
    for (const table of TABLES) {
        for (const policy of policies) {
            for (const action of actions) {
                for (const person of PERSON_KINDS) {
                    for (const room of ROOM_KINDS) {
                        // Each toggle from the opposite state, so the whole path to the change runs.
                        cases.push({ action, person, room, policy, table, encrypted: action === 'disable' || action === 'e2e-disable', e2eEnable: true, serviceConfigured: true });
                    }
                }
            }
        }
    }
    return cases;
}

const counts: Record<string, number> = {};

async function check(label: string, cases: ReadonlyArray<MatrixCase>): Promise<void> {
    const started = Date.now();
    const { mismatches, outcomes } = await runAll(cases);
    counts[label] = cases.length;
    report(`matrix ${label}`, { cases: cases.length, mismatches: mismatches.length, ms: Date.now() - started });
    report(`matrix ${label} expected outcomes`, outcomes);
    expect(mismatches.slice(0, 30)).toEqual([]);
}

describe('authorization matrix', () => {
    it('full product of the read-only actions: status and the status button × people × rooms × policies × tables', async () => {
        const cases = product(['status', 'e2e-status'], POLICY_VALUES);
        expect(cases).toHaveLength(2 * PERSON_KINDS.length * ROOM_KINDS.length * POLICY_VALUES.length * TABLES.length);
        await check('full product (status, e2e-status)', cases);
    }, 120000);

    it('full product of the toggles: enable and disable × people × rooms × tables, from the opposite state', async () => {
        const cases = product(['enable', 'disable'], ['optional']);
        expect(cases).toHaveLength(2 * PERSON_KINDS.length * ROOM_KINDS.length * TABLES.length);
        await check('full product (enable, disable)', cases);
    }, 120000);

    it('3-wise over every action (buttons and dialog submissions too) × people × rooms × policies × tables × room state × E2E_Enable × service account', async () => {
        const factors = {
            action: ACTIONS,
            person: PERSON_KINDS,
            room: ROOM_KINDS,
            policy: POLICY_VALUES,
            table: TABLES,
            encrypted: [false, true],
            e2eEnable: [true, false],
            serviceConfigured: [true, false],
        } as const;
        // A dialog can only be opened with a configured service account.
        const excluded = (a: readonly [string, unknown], b: readonly [string, unknown]) =>
            [a, b].some(([f, v]) => f === 'action' && v === 'modal-submit') && [a, b].some(([f, v]) => f === 'serviceConfigured' && v === false);
        const cases = coveringArray(factors, { strength: 3, seed: 6, candidates: 2, excluded }) as Array<MatrixCase>;
        expect(uncoveredTuples(factors, cases, 3, excluded)).toEqual([]);
        await check('3-wise', cases);
    }, 120000);
});

scanAfterEachTest(() => h?.ws, scanner);
