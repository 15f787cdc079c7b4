// Issue 6, faults: the workspace REST API refusing (401, 403, 429, 500), hanging past the timeout, closing the
// connection, answering malformed JSON; the service token revoked mid-run; settings changed while commands
// run; the app's Deno child killed. Each time: the person is told, the audit records the failure, nothing is
// reported done that was not, and the app keeps serving.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Fault, ModalView, RcRoom, RcUser } from '../../workspace/Workspace';
import type { Harness } from './support/harness';
import { auditSince, dialogIds, englishText, eventually, isText, mark, newResetDialogs, requestsSince, rotateServiceToken, startHarness, toldSince } from './support/harness';
import { itLeaksNothing, LeakScanner, report } from './support/leaks';

const scanner = new LeakScanner();
let h: Harness;
let olga: RcUser;
let adam: RcUser;
let tina: RcUser;
let alpha: RcRoom;
const counts = { restFaults: 0, tokenRevocations: 0, concurrentCommands: 0, settingChanges: 0, childKills: 0 };
const previousRuntimeTimeout = process.env.APPS_ENGINE_RUNTIME_TIMEOUT;

beforeAll(async () => {
    // A killed child fails its pending requests after this long (default here 10 s).
    process.env.APPS_ENGINE_RUNTIME_TIMEOUT = '4000';
    h = await startHarness(scanner);
    olga = h.ws.createUser({ username: 'olga' });
    adam = h.ws.createUser({ username: 'adam', roles: ['admin', 'user'] });
    tina = h.ws.createUser({ username: 'tina' });
    alpha = await h.ws.createRoom('private', { name: 'alpha', owner: olga, members: [adam, tina] });
    await h.ws.setAppSetting('request_timeout_seconds', 10);
}, 30000);

afterAll(async () => {
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

let flip = false;
/** Any setting change empties the app's permission cache, so the next action reads the table again. */
async function forgetPermissions(): Promise<void> {
    flip = !flip;
    await h.ws.setAppSetting('audit_retention_days', flip ? 91 : 90);
}

function resetTarget(): void {
    h.ws.setUserE2EKeys(tina);
    if (!h.ws.user(tina._id)?.services?.resume?.loginTokens.length) {
        scanner.register('login token', h.ws.loginToken(tina));
    }
}

async function openDialog(): Promise<ModalView> {
    const known = dialogIds(h.ws, adam);
    await h.ws.runSlashCommand(adam, alpha, '/e2e reset-key @tina');
    const opened = newResetDialogs(h.ws, adam, known);
    expect(opened).toHaveLength(1);
    return opened[0];
}

const FAULTS: Array<[string, Fault, string, Record<string, string>, string, boolean]> = [
    // [name, fault, English reason text, its parameters, the failure kind the audit names, whether the change
    //  may still have been made (the request may have been carried out before the answer went wrong)]
    ['401', { kind: 'status', status: 401 }, 'failure_unauthorized', {}, 'unauthorized', false],
    ['403', { kind: 'status', status: 403 }, 'failure_forbidden', {}, 'forbidden', false],
    ['429', { kind: 'status', status: 429 }, 'failure_rate_limited', {}, 'rate-limited', false],
    ['500', { kind: 'status', status: 500 }, 'failure_server_error', { status: '500' }, 'server-error', true],
    ['a hang past the timeout', { kind: 'hang' }, 'failure_timeout', {}, 'timeout', true],
    ['a closed connection', { kind: 'close' }, 'failure_unreachable', {}, 'unreachable', true],
    ['malformed JSON', { kind: 'malformed' }, 'failure_malformed', {}, 'malformed', true],
];

const reasonText = (key: string, params: Record<string, string>) => Object.entries(params).reduce((t, [k, v]) => t.replace(`{${k}}`, v), englishText(key));

/** The app answers and acts again once the fault is gone. */
async function expectServing(): Promise<void> {
    await forgetPermissions();
    const since = mark(h);
    (h.ws.room(alpha._id) as RcRoom).encrypted = false;
    await h.ws.runSlashCommand(olga, alpha, '/e2e enable');
    expect(toldSince(h, since, olga)).toEqual(['End-to-end encryption is now on in #alpha.']);
    (h.ws.room(alpha._id) as RcRoom).encrypted = false;
}

describe('the REST API misbehaving', () => {
    for (const [name, fault, reasonKey, params, kind, uncertain] of FAULTS) {
        it(`rooms.saveRoomSettings: ${name}`, async () => {
            await forgetPermissions();
            h.ws.injectFault('rooms.saveRoomSettings', fault);
            const since = mark(h);
            try {
                await withShortTimeout(() => h.ws.runSlashCommand(olga, alpha, '/e2e enable'));
            } finally {
                h.ws.clearFaults();
            }
            counts.restFaults++;
            expect(requestsSince(h, since).filter((r) => r.startsWith('POST rooms.saveRoomSettings'))).toHaveLength(1);
            const told = toldSince(h, since, olga);
            expect(told).toHaveLength(1);
            // A refusal is reported as not done; a lost or garbled answer as not confirmed. Never as done.
            expect(isText(uncertain ? 'toggle_unconfirmed' : 'toggle_failed', told[0])).toBe(true);
            expect(told[0]).toContain(reasonText(reasonKey, params));
            expect(h.ws.room(alpha._id)?.encrypted).toBeFalsy();
            expect(auditSince(h, since, olga).map((a) => [a.action, a.outcome, a.reason])).toEqual([['enable', 'failed', kind]]);
            await expectServing();
        });

        it(`permissions.listAll: ${name}`, async () => {
            await forgetPermissions();
            h.ws.injectFault('permissions.listAll', fault);
            const since = mark(h);
            try {
                await withShortTimeout(async () => {
                    await forgetPermissions();
                    await h.ws.runSlashCommand(olga, alpha, '/e2e enable');
                    await forgetPermissions();
                    await h.ws.runSlashCommand(adam, alpha, '/e2e reset-key @tina');
                    await forgetPermissions();
                    await h.ws.runSlashCommand(adam, alpha, '/e2e audit');
                });
            } finally {
                h.ws.clearFaults();
            }
            counts.restFaults += 3;
            expect(requestsSince(h, since).filter((r) => !r.startsWith('GET permissions.listAll'))).toEqual([]);
            const toOwner = toldSince(h, since, olga);
            expect(toOwner).toHaveLength(1);
            expect(isText('toggle_failed', toOwner[0])).toBe(true);
            expect(toOwner[0]).toContain(reasonText(reasonKey, params));
            const toAdmin = toldSince(h, since, adam);
            expect(toAdmin).toHaveLength(2);
            for (const answer of toAdmin) {
                expect(isText('permissions_unavailable', answer)).toBe(true);
                expect(answer).toContain(reasonText(reasonKey, params));
            }
            expect(newResetDialogs(h.ws, adam)).toEqual([]);
            expect(h.ws.room(alpha._id)?.encrypted).toBeFalsy();
            expect(auditSince(h, since).map((a) => [a.action, a.outcome, a.reason])).toEqual([
                ['enable', 'failed', `permissions-${kind}`],
                ['reset-key', 'refused', `permissions-${kind}`],
            ]);
            await expectServing();
        });

        it(`users.resetE2EKey: ${name}`, async () => {
            resetTarget();
            const view = await openDialog();
            h.ws.injectFault('users.resetE2EKey', fault);
            const since = mark(h);
            try {
                await withShortTimeout(() => h.ws.submitModal(adam, view.id, {}));
            } finally {
                h.ws.clearFaults();
            }
            counts.restFaults++;
            const told = toldSince(h, since, adam);
            expect(told).toHaveLength(1);
            expect(isText(uncertain ? 'reset_unconfirmed' : 'reset_failed', told[0])).toBe(true);
            expect(told[0]).toContain(reasonText(reasonKey, params));
            expect(h.ws.user(tina._id)?.e2e).toBeDefined();
            expect(auditSince(h, since, adam).map((a) => [a.action, a.outcome, a.reason])).toEqual([['reset-key', 'failed', kind]]);
            // The dialog is used up; a new one works.
            const again = await openDialog();
            await h.ws.submitModal(adam, again.id, {});
            expect(h.ws.user(tina._id)?.e2e).toBeUndefined();
        });

        it(`me (the admin's status): ${name}`, async () => {
            h.ws.injectFault('me', fault);
            const since = mark(h);
            try {
                await withShortTimeout(() => h.ws.runSlashCommand(adam, alpha, '/e2e status'));
            } finally {
                h.ws.clearFaults();
            }
            counts.restFaults++;
            const told = toldSince(h, since, adam);
            expect(told).toHaveLength(1);
            expect(told[0]).toContain(`Service account: not working. ${reasonText(reasonKey, params)}`);
        });
    }

    it('an answer arriving after the timeout: the person is not told the change was made', async () => {
        await forgetPermissions();
        h.ws.injectFault('rooms.saveRoomSettings', { kind: 'delay', ms: 1500 }, 1);
        const since = mark(h);
        await withShortTimeout(() => h.ws.runSlashCommand(olga, alpha, '/e2e enable'));
        counts.restFaults++;
        const told = toldSince(h, since, olga);
        expect(told).toHaveLength(1);
        expect(isText('toggle_enabled', told[0])).toBe(false);
        expect(told[0]).toContain(englishText('failure_timeout'));
        expect(auditSince(h, since, olga).map((a) => [a.outcome, a.reason])).toEqual([['failed', 'timeout']]);
        // The workspace still makes the change once the request gets through: the answer must not have
        // claimed it was not made.
        await eventually(() => h.ws.room(alpha._id)?.encrypted === true, 5000);
        expect(isText('toggle_unconfirmed', told[0])).toBe(true);
        (h.ws.room(alpha._id) as RcRoom).encrypted = false;
    });
});

describe('the REST API misbehaving during automatic changes', () => {
    it('tells the creator when the policy asks for encryption of a new room and the call is refused', async () => {
        await h.ws.setAppSetting('policy_private_channel', 'default');
        h.ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 401 });
        const since = mark(h);
        let room: RcRoom;
        try {
            room = await h.ws.createRoom('private', { name: 'born-plain', owner: olga });
            // Post-create listeners run fire-and-forget in the engine: wait for their effect.
            await eventually(() => auditSince(h, since, olga).length > 0 && toldSince(h, since, olga).length > 0);
        } finally {
            h.ws.clearFaults();
            await h.ws.setAppSetting('policy_private_channel', 'optional');
        }
        counts.restFaults++;
        expect(h.ws.room(room._id)?.encrypted).toBeFalsy();
        const told = toldSince(h, since, olga);
        expect(told).toHaveLength(1);
        expect(isText('auto_enable_failed', told[0])).toBe(true);
        expect(told[0]).toContain(englishText('failure_unauthorized'));
        expect(auditSince(h, since, olga).map((a) => [a.action, a.outcome, a.reason])).toEqual([['auto-enable', 'failed', 'unauthorized']]);
    });

    it('tells whoever disabled a required room when the revert is refused', async () => {
        const room = await h.ws.createRoom('private', { name: 'must-stay', owner: olga, encrypted: true });
        await h.ws.setAppSetting('policy_private_channel', 'required');
        h.ws.injectFault('rooms.saveRoomSettings', { kind: 'status', status: 403 });
        const since = mark(h);
        try {
            await h.ws.saveRoomSettings(olga, room, { encrypted: false });
            await eventually(() => auditSince(h, since, olga).length > 0 && toldSince(h, since, olga).length > 0);
        } finally {
            h.ws.clearFaults();
            await h.ws.setAppSetting('policy_private_channel', 'optional');
        }
        counts.restFaults++;
        const told = toldSince(h, since, olga);
        expect(told).toHaveLength(1);
        expect(isText('revert_failed', told[0])).toBe(true);
        expect(told[0]).toContain(englishText('failure_forbidden'));
        expect(auditSince(h, since, olga).map((a) => [a.action, a.outcome, a.reason])).toEqual([['revert', 'failed', 'forbidden']]);
        await expectServing();
    });
});

describe('the service token revoked mid-run', () => {
    it('reports each toggle honestly while the token dies, then works again with a new token', async () => {
        const rooms: Array<RcRoom> = [];
        for (let i = 0; i < 8; i++) {
            rooms.push(await h.ws.createRoom('private', { name: `revoke-${i}`, owner: olga }));
        }
        const since = mark(h);
        const runs = rooms.map(async (room, i) => {
            await new Promise((resolve) => setTimeout(resolve, i * 15));
            await h.ws.runSlashCommand(olga, room, '/e2e enable');
        });
        // Revoke every token of the service account while the toggles run (as a reset or deactivation would).
        await new Promise((resolve) => setTimeout(resolve, 40));
        (h.svc.services?.resume?.loginTokens ?? []).splice(0);
        await Promise.all(runs);
        counts.tokenRevocations++;
        const told = toldSince(h, since, olga);
        expect(told).toHaveLength(rooms.length);
        const done = told.filter((t) => isText('toggle_enabled', t));
        const failed = told.filter((t) => isText('toggle_failed', t));
        expect(done.length + failed.length).toBe(rooms.length);
        for (const answer of failed) {
            expect(answer).toContain(englishText('failure_unauthorized'));
        }
        // Exactly the rooms reported done are encrypted, and the audit agrees.
        expect(rooms.filter((r) => h.ws.room(r._id)?.encrypted).length).toBe(done.length);
        expect(requestsSince(h, since).filter((r) => r === 'POST rooms.saveRoomSettings 200')).toHaveLength(done.length);
        const audits = auditSince(h, since, olga);
        expect(audits.filter((a) => a.outcome === 'done')).toHaveLength(done.length);
        expect(audits.filter((a) => a.outcome === 'failed')).toHaveLength(failed.length);
        // The admin sees it in the status, and a new token brings the app back.
        const s2 = mark(h);
        await h.ws.runSlashCommand(adam, alpha, '/e2e status');
        expect(toldSince(h, s2, adam)[0]).toContain(`Service account: not working. ${englishText('failure_unauthorized')}`);
        await rotateServiceToken(h, scanner, 'e2ee-app-2');
        await expectServing();
    });
});

describe('settings changed while commands run', () => {
    it('answers every command once and reports done exactly what was done', async () => {
        const rooms: Array<RcRoom> = [];
        for (let i = 0; i < 6; i++) {
            rooms.push(await h.ws.createRoom('private', { name: `churn-${i}`, owner: olga }));
        }
        const since = mark(h);
        const chains = rooms.map(async (room) => {
            const outcomes: Array<[boolean, string]> = [];
            for (let step = 0; step < 6; step++) {
                const encrypt = step % 2 === 0;
                const s = mark(h);
                await h.ws.runSlashCommand(olga, room, `/e2e ${encrypt ? 'enable' : 'disable'}`);
                counts.concurrentCommands++;
                const told = toldSince(h, s, olga, room);
                outcomes.push([encrypt, told.join('\n')]);
            }
            return outcomes;
        });
        const token = h.svcToken;
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
            for (const [id, value] of changes) {
                await h.ws.setAppSetting(id, value);
                counts.settingChanges++;
                h.ws.setServerSetting('E2E_Enable', counts.settingChanges % 3 !== 0);
                await new Promise((resolve) => setTimeout(resolve, 5));
            }
            h.ws.setServerSetting('E2E_Enable', true);
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
            if (state !== undefined && Boolean(h.ws.room(rooms[i]._id)?.encrypted) !== state) {
                problems.push(`${rooms[i].name}: encrypted ${h.ws.room(rooms[i]._id)?.encrypted}, but the answers say ${state}`);
            }
        });
        expect(problems).toEqual([]);
        // Every change reported done was made; only a change reported "not confirmed" may have been made unreported.
        const made = requestsSince(h, since).filter((r) => r === 'POST rooms.saveRoomSettings 200').length;
        expect(made).toBeGreaterThanOrEqual(reportedDone);
        expect(made).toBeLessThanOrEqual(reportedDone + unconfirmed);
        expect(auditSince(h, since, olga).filter((a) => a.outcome === 'done')).toHaveLength(reportedDone);
        await expectServing();
    }, 30000);
});

describe("the app's Deno child killed", () => {
    async function killChild(): Promise<number> {
        const pid = h.ws.appProcessId() as number;
        expect(pid).toBeGreaterThan(0);
        process.kill(pid, 'SIGKILL');
        counts.childKills++;
        return pid;
    }

    const restarts = () =>
        (h.ws.engine.manager.getOneById(h.ws.appId).getRuntimeController() as unknown as { livenessManager: { getRuntimeData(): { restartCount: number } } }).livenessManager.getRuntimeData()
            .restartCount;

    /** The engine restarts the child (a new process, initialized and enabled again); the app answers again. */
    async function waitForRestart(oldPid: number, restartsBefore: number): Promise<void> {
        await eventually(() => restarts() > restartsBefore, 20000);
        expect(h.ws.appProcessId()).not.toBe(oldPid);
        expect(await h.ws.isAppEnabled()).toBe(true);
    }

    it('keeps serving after the engine restarts it: commands, guards, dialogs opened before, the audit trail', async () => {
        const vault = await h.ws.createRoom('private', { name: 'vault', owner: olga, members: [adam], encrypted: true });
        resetTarget();
        const view = await openDialog();
        const auditBefore = auditSince(h, { notifications: 0, persisted: 0, requests: 0 }).length;
        const before = restarts();
        await waitForRestart(await killChild(), before);
        const since = mark(h);
        await h.ws.runSlashCommand(olga, alpha, '/e2e status');
        expect(toldSince(h, since, olga).map((t) => t.split('\n')[0])).toEqual(['#alpha is not end-to-end encrypted.']);
        const text = scanner.marker('message text');
        await expect(h.ws.sendMessage(olga, vault, text, { path: 'postMessage' })).rejects.toThrow(englishText('refused_plaintext'));
        await h.ws.submitModal(adam, view.id, {});
        expect(h.ws.user(tina._id)?.e2e).toBeUndefined();
        expect(auditSince(h, { notifications: 0, persisted: 0, requests: 0 }).length).toBeGreaterThan(auditBefore);
        await expectServing();
    }, 40000);

    it('reports nothing done when the child dies in the middle of a toggle, and serves again', async () => {
        await forgetPermissions();
        h.ws.injectFault('rooms.saveRoomSettings', { kind: 'hang' });
        const since = mark(h);
        const pending = h.ws.runSlashCommand(olga, alpha, '/e2e enable').then(
            () => 'finished',
            () => 'failed',
        );
        await eventually(() => requestsSince(h, since).some((r) => r.startsWith('POST rooms.saveRoomSettings')), 5000);
        const before = restarts();
        const pid = await killChild();
        const outcome = await pending;
        h.ws.clearFaults();
        expect(['finished', 'failed']).toContain(outcome);
        expect(toldSince(h, since, olga).filter((t) => isText('toggle_enabled', t))).toEqual([]);
        expect(h.ws.room(alpha._id)?.encrypted).toBeFalsy();
        await waitForRestart(pid, before);
        await expectServing();
    }, 40000);

    it('counts the faults', () => {
        report('faults', counts);
        expect(counts.restFaults).toBeGreaterThanOrEqual(FAULTS.length * 6);
    });
});

itLeaksNothing(() => h.ws, scanner);
