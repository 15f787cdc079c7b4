// Faults: the workspace REST API refusing (401, 403, 429, 500), hanging past the timeout, closing the connection,
// answering malformed JSON, answering late or slowly, on every route the app calls; the service token revoked
// mid-run; settings changed while commands run; the app's Deno child killed. Each time: the person is told why,
// the audit records the failure, nothing is reported done that was not, and the app keeps serving.
// `npm test` runs this file in a jest process of its own: it shortens the engine's runtime timeout for the process and
// kills Deno children, and after other suites in the same worker it failed now and then (a restarted child that
// answered but did not report itself enabled, a command past the shortened timeout); alone it never did.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Fault, ModalView, RcRoom, RcUser } from '../../workspace/Workspace';
import { statusLines } from '../harness/answers';
import { buildCast } from '../harness/cast';
import type { Key } from '../harness/texts';
import { isText, say } from '../harness/texts';
import type { Harness, Mark } from '../harness/workspace';
import {
    auditRecords,
    auditSince,
    command,
    forceEncrypted,
    forgetPermissions,
    isEncrypted,
    label,
    mark,
    newResetDialogs,
    openResetDialog,
    requestsSince,
    rotateServiceToken,
    startHarness,
    toldAndAudited,
    toldSince,
    waitFor,
} from '../harness/workspace';
import { LeakScanner, report, scanAfterEachTest } from './support/leaks';

const scanner = new LeakScanner();
let h: Harness;
let owner: RcUser;
let admin: RcUser;
let target: RcUser;
let room: RcRoom;
const counts = { restFaults: 0, tokenRevocations: 0, concurrentCommands: 0, settingChanges: 0, childKills: 0 };
const previousRuntimeTimeout = process.env.APPS_ENGINE_RUNTIME_TIMEOUT;

beforeAll(async () => {
    // A killed child fails its pending requests after this long (default here 10 s).
    process.env.APPS_ENGINE_RUNTIME_TIMEOUT = '4000';
    h = await startHarness();
    scanner.register('service token', h.token);
    const cast = await buildCast(h.ws);
    ({ owner, admin } = cast.people);
    ({ target } = cast);
    room = cast.rooms.private;
    // The admin is a member here: their answers must not depend on reading the role-permission table.
    await h.ws.addMember(room, admin, owner);
    await h.ws.setAppSetting('request_timeout_seconds', 10);
}, 30000);

afterAll(async () => {
    report('faults', counts);
    await h?.ws.stop();
    if (previousRuntimeTimeout === undefined) {
        delete process.env.APPS_ENGINE_RUNTIME_TIMEOUT;
    } else {
        process.env.APPS_ENGINE_RUNTIME_TIMEOUT = previousRuntimeTimeout;
    }
});

/** Runs `fn` with a 1 s REST timeout (for hangs and late answers), then back to 10 s so a busy machine never times out. */
async function withShortTimeout<T>(fn: () => Promise<T>): Promise<T> {
    await h.ws.setAppSetting('request_timeout_seconds', 1);
    try {
        return await fn();
    } finally {
        await h.ws.setAppSetting('request_timeout_seconds', 10);
    }
}

/**
 * Runs `action` while `route` answers with `fault`, under a 1 s REST timeout, and clears the fault after it.
 * Returns the mark taken just before `action`.
 */
async function underFault(route: string, fault: Fault, action: () => Promise<unknown>): Promise<Mark> {
    h.ws.injectFault(route, fault);
    const since = mark(h.ws);
    try {
        await withShortTimeout(action);
    } finally {
        h.ws.clearFaults();
    }
    return since;
}

/** The target has keys and a session again, so a reset (or its absence) shows. */
function armTarget(): void {
    h.ws.setUserE2EKeys(target);
    if (!h.ws.user(target._id)?.services?.resume?.loginTokens.length) {
        scanner.register('login token', h.ws.loginToken(target));
    }
}

function openDialog(): Promise<ModalView> {
    return openResetDialog(h.ws, admin, room, target.username);
}

/** `count` new private rooms of the owner, `<prefix>-<i>`. */
async function ownersRooms(count: number, prefix: string): Promise<Array<RcRoom>> {
    const rooms: Array<RcRoom> = [];
    for (let i = 0; i < count; i++) {
        rooms.push(await h.ws.createRoom('private', { name: `${prefix}-${i}`, owner }));
    }
    return rooms;
}

/** The app answers and acts again once the fault is gone. */
async function expectServing(): Promise<void> {
    await forgetPermissions(h.ws);
    forceEncrypted(h.ws, room, false);
    expect(await command(h.ws, owner, room, 'enable')).toBe(say('toggle_enabled', { room: label(h.ws, room) }));
    forceEncrypted(h.ws, room, false);
}

/**
 * [name, fault, the reason's text (an i18n key) and its parameters, the failure the audit names, whether the
 * change may still have been made]: a refusal (4xx) is certain; a lost, garbled or server-error answer leaves the
 * outcome unknown (the request may have been carried out before the answer went wrong), and the person is told so.
 */
const FAULTS: Array<[string, Fault, Key, Record<string, string | number>, string, boolean]> = [
    ['401', { kind: 'status', status: 401 }, 'failure_unauthorized', {}, 'unauthorized', false],
    ['403', { kind: 'status', status: 403 }, 'failure_forbidden', {}, 'forbidden', false],
    ['429', { kind: 'status', status: 429 }, 'failure_rate_limited', {}, 'rate-limited', false],
    ['500', { kind: 'status', status: 500 }, 'failure_server_error', { status: 500 }, 'server-error', true],
    ['a hang past the timeout', { kind: 'hang' }, 'failure_timeout', {}, 'timeout', true],
    ['a closed connection', { kind: 'close' }, 'failure_unreachable', {}, 'unreachable', true],
    ['malformed JSON', { kind: 'malformed' }, 'failure_malformed', {}, 'malformed', true],
];

describe('the REST API misbehaving', () => {
    describe.each(FAULTS)('answering %s', (_name, fault, reasonKey, params, kind, uncertain) => {
        const reason = say(reasonKey, params);

        it('rooms.saveRoomSettings: the toggle is reported failed or unconfirmed, never done', async () => {
            const { ws } = h;
            await forgetPermissions(ws);
            forceEncrypted(ws, room, false);
            const since = await underFault('rooms.saveRoomSettings', fault, () => ws.runSlashCommand(owner, room, '/e2e enable'));
            counts.restFaults++;
            expect(requestsSince(ws, since).filter((r) => r.startsWith('POST rooms.saveRoomSettings'))).toHaveLength(1);
            expect(toldSince(ws, since, owner)).toEqual([say(uncertain ? 'toggle_unconfirmed' : 'toggle_failed', { room: label(ws, room), reason })]);
            expect(isEncrypted(ws, room)).toBe(false);
            expect(auditSince(ws, since, owner).map((a) => [a.action, a.outcome, a.reason])).toEqual([['enable', 'failed', kind]]);
            await expectServing();
        });

        it('permissions.listAll: toggles, key resets and the audit listing fail closed', async () => {
            const { ws } = h;
            forceEncrypted(ws, room, false);
            await forgetPermissions(ws);
            const since = await underFault('permissions.listAll', fault, async () => {
                await forgetPermissions(ws);
                await ws.runSlashCommand(owner, room, '/e2e enable');
                await forgetPermissions(ws);
                await ws.runSlashCommand(admin, room, `/e2e reset-key @${target.username}`);
                await forgetPermissions(ws);
                await ws.runSlashCommand(admin, room, '/e2e audit');
            });
            counts.restFaults += 3;
            expect(requestsSince(ws, since).filter((r) => !r.startsWith('GET permissions.listAll'))).toEqual([]);
            expect(toldSince(ws, since, owner)).toEqual([say('toggle_failed', { room: label(ws, room), reason })]);
            expect(toldSince(ws, since, admin)).toEqual([say('permissions_unavailable', { reason }), say('permissions_unavailable', { reason })]);
            expect(newResetDialogs(ws, admin)).toEqual([]);
            expect(isEncrypted(ws, room)).toBe(false);
            expect(auditSince(ws, since).map((a) => [a.action, a.outcome, a.reason])).toEqual([
                ['enable', 'failed', `permissions-${kind}`],
                ['reset-key', 'refused', `permissions-${kind}`],
            ]);
            await expectServing();
        });

        it('users.resetE2EKey: the reset is reported failed or unconfirmed, and the dialog is used up', async () => {
            const { ws } = h;
            armTarget();
            const view = await openDialog();
            const since = await underFault('users.resetE2EKey', fault, () => ws.submitModal(admin, view.id, {}));
            counts.restFaults++;
            expect(toldSince(ws, since, admin)).toEqual([say(uncertain ? 'reset_unconfirmed' : 'reset_failed', { username: target.username, reason })]);
            expect(ws.user(target._id)?.e2e).toBeDefined();
            expect(auditSince(ws, since, admin).map((a) => [a.action, a.outcome, a.reason])).toEqual([['reset-key', 'failed', kind]]);
            // The dialog is used up; a new one works.
            const again = await openDialog();
            await ws.submitModal(admin, again.id, {});
            expect(ws.user(target._id)?.e2e).toBeUndefined();
        });

        it("me: the admin's status says the service account is not working, and why", async () => {
            const { ws } = h;
            forceEncrypted(ws, room, false);
            const since = await underFault('me', fault, () => ws.runSlashCommand(admin, room, '/e2e status'));
            counts.restFaults++;
            expect(toldSince(ws, since, admin)).toEqual([[...statusLines(ws, room), say('status_service_failed', { reason })].join('\n')]);
        });
    });

    it('an answer arriving after the timeout: the person is not told the change was made', async () => {
        const { ws } = h;
        await forgetPermissions(ws);
        forceEncrypted(ws, room, false);
        ws.injectFault('rooms.saveRoomSettings', { kind: 'delay', ms: 1500 }, 1);
        const since = mark(ws);
        await withShortTimeout(() => ws.runSlashCommand(owner, room, '/e2e enable'));
        counts.restFaults++;
        // The workspace still makes the change once the request gets through: the answer must not have claimed it
        // was not made.
        expect(toldSince(ws, since, owner)).toEqual([say('toggle_unconfirmed', { room: label(ws, room), reason: say('failure_timeout') })]);
        expect(auditSince(ws, since, owner).map((a) => [a.outcome, a.reason])).toEqual([['failed', 'timeout']]);
        await waitFor(() => isEncrypted(ws, room), 'the late change');
        forceEncrypted(ws, room, false);
    });

    it('a slow answer within the timeout still succeeds', async () => {
        const { ws } = h;
        forceEncrypted(ws, room, false);
        ws.injectFault('rooms.saveRoomSettings', { kind: 'delay', ms: 100 }, 1);
        try {
            expect(await withShortTimeout(() => command(ws, owner, room, 'enable'))).toBe(say('toggle_enabled', { room: label(ws, room) }));
            expect(isEncrypted(ws, room)).toBe(true);
        } finally {
            ws.clearFaults();
            forceEncrypted(ws, room, false);
        }
    });
});

describe('the REST API misbehaving during automatic changes', () => {
    it('tells the creator when the policy asks for encryption of a new room and the call is refused', async () => {
        const { ws } = h;
        await ws.setAppSetting('policy_private_channel', 'default');
        ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 401 });
        let created: RcRoom | undefined;
        try {
            const { told, records } = await toldAndAudited(ws, owner, async () => {
                created = await ws.createRoom('private', { name: 'born-plain', owner });
            });
            counts.restFaults++;
            expect(isEncrypted(ws, created as RcRoom)).toBe(false);
            expect(told).toEqual([say('auto_enable_failed', { room: label(ws, created as RcRoom), reason: say('failure_unauthorized') })]);
            expect(records.map((a) => [a.action, a.outcome, a.reason])).toEqual([['auto-enable', 'failed', 'unauthorized']]);
        } finally {
            ws.clearFaults();
            await ws.setAppSetting('policy_private_channel', 'optional');
        }
    });

    it('tells whoever disabled a required room when the revert is refused', async () => {
        const { ws } = h;
        const required = await ws.createRoom('private', { name: 'must-stay', owner, encrypted: true });
        await ws.setAppSetting('policy_private_channel', 'required');
        ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 403 });
        try {
            const { told, records } = await toldAndAudited(ws, owner, () => ws.saveRoomSettings(owner, required, { encrypted: false }));
            counts.restFaults++;
            expect(told).toEqual([
                say('revert_failed', { room: label(ws, required), kind: say('kind_private_channel'), policy: say('policy_required'), reason: say('failure_forbidden') }),
            ]);
            expect(records.map((a) => [a.action, a.outcome, a.reason])).toEqual([['revert', 'failed', 'forbidden']]);
        } finally {
            ws.clearFaults();
            await ws.setAppSetting('policy_private_channel', 'optional');
        }
        await expectServing();
    });
});

describe('the service token revoked mid-run', () => {
    it('reports each toggle honestly while the token dies, then works again with a new token', async () => {
        const { ws } = h;
        const rooms = await ownersRooms(8, 'revoke');
        const since = mark(ws);
        try {
            const runs = rooms.map(async (r, i) => {
                await new Promise((resolve) => setTimeout(resolve, i * 15));
                await ws.runSlashCommand(owner, r, '/e2e enable');
            });
            // Revoke every token of the service account while the toggles run (as a reset or deactivation would).
            await new Promise((resolve) => setTimeout(resolve, 40));
            (ws.user(h.svc._id)?.services?.resume?.loginTokens ?? []).splice(0);
            await Promise.all(runs);
            counts.tokenRevocations++;
            const told = toldSince(ws, since, owner);
            expect(told).toHaveLength(rooms.length);
            const done = told.filter((t) => isText('toggle_enabled', t));
            const failed = told.filter((t) => isText('toggle_failed', t));
            expect(done.length + failed.length).toBe(rooms.length);
            for (const answer of failed) {
                expect(answer).toContain(say('failure_unauthorized'));
            }
            // Exactly the rooms reported done are encrypted, and the audit agrees.
            expect(rooms.filter((r) => isEncrypted(ws, r)).length).toBe(done.length);
            expect(requestsSince(ws, since).filter((r) => r === 'POST rooms.saveRoomSettings 200')).toHaveLength(done.length);
            const audits = auditSince(ws, since, owner);
            expect(audits.filter((a) => a.outcome === 'done')).toHaveLength(done.length);
            expect(audits.filter((a) => a.outcome === 'failed')).toHaveLength(failed.length);
            // The admin sees it in the status.
            forceEncrypted(ws, room, false);
            expect(await command(ws, admin, room, 'status')).toBe([...statusLines(ws, room), say('status_service_failed', { reason: say('failure_unauthorized') })].join('\n'));
        } finally {
            // A new token brings the app back.
            scanner.register('service token', await rotateServiceToken(h, `e2ee-app-${Date.now()}`));
        }
        await expectServing();
    });
});

describe('settings changed while commands run', () => {
    it('answers every command once and reports done exactly what was done', async () => {
        const { ws } = h;
        const rooms = await ownersRooms(6, 'churn');
        const since = mark(ws);
        const chains = rooms.map(async (r) => {
            const outcomes: Array<[boolean, string]> = [];
            for (let step = 0; step < 6; step++) {
                const encrypt = step % 2 === 0;
                const s = mark(ws);
                await ws.runSlashCommand(owner, r, `/e2e ${encrypt ? 'enable' : 'disable'}`);
                counts.concurrentCommands++;
                outcomes.push([encrypt, toldSince(ws, s, owner, r).join('\n')]);
            }
            return outcomes;
        });
        const token = h.token;
        const churn = (async () => {
            const changes: Array<[string, unknown]> = [
                ['policy_private_channel', 'default'],
                ['request_timeout_seconds', 5],
                ['service_token', ''],
                ['block_plaintext', false],
                ['policy_private_channel', 'optional'],
                ['service_token', token],
                ['request_timeout_seconds', 10],
                ['block_plaintext', true],
                ['notify_on_join', false],
                ['notify_on_join', true],
            ];
            for (const [index, [id, value]] of changes.entries()) {
                await ws.setAppSetting(id, value);
                counts.settingChanges++;
                ws.setServerSetting('E2E_Enable', (index + 1) % 3 !== 0);
                await new Promise((resolve) => setTimeout(resolve, 5));
            }
            ws.setServerSetting('E2E_Enable', true);
        })();
        const [results] = await Promise.all([Promise.all(chains), churn]);
        const problems: Array<string> = [];
        let reportedDone = 0;
        let unconfirmed = 0;
        results.forEach((outcomes, i) => {
            // What the answers say the room's encryption is (undefined: an answer said it is not confirmed).
            let state: boolean | undefined = false;
            for (const [encrypt, answer] of outcomes) {
                const done = isText(encrypt ? 'toggle_enabled' : 'toggle_disabled', answer);
                if (!answer || answer.split('\n').length !== 1) {
                    problems.push(`${rooms[i].name}: answered ${JSON.stringify(answer)}`);
                }
                if (done) {
                    state = encrypt;
                    reportedDone++;
                } else if (isText('toggle_unconfirmed', answer)) {
                    state = undefined;
                    unconfirmed++;
                }
            }
            if (state !== undefined && isEncrypted(ws, rooms[i]) !== state) {
                problems.push(`${rooms[i].name}: encrypted ${isEncrypted(ws, rooms[i])}, but the answers say ${state}`);
            }
        });
        expect(problems).toEqual([]);
        // Every change reported done was made; only a change reported "not confirmed" may have been made unreported.
        const made = requestsSince(ws, since).filter((r) => r === 'POST rooms.saveRoomSettings 200').length;
        expect(made).toBeGreaterThanOrEqual(reportedDone);
        expect(made).toBeLessThanOrEqual(reportedDone + unconfirmed);
        expect(auditSince(ws, since, owner).filter((a) => a.outcome === 'done')).toHaveLength(reportedDone);
        await expectServing();
    }, 30000);
});

describe("the app's Deno child killed", () => {
    async function killChild(): Promise<number> {
        const pid = h.ws.appProcess().pid as number;
        expect(pid).toBeGreaterThan(0);
        process.kill(pid, 'SIGKILL');
        counts.childKills++;
        return pid;
    }

    /** The engine restarts the child (a new process, initialized and enabled again); the app answers again. */
    async function waitForRestart(oldPid: number, restartsBefore: number): Promise<void> {
        await waitFor(() => h.ws.appProcess().restarts > restartsBefore, 'the restart', 20000);
        expect(h.ws.appProcess().pid).not.toBe(oldPid);
        // The engine's restart sequence (AppsEngineDenoRuntime.restartApp: spawn, construct, initialize, setStatus,
        // onEnable) ends with the runtime state back at 'ready'; each step may take up to the engine's 10 s request
        // timeout, so on a busy machine (the whole suite on two cores) this takes a while.
        const controller = h.ws.engine.manager.getOneById(h.ws.appId).getRuntimeController() as unknown as { getProcessState(): string };
        const end = Date.now() + 45000;
        while (!(controller.getProcessState() === 'ready' && (await h.ws.isAppEnabled())) && Date.now() < end) {
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const enabled = await h.ws.isAppEnabled();
        // On failure the difference shows the app's status and what the engine's restart procedure logged, to tell a
        // slow machine from a failed restart.
        const diagnosis = enabled
            ? {}
            : {
                  status: await h.ws.engine.manager.getOneById(h.ws.appId).getStatus(),
                  stored: (controller as unknown as { storageItem?: { status?: string } }).storageItem?.status,
                  restart: JSON.stringify(h.ws.engineLogs().filter((e) => JSON.stringify(e).includes('runtime:restart')).slice(-1)).slice(0, 3000),
              };
        expect({ state: controller.getProcessState(), enabled, ...diagnosis }).toEqual({ state: 'ready', enabled: true });
    }

    it('keeps serving after the engine restarts it: commands, guards, dialogs opened before, the audit trail', async () => {
        const { ws } = h;
        const encrypted = await ws.createRoom('private', { name: 'sealed', owner, members: [admin], encrypted: true });
        armTarget();
        const view = await openDialog();
        const auditBefore = auditRecords(ws).length;
        const before = ws.appProcess().restarts;
        await waitForRestart(await killChild(), before);
        forceEncrypted(ws, room, false);
        expect((await command(ws, owner, room, 'status')).split('\n')[0]).toBe(say('status_not_encrypted', { room: label(ws, room) }));
        const text = scanner.marker('message text');
        await expect(ws.sendMessage(owner, encrypted, text, { path: 'postMessage' })).rejects.toThrow(say('refused_plaintext'));
        await ws.submitModal(admin, view.id, {});
        expect(ws.user(target._id)?.e2e).toBeUndefined();
        expect(auditRecords(ws).length).toBeGreaterThan(auditBefore);
        await expectServing();
    }, 90000);

    it('reports nothing done when the child dies in the middle of a toggle, and serves again', async () => {
        const { ws } = h;
        await forgetPermissions(ws);
        forceEncrypted(ws, room, false);
        ws.injectFault('rooms.saveRoomSettings', { kind: 'hang' });
        const since = mark(ws);
        const pending = ws.runSlashCommand(owner, room, '/e2e enable').then(
            () => 'finished',
            () => 'failed',
        );
        await waitFor(() => requestsSince(ws, since).some((r) => r.startsWith('POST rooms.saveRoomSettings')), 'the toggle to reach the workspace');
        const before = ws.appProcess().restarts;
        const pid = await killChild();
        const outcome = await pending;
        ws.clearFaults();
        expect(['finished', 'failed']).toContain(outcome);
        expect(toldSince(ws, since, owner).filter((t) => isText('toggle_enabled', t))).toEqual([]);
        expect(isEncrypted(ws, room)).toBe(false);
        await waitForRestart(pid, before);
        await expectServing();
    }, 90000);
});

scanAfterEachTest(() => h?.ws, scanner);
