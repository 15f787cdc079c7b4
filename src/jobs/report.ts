import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms';
import { randomUUID } from 'crypto';

import type { ActionContext } from '../actions/context';
import { recordAudit } from '../actions/context';
import { authorizeWorkspaceAdmin } from '../actions/workspaceAdmin';
import { AuditAction, AuditOutcome } from '../audit/AuditRecord';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import { findAppUser, sendFilePrivately } from '../lib/deliverFile';
import { findUserById, listedRoomLabel } from '../lib/lookups';
import { isLastPage, listRooms } from '../lib/roomPages';
import { authorizeReport } from '../policy/authorization';
import type { RoomFinding } from '../policy/compliance';
import { addToTally, emptyTally, judgeRoom, KIND_FILTERS } from '../policy/compliance';
import type { Policy } from '../policy/Policy';
import type { ReportRun } from '../policy/runState';
import { advance, allStepsDone, endRun, nextState, nextStep, runStart, RunStatus, RunType, StopReason } from '../policy/runState';
import { SUPPORTED_KINDS } from '../policy/RoomKind';
import type { CsvRow } from '../report/csv';
import { chunksOfPart, csvHeader, csvLine, partCount, reportFileName } from '../report/csv';
import { isWorkspaceE2EEnabled } from '../settings/serverSettings';
import { JobId } from './ids';
import type { JobContext, SliceData } from './runner';
import { claimRun, personOf, runSlice, scheduleSlice, tellStarter } from './runner';
import { deliveryText, reportLines } from './texts';

/** A report this recent is good enough for the enforcement dialog's numbers (while the policies it judged by hold). */
export const REPORT_FRESH_MS = 10 * 60_000;

/** After a listing error (not a missing permission), the next slice tries again this much later. */
const LISTING_RETRY_MS = 30_000;
/**
 * A slice saves its place at least this often. A process that dies rescans the pages since;
 * their rows are written again under the same chunk numbers, which hold the same rooms.
 */
const CHECKPOINT_MS = 1000;

/**
 * `/e2e report`: starts the scan (one at a time for the workspace) and runs its first slice
 * right here, so a small workspace gets its numbers at once; a large one gets them when the
 * background slices are done. The numbers and the file come as a notice from the slice.
 */
export async function startReport(ctx: ActionContext, room: IRoom): Promise<Array<Text>> {
    const gate = await authorizeWorkspaceAdmin(ctx, authorizeReport);
    if (!gate.ok) {
        return [gate.reply];
    }
    const now = Date.now();
    const e2eEnabled = await isWorkspaceE2EEnabled(ctx.read);
    const claimed = await claimRun<ReportRun>(ctx, RunType.Report, (seq) => ({
        ...runStart(seq, randomUUID(), personOf(ctx.user), room.id, now),
        type: RunType.Report,
        steps: SUPPORTED_KINDS.map((kind) => ({ kind })),
        policies: ctx.settings.policies,
        e2eEnabled,
        tally: emptyTally(),
        rows: 0,
        chunks: 0,
        partsSent: 0,
    }));
    if (!('started' in claimed)) {
        return [claimed.busy ? text('report_busy', { username: claimed.busy.startedBy.username }) : text('run_contended')];
    }
    const { started } = claimed;
    await reportSlice(ctx, { runId: started.runId, slice: started.slice });
    const now2 = await ctx.services.runs.latest(ctx.read.getPersistenceReader(), RunType.Report);
    return now2?.runId === started.runId && now2.status === RunStatus.Running ? [text('report_started')] : [];
}

/** One slice of the report: scans pages of rooms until its budget is spent, then sends the file and the numbers. */
export function reportSlice(ctx: JobContext, data: SliceData): Promise<void> {
    return runSlice<ReportRun>(ctx, RunType.Report, data, (run, deadline) => new ReportSlice(ctx, run).work(deadline));
}

/** A room out of policy; its kind's policy is always usable here, as an unusable one puts no room out of policy. */
function csvRowOf(room: IRoomRaw, finding: RoomFinding, policy: Policy | undefined): CsvRow {
    return [room.id, finding.kind, listedRoomLabel(room), finding.encrypted, policy ?? '', !finding.encrypted, finding.waiting];
}

class ReportSlice {
    private saved: ReportRun;
    private lastSaveAt = Date.now();

    constructor(
        private readonly ctx: JobContext,
        private run: ReportRun,
    ) {
        this.saved = run;
    }

    public async work(deadline: number): Promise<void> {
        const appUserId = (await findAppUser(this.ctx.read))?.id;
        while (!allStepsDone(this.run)) {
            if (Date.now() >= deadline) {
                return this.continueAt(Date.now());
            }
            const { kind } = this.run.steps[this.run.step];
            const policy = this.run.policies[kind];
            const page = await listRooms(this.ctx.read, KIND_FILTERS[kind], this.run.offset);
            if (!page.ok) {
                return page.reason === 'no-permission' ? this.finish(RunStatus.Stopped, StopReason.CannotListRooms) : this.continueAt(Date.now() + LISTING_RETRY_MS);
            }
            let tally = this.run.tally[kind];
            const rows: Array<CsvRow> = [];
            for (const room of page.rooms) {
                const finding = judgeRoom(room, kind, policy, appUserId);
                if (finding) {
                    tally = addToTally(tally, finding);
                    if (finding.compliance !== 'ok') {
                        rows.push(csvRowOf(room, finding, policy));
                    }
                }
            }
            if (rows.length > 0) {
                await this.ctx.services.runs.addRows(this.ctx.persis, this.run.runId, this.run.chunks, rows);
            }
            this.run = advance(
                {
                    ...this.run,
                    tally: { ...this.run.tally, [kind]: tally },
                    rows: this.run.rows + rows.length,
                    chunks: this.run.chunks + (rows.length > 0 ? 1 : 0),
                    dueAt: Date.now(),
                },
                page.rooms.length,
            );
            if (isLastPage(page.rooms)) {
                this.run = nextStep(this.run);
            }
            if (Date.now() - this.lastSaveAt >= CHECKPOINT_MS) {
                await this.save();
            }
        }
        return this.deliver(deadline);
    }

    /** Sends the file, one part per turn while the budget lasts, then the numbers. */
    private async deliver(deadline: number): Promise<void> {
        const parts = partCount(this.run.chunks);
        const admin = await findUserById(this.ctx.read, this.run.startedBy.id);
        while (this.run.rows > 0 && this.run.partsSent < parts && (this.run.delivery === undefined || this.run.delivery === 'sent')) {
            if (Date.now() >= deadline && this.run.partsSent > 0) {
                return this.continueAt(Date.now());
            }
            const part = this.run.partsSent;
            let csv = csvHeader();
            for (const index of chunksOfPart(part, this.run.chunks)) {
                for (const row of await this.ctx.services.runs.rows(this.ctx.read.getPersistenceReader(), this.run.runId, index)) {
                    csv += csvLine(row);
                }
            }
            const outcome = admin ? await sendFilePrivately(this.ctx.read, this.ctx.modify, admin, reportFileName(new Date(this.run.startedAt), part, parts), csv) : 'failed';
            this.run = { ...this.run, partsSent: part + 1, delivery: outcome, dueAt: Date.now() };
            await this.save();
        }
        return this.finish(RunStatus.Done);
    }

    private async save(): Promise<void> {
        const next = nextState(this.saved, this.run);
        await this.ctx.services.runs.write(this.ctx.persis, next, this.saved);
        this.saved = next;
        this.run = next;
        this.lastSaveAt = Date.now();
    }

    private async continueAt(at: number): Promise<void> {
        this.run = { ...this.run, dueAt: at };
        await this.save();
        await scheduleSlice(this.ctx.modify, JobId.Report, this.run, at);
    }

    private async finish(status: RunStatus.Done | RunStatus.Stopped, reason?: StopReason): Promise<void> {
        const delivery = this.run.rows === 0 ? 'none' : this.run.delivery;
        this.run = endRun({ ...this.run, ...(delivery ? { delivery } : {}) }, status, Date.now(), reason);
        await this.save();
        const run = this.run;
        await this.ctx.services.runs.removeRows(this.ctx.persis, run.runId, run.chunks);
        const outOfPolicy = SUPPORTED_KINDS.reduce((sum, kind) => sum + run.tally[kind].outOfPolicy, 0);
        await recordAudit(this.ctx, run.startedBy, {
            action: AuditAction.Report,
            outcome: status === RunStatus.Done ? AuditOutcome.Done : AuditOutcome.Failed,
            ...(reason ? { reason } : {}),
            count: outOfPolicy,
        });
        const parts = partCount(run.chunks);
        const lines = reportLines(run);
        if (status === RunStatus.Done) {
            lines.push(deliveryText(run, reportFileName(new Date(run.startedAt), 0, parts), parts));
        }
        await tellStarter(this.ctx, run, lines);
    }
}
