import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { randomUUID } from 'crypto';

import { changeEncryption } from '../actions/changeEncryption';
import type { ActionContext } from '../actions/context';
import { recordAudit } from '../actions/context';
import { authorizeWorkspaceAdmin } from '../actions/workspaceAdmin';
import { AuditAction, AuditOutcome } from '../audit/AuditRecord';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { findAppUser } from '../lib/deliverFile';
import { findRoomById, findUserById } from '../lib/lookups';
import { languageOf } from '../lib/notify';
import { isLastPage, listRooms } from '../lib/roomPages';
import { authorizeEnforcement, authorizeReport } from '../policy/authorization';
import { judgeRoom, KIND_FILTERS } from '../policy/compliance';
import type { EnforcementStep, EnforceTarget, PendingEnforcement } from '../policy/enforcement';
import { checkEnforceSubmission, durationText, estimateSeconds, planEnforcement, stepStillEnforced } from '../policy/enforcement';
import { nextCallAt, progressDue, tooManyFailures } from '../policy/pacing';
import { Policy } from '../policy/Policy';
import { policyReason, RefusalReason } from '../policy/reasons';
import type { ChangeOutcome, EnforceRun } from '../policy/runState';
import { advance, allStepsDone, countChange, endRun, enforceProgress, isActive, nextState, nextStep, runStart, RunStatus, RunType, StopReason } from '../policy/runState';
import { isWorkspaceE2EEnabled } from '../settings/serverSettings';
import { ENFORCE_VIEW_PREFIX } from '../ui/ids';
import { enforceModal } from '../ui/enforceModal';
import { JobId } from './ids';
import { REPORT_FRESH_MS } from './report';
import type { JobContext, SliceData } from './runner';
import { claimRun, personOf, runSlice, scheduleSlice, sleep, tellStarter } from './runner';
import { atLeast, enforceEndLines, enforceProgressText, enforceStatusLines, kindsText, policyName, stopText } from './texts';

/** The dialog's count of rooms to switch may take this long; past it, the dialog says "at least". */
const COUNT_BUDGET_MS = 4000;
/** A slice saves its place at least this often (a process that dies redoes no more than that, and switches nothing twice). */
const CHECKPOINT_MS = 2000;
const CHECKPOINT_CHANGES = 10;
/** After a listing error (not a missing permission), the next slice tries again this much later. */
const LISTING_RETRY_MS = 30_000;
/** How long `/e2e enforce cancel` waits for a slice running in this process to stop (one REST call at most). */
const CANCEL_WAIT_MS = 5000;

// ------------------------------------------------------------------------------------------ the command and the dialog

export interface StepCount {
    readonly step: EnforcementStep;
    readonly count: number;
}

/**
 * How many rooms of each step are out of policy: from a report finished in the last few
 * minutes under the same policies, else by listing them, until `deadline` (then `exact` is
 * false and the counts are lower bounds).
 */
export async function countToSwitch(
    ctx: JobContext,
    steps: ReadonlyArray<EnforcementStep>,
    deadline: number,
): Promise<{ counts: Array<StepCount>; exact: boolean; cannotList?: boolean }> {
    const report = await ctx.services.runs.latest(ctx.read.getPersistenceReader(), RunType.Report);
    if (
        report?.type === RunType.Report &&
        report.status === RunStatus.Done &&
        Date.now() - (report.endedAt ?? 0) < REPORT_FRESH_MS &&
        steps.every((step) => report.policies[step.kind] === ctx.settings.policies[step.kind])
    ) {
        return { counts: steps.map((step) => ({ step, count: report.tally[step.kind].outOfPolicy })), exact: true };
    }
    const appUserId = (await findAppUser(ctx.read))?.id;
    const counts: Array<StepCount> = [];
    let exact = true;
    for (const step of steps) {
        const policy = ctx.settings.policies[step.kind];
        let count = 0;
        for (let offset = 0; ; ) {
            if (Date.now() >= deadline) {
                exact = false;
                break;
            }
            const page = await listRooms(ctx.read, KIND_FILTERS[step.kind], offset);
            if (!page.ok) {
                if (page.reason === 'no-permission') {
                    return { counts, exact: false, cannotList: true };
                }
                exact = false;
                break;
            }
            count += page.rooms.filter((room) => {
                const finding = judgeRoom(room, step.kind, policy, appUserId);
                return finding !== undefined && finding.compliance !== 'ok';
            }).length;
            offset += page.rooms.length;
            if (isLastPage(page.rooms)) {
                break;
            }
        }
        counts.push({ step, count });
    }
    return { counts, exact };
}

/** Refusals that need no dialog: not allowed, E2E_Enable off, nothing enforced, a run going. */
async function precheck(ctx: ActionContext): Promise<Text | undefined> {
    const gate = await authorizeWorkspaceAdmin(ctx, authorizeEnforcement);
    if (!gate.ok) {
        return gate.reply;
    }
    if (!(await isWorkspaceE2EEnabled(ctx.read))) {
        return text('toggle_workspace_off');
    }
    return undefined;
}

/** `/e2e enforce <kind|all>`: counts what would change and opens the confirmation dialog. Nothing changes before it is submitted. */
export async function openEnforcement(ctx: ActionContext, room: IRoom, scope: EnforceTarget, triggerId: string | undefined): Promise<Array<Text>> {
    const refusal = await precheck(ctx);
    if (refusal) {
        return [refusal];
    }
    const going = await ctx.services.runs.latest(ctx.read.getPersistenceReader(), RunType.Enforce);
    if (isActive(going) && going.type === RunType.Enforce) {
        return busyLines(going);
    }
    const plan = planEnforcement(scope, ctx.settings.policies);
    const unenforced = plan.unenforced.map(({ kind, policy }) => text('enforce_unenforced', { kind: kindsText(kind), policy: policyName(policy) }));
    if (plan.steps.length === 0) {
        return [text('enforce_nothing'), ...unenforced];
    }
    const { counts, exact, cannotList } = await countToSwitch(ctx, plan.steps, Date.now() + COUNT_BUDGET_MS);
    if (cannotList) {
        return [text('enforce_not_started', { reason: stopText(StopReason.CannotListRooms) })];
    }
    const expected = counts.reduce((sum, c) => sum + c.count, 0);
    if (expected === 0 && exact) {
        return [text('enforce_in_line'), ...unenforced];
    }
    if (!triggerId) {
        return [text('reset_no_dialog')];
    }
    const rate = ctx.settings.enforcementRate;
    const pending: PendingEnforcement = {
        viewId: `${ENFORCE_VIEW_PREFIX}${randomUUID()}`,
        adminId: ctx.user.id,
        scope,
        steps: plan.steps,
        expected,
        expectedExact: exact,
        rate,
        roomId: room.id,
        openedAt: Date.now(),
    };
    await ctx.services.pendingEnforcements.save(ctx.persis, pending);
    const lines: Array<Text> = counts.map(({ step, count }) =>
        text(step.wanted ? 'enforce_modal_switch_on' : 'enforce_modal_switch_off', {
            kind: kindsText(step.kind),
            count: atLeast(count, exact),
            policy: policyName(ctx.settings.policies[step.kind]),
        }),
    );
    const language = await languageOf(ctx.read, ctx.user);
    await ctx.modify.getUiController().openModalView(
        enforceModal(pending.viewId, language, {
            lines: [...lines, ...unenforced],
            pace: text('enforce_modal_pace', { rate, duration: durationText(estimateSeconds(expected, rate)) }),
            turnsOn: plan.steps.some((step) => step.wanted),
            turnsOff: plan.steps.some((step) => !step.wanted),
            exact,
        }),
        { triggerId },
        ctx.user,
    );
    return [];
}

function busyLines(run: EnforceRun): Array<Text> {
    return [text('enforce_busy', { username: run.startedBy.username }), enforceProgressText(run)];
}

const SUBMIT_REFUSAL_TEXT = {
    unknown: 'enforce_dialog_gone',
    'not-owner': 'reset_not_yours',
    expired: 'enforce_dialog_gone',
    'policy-changed': 'enforce_policy_changed',
} as const;

/** The dialog was submitted: check it again, consume it, and start the run unless one is going. */
export async function confirmEnforcement(ctx: ActionContext, viewId: string): Promise<{ reply: Array<Text>; roomId?: string }> {
    const store = ctx.services.pendingEnforcements;
    const pending = await store.find(ctx.read.getPersistenceReader(), viewId);
    const refusal = checkEnforceSubmission({ pending, submitterId: ctx.user.id, now: Date.now(), policies: ctx.settings.policies });
    if (refusal === 'unknown' || !pending) {
        return { reply: [text('enforce_dialog_gone')] };
    }
    if (refusal === 'not-owner') {
        return { reply: [text(SUBMIT_REFUSAL_TEXT[refusal])], roomId: pending.roomId };
    }
    await store.remove(ctx.persis, viewId);
    if (refusal) {
        return { reply: [text(SUBMIT_REFUSAL_TEXT[refusal])], roomId: pending.roomId };
    }
    const precheckRefusal = await precheck(ctx);
    if (precheckRefusal) {
        return { reply: [precheckRefusal], roomId: pending.roomId };
    }
    const now = Date.now();
    const claimed = await claimRun<EnforceRun>(ctx, RunType.Enforce, (seq) => ({
        ...runStart(seq, randomUUID(), personOf(ctx.user), pending.roomId, now),
        type: RunType.Enforce,
        target: pending.scope,
        steps: pending.steps,
        rate: ctx.settings.enforcementRate,
        expected: pending.expected,
        expectedExact: pending.expectedExact,
        switched: 0,
        alreadyOk: 0,
        failed: 0,
        consecutiveFailures: 0,
        failedRoomIds: [],
        skippedKinds: [],
        rateLimited: 0,
    }));
    if (!('started' in claimed)) {
        const busy = claimed.busy;
        return { reply: busy?.type === RunType.Enforce ? busyLines(busy) : [text('run_contended')], roomId: pending.roomId };
    }
    const run = claimed.started;
    await recordAudit(ctx, ctx.user, { action: AuditAction.EnforceStart, outcome: AuditOutcome.Done, count: run.expected });
    await scheduleSlice(ctx.modify, JobId.Enforcement, run, now);
    return {
        reply: [
            text('enforce_started', {
                count: atLeast(run.expected, run.expectedExact),
                rate: run.rate,
                duration: durationText(estimateSeconds(run.expected, run.rate)),
            }),
        ],
        roomId: pending.roomId,
    };
}

/** The dialog was closed: forget it if it was this person's. */
export async function closeEnforcementDialog(ctx: ActionContext, viewId: string): Promise<void> {
    const store = ctx.services.pendingEnforcements;
    const pending = await store.find(ctx.read.getPersistenceReader(), viewId);
    if (pending && pending.adminId === ctx.user.id) {
        await store.remove(ctx.persis, viewId);
    }
}

/** `/e2e enforce status`: the run going on, or how the last one ended. */
export async function enforcementStatus(ctx: ActionContext): Promise<Array<Text>> {
    const gate = await authorizeWorkspaceAdmin(ctx, authorizeReport);
    if (!gate.ok) {
        return [gate.reply];
    }
    const run = await ctx.services.runs.latest(ctx.read.getPersistenceReader(), RunType.Enforce);
    return enforceStatusLines(run?.type === RunType.Enforce ? run : undefined, Date.now());
}

/**
 * `/e2e enforce cancel`: stops the run. A slice running in this process stops before its next
 * room and is waited for; one on another server instance sees the request at its next
 * checkpoint. Pending slices are removed from the scheduler.
 */
export async function cancelEnforcement(ctx: ActionContext): Promise<Array<Text>> {
    const gate = await authorizeWorkspaceAdmin(ctx, authorizeEnforcement);
    if (!gate.ok) {
        return [gate.reply];
    }
    const { runs, slices } = ctx.services;
    const reader = ctx.read.getPersistenceReader();
    const going = await runs.latest(reader, RunType.Enforce);
    if (!isActive(going) || going.type !== RunType.Enforce) {
        return [text('enforce_not_running')];
    }
    const by = personOf(ctx.user);
    slices.cancel(going.runId);
    await runs.requestCancel(ctx.persis, going.runId, by);
    await ctx.modify.getScheduler().cancelJob(JobId.Enforcement);
    // A slice here stops before its next room; wait for it, but not past the command's own time limit.
    for (const end = Date.now() + CANCEL_WAIT_MS; slices.isRunning(RunType.Enforce) && Date.now() < end; ) {
        await sleep(50);
    }
    const current = await runs.latest(reader, RunType.Enforce);
    if (!current || current.type !== RunType.Enforce || current.runId !== going.runId || !isActive(current)) {
        return current?.type === RunType.Enforce ? enforceEndLines(current) : [text('enforce_not_running')];
    }
    const ended = await endEnforcement(ctx, { ...current, cancelledBy: by }, RunStatus.Cancelled, current);
    if (ended.startedBy.id !== ctx.user.id) {
        await tellStarter(ctx, ended, enforceEndLines(ended));
    }
    return enforceEndLines(ended);
}

// ------------------------------------------------------------------------------------------ the background run

/** Writes the run's end, audits it, and returns it (telling the starter is the caller's). */
async function endEnforcement(ctx: JobContext, run: EnforceRun, status: Exclude<RunStatus, RunStatus.Running>, saved: EnforceRun, reason?: StopReason): Promise<EnforceRun> {
    const ended = nextState(saved, endRun(run, status, Date.now(), reason));
    await ctx.services.runs.write(ctx.persis, ended, saved);
    await recordAudit(ctx, status === RunStatus.Cancelled ? run.cancelledBy : run.startedBy, {
        action: status === RunStatus.Cancelled ? AuditAction.EnforceCancel : AuditAction.EnforceEnd,
        outcome: status === RunStatus.Stopped ? AuditOutcome.Failed : AuditOutcome.Done,
        ...(reason ? { reason } : {}),
        count: ended.switched,
    });
    return ended;
}

/** One slice of an enforcement run (a processor run, or a resume of a run nobody works on). */
export function enforcementSlice(ctx: JobContext, data: SliceData): Promise<void> {
    return runSlice<EnforceRun>(ctx, RunType.Enforce, data, (run, deadline) => new EnforcementSlice(ctx, run).work(deadline));
}

class EnforcementSlice {
    private saved: EnforceRun;
    private lastCallAt: number | undefined;
    private lastSaveAt = Date.now();
    private changesSinceSave = 0;
    /** Rooms switched in this slice per step, for one aggregated audit record each. */
    private readonly switchedHere = new Map<number, number>();
    private admin?: IUser;

    constructor(
        private readonly ctx: JobContext,
        private run: EnforceRun,
    ) {
        this.saved = run;
    }

    public async work(deadline: number): Promise<void> {
        const cancelledBy = await this.ctx.services.runs.cancelRequested(this.ctx.read.getPersistenceReader(), this.run.runId);
        if (cancelledBy) {
            return this.end(RunStatus.Cancelled, undefined, cancelledBy);
        }
        if (!(await isWorkspaceE2EEnabled(this.ctx.read))) {
            return this.end(RunStatus.Stopped, StopReason.WorkspaceE2EOff);
        }
        this.admin = await findUserById(this.ctx.read, this.run.startedBy.id);
        await this.tellProgressIfDue();
        const appUserId = (await findAppUser(this.ctx.read))?.id;
        while (!allStepsDone(this.run)) {
            const step = this.run.steps[this.run.step];
            if (!stepStillEnforced(step, this.ctx.settings.policies)) {
                this.run = nextStep({ ...this.run, skippedKinds: [...this.run.skippedKinds, step.kind] });
                continue;
            }
            if (Date.now() >= deadline) {
                return this.continueAt(Date.now());
            }
            const page = await listRooms(this.ctx.read, KIND_FILTERS[step.kind], this.run.offset);
            if (!page.ok) {
                if (page.reason === 'no-permission') {
                    return this.end(RunStatus.Stopped, StopReason.CannotListRooms);
                }
                this.run = { ...this.run, consecutiveFailures: this.run.consecutiveFailures + 1 };
                return tooManyFailures(this.run.consecutiveFailures) ? this.end(RunStatus.Stopped, StopReason.TooManyFailures) : this.continueAt(Date.now() + LISTING_RETRY_MS);
            }
            const policy = this.ctx.settings.policies[step.kind];
            for (const listed of page.rooms) {
                const finding = judgeRoom(listed, step.kind, policy, appUserId);
                if (!finding || finding.compliance === 'ok') {
                    this.run = advance(this.run, 1);
                    continue;
                }
                // Stop here (this room not done) when cancelled or out of time: the next slice starts with it.
                if (this.ctx.services.slices.isCancelled(this.run.runId)) {
                    return this.save();
                }
                const at = nextCallAt(this.lastCallAt, this.run.rate, Date.now());
                if (at >= deadline) {
                    return this.continueAt(at);
                }
                await sleep(at - Date.now());
                this.lastCallAt = Date.now();
                const change = await this.change(listed.id, step);
                if (change.stop) {
                    return this.end(RunStatus.Stopped, change.stop);
                }
                if (change.waitMs !== undefined) {
                    this.run = { ...this.run, rateLimited: this.run.rateLimited + 1 };
                    return this.continueAt(Date.now() + change.waitMs);
                }
                this.run = advance(change.outcome ? countChange(this.run, change.outcome, listed.id) : this.run, 1);
                if (change.outcome === 'switched') {
                    this.switchedHere.set(this.run.step, (this.switchedHere.get(this.run.step) ?? 0) + 1);
                }
                if (tooManyFailures(this.run.consecutiveFailures)) {
                    return this.end(RunStatus.Stopped, StopReason.TooManyFailures);
                }
                if (await this.checkpointDue()) {
                    const cancelled = await this.checkpoint();
                    if (cancelled) {
                        return;
                    }
                }
            }
            if (isLastPage(page.rooms)) {
                this.run = nextStep(this.run);
            }
        }
        return this.end(RunStatus.Done);
    }

    /** Switches one room through the one code path every change of a room's encryption takes. */
    private async change(roomId: string, step: EnforcementStep): Promise<{ outcome?: ChangeOutcome; stop?: StopReason; waitMs?: number }> {
        const room = await findRoomById(this.ctx.read, roomId);
        if (!room) {
            return {};
        }
        const result = await changeEncryption(this.ctx, {
            room,
            encrypted: step.wanted,
            action: AuditAction.Enforce,
            requestedBy: 'policy',
            actor: this.admin,
            aggregated: true,
        });
        switch (result.status) {
            case 'done':
                return { outcome: 'switched' };
            case 'refused':
                if (result.reason === RefusalReason.WorkspaceE2EOff) {
                    return { stop: StopReason.WorkspaceE2EOff };
                }
                // Already in line (switched elsewhere since it was listed), or no longer a room the policy covers.
                return { outcome: result.reason === RefusalReason.Already ? 'already' : undefined };
            case 'failed':
                if (result.reason === RefusalReason.NotConfigured) {
                    return { stop: StopReason.NotConfigured };
                }
                if (result.reason === 'rate-limited' || result.retryAfterMs !== undefined) {
                    return { waitMs: result.retryAfterMs ?? 60_000 };
                }
                return { outcome: 'failed' };
        }
    }

    private async checkpointDue(): Promise<boolean> {
        this.changesSinceSave += 1;
        return this.changesSinceSave >= CHECKPOINT_CHANGES || Date.now() - this.lastSaveAt >= CHECKPOINT_MS;
    }

    /** Saves the place, tells progress when due; answers whether the run was cancelled meanwhile (then it ends here). */
    private async checkpoint(): Promise<boolean> {
        await this.tellProgressIfDue();
        await this.save();
        const cancelledBy = await this.ctx.services.runs.cancelRequested(this.ctx.read.getPersistenceReader(), this.run.runId);
        if (cancelledBy && !this.ctx.services.slices.isCancelled(this.run.runId)) {
            // Cancelled on another server instance, which may not see this slice: end it here.
            await this.end(RunStatus.Cancelled, undefined, cancelledBy);
            return true;
        }
        return this.ctx.services.slices.isCancelled(this.run.runId);
    }

    /** At every further tenth of the rooms, or after 30 seconds without a word (also while waiting for a rate limit). */
    private async tellProgressIfDue(): Promise<void> {
        const now = Date.now();
        const done = enforceProgress(this.run);
        if (progressDue({ lastNoticeAt: this.run.lastNoticeAt, lastNoticeDone: this.run.lastNoticeDone, done, total: this.run.expected, now })) {
            this.run = { ...this.run, lastNoticeAt: now, lastNoticeDone: done };
            await tellStarter(this.ctx, this.run, [enforceProgressText(this.run)]);
        }
    }

    private async save(): Promise<void> {
        await this.auditSwitched();
        const next = nextState(this.saved, { ...this.run, dueAt: Date.now() });
        await this.ctx.services.runs.write(this.ctx.persis, next, this.saved);
        this.saved = next;
        this.run = next;
        this.lastSaveAt = Date.now();
        this.changesSinceSave = 0;
    }

    /** One record per step for the rooms this slice switched since the last one. */
    private async auditSwitched(): Promise<void> {
        for (const [stepIndex, count] of this.switchedHere) {
            const step = this.run.steps[stepIndex];
            await recordAudit(this.ctx, this.run.startedBy, {
                action: AuditAction.Enforce,
                outcome: AuditOutcome.Done,
                // the policy the step enforced, whatever the setting holds by now
                reason: policyReason(step.wanted ? Policy.Required : Policy.Disabled),
                count,
            });
        }
        this.switchedHere.clear();
    }

    private async continueAt(at: number): Promise<void> {
        this.run = { ...this.run, dueAt: at };
        await this.auditSwitched();
        const next = nextState(this.saved, this.run);
        await this.ctx.services.runs.write(this.ctx.persis, next, this.saved);
        this.saved = next;
        await scheduleSlice(this.ctx.modify, JobId.Enforcement, next, at);
    }

    private async end(status: Exclude<RunStatus, RunStatus.Running>, reason?: StopReason, cancelledBy?: EnforceRun['cancelledBy']): Promise<void> {
        await this.auditSwitched();
        const ended = await endEnforcement(this.ctx, { ...this.run, ...(cancelledBy ? { cancelledBy } : {}) }, status, this.saved, reason);
        await tellStarter(this.ctx, ended, enforceEndLines(ended));
    }
}
