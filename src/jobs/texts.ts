import type { MessageKey, Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import type { KindTally } from '../policy/compliance';
import type { EnforcementStep } from '../policy/enforcement';
import { durationText, EnforceTarget, estimateSeconds } from '../policy/enforcement';
import type { Policy } from '../policy/Policy';
import type { EnforceRun, ReportRun } from '../policy/runState';
import { enforceProgress, roomsLeft, RunStatus, StopReason } from '../policy/runState';
import type { SupportedKind } from '../policy/RoomKind';

/** What people are told about background runs. Pure: a run state in, texts out. */

export function kindsText(kind: SupportedKind): Text {
    return text(`kinds_${kind}`);
}

export function policyName(policy: Policy | undefined): Text {
    return text(policy === undefined ? 'policy_name_unusable' : `policy_name_${policy}`);
}

const STOP_TEXT: Readonly<Record<StopReason, MessageKey>> = {
    [StopReason.WorkspaceE2EOff]: 'run_stopped_workspace_e2e_off',
    [StopReason.NotConfigured]: 'run_stopped_not_configured',
    [StopReason.TooManyFailures]: 'run_stopped_too_many_failures',
    [StopReason.CannotListRooms]: 'run_stopped_cannot_list_rooms',
};

export function stopText(reason: StopReason | undefined): Text {
    return text(STOP_TEXT[reason ?? StopReason.TooManyFailures]);
}

/** "1,234" would read as two numbers in some languages: counts are shown as plain digits. */
function count(n: number): string {
    return String(n);
}

export function atLeast(n: number, exact: boolean): Text | string {
    return exact ? count(n) : text('count_at_least', { n: count(n) });
}

export function targetText(target: EnforceTarget, steps: ReadonlyArray<EnforcementStep>): Text {
    if (target === EnforceTarget.All || steps.length !== 1) {
        return text('enforce_target_all');
    }
    return kindsText(steps[0].kind);
}

// ------------------------------------------------------------------------------------------ report
export function reportLines(run: ReportRun): Array<Text> {
    const lines: Array<Text> = [text(run.e2eEnabled ? 'report_header_on' : 'report_header_off')];
    for (const { kind } of run.steps) {
        const tally: KindTally = run.tally[kind];
        lines.push(
            text('report_line', {
                kind: kindsText(kind),
                policy: policyName(run.policies[kind]),
                rooms: count(tally.rooms),
                encrypted: count(tally.encrypted),
                outOfPolicy: count(tally.outOfPolicy),
                waiting: count(tally.waiting),
            }),
        );
    }
    if (run.status === RunStatus.Stopped) {
        lines.push(text('report_incomplete', { reason: stopText(run.stopReason) }));
    }
    return lines;
}

export function deliveryText(run: ReportRun, firstFile: string, parts: number): Text {
    switch (run.delivery) {
        case 'sent':
            return parts > 1
                ? text('report_files_sent', { count: count(run.rows), parts: count(parts), file: firstFile })
                : text('report_file_sent', { count: count(run.rows), file: firstFile });
        case 'encrypted':
            return text('report_file_encrypted');
        case 'failed':
            return text('report_file_failed');
        default:
            return text('report_file_none');
    }
}

// ------------------------------------------------------------------------------------------ enforcement
function counts(run: EnforceRun) {
    return { switched: count(run.switched), failed: count(run.failed), left: count(roomsLeft(run)) };
}

export function enforceProgressText(run: EnforceRun): Text {
    return text('enforce_progress', { done: count(enforceProgress(run)), expected: atLeast(run.expected, run.expectedExact), ...counts(run) });
}

/** The end of a run: how it ended, and what it did. */
export function enforceEndLines(run: EnforceRun): Array<Text> {
    const lines: Array<Text> = [];
    switch (run.status) {
        case RunStatus.Cancelled:
            lines.push(text('enforce_cancelled', { username: run.cancelledBy?.username ?? '-', ...counts(run) }));
            break;
        case RunStatus.Stopped:
            lines.push(text('enforce_stopped', { reason: stopText(run.stopReason), ...counts(run) }));
            break;
        default:
            lines.push(text('enforce_done', counts(run)));
    }
    lines.push(...enforceDetails(run));
    return lines;
}

function enforceDetails(run: EnforceRun): Array<Text> {
    const lines: Array<Text> = [];
    for (const kind of run.skippedKinds) {
        lines.push(text('enforce_skipped_kind', { kind: kindsText(kind) }));
    }
    if (run.rateLimited > 0) {
        lines.push(text('enforce_rate_limited', { count: count(run.rateLimited) }));
    }
    if (run.failedRoomIds.length > 0) {
        lines.push(text('enforce_failed_rooms', { rooms: run.failedRoomIds.join(', ') }));
    }
    return lines;
}

/** `/e2e enforce status`: the run going on, or how the last one ended. */
export function enforceStatusLines(run: EnforceRun | undefined, now: number): Array<Text> {
    if (!run) {
        return [text('enforce_status_none')];
    }
    const started = { target: targetText(run.target, run.steps), username: run.startedBy.username, at: isoMinute(run.startedAt) };
    if (run.status !== RunStatus.Running) {
        return [text('enforce_status_ended', { ...started, ended: isoMinute(run.endedAt ?? now) }), ...enforceEndLines(run)];
    }
    const remaining = Math.max(0, run.expected - enforceProgress(run));
    return [
        text('enforce_status_running', { ...started, rate: count(run.rate) }),
        enforceProgressText(run),
        text('enforce_status_eta', { duration: durationText(estimateSeconds(remaining, run.rate)) }),
        ...enforceDetails(run),
    ];
}

/** `2026-01-31 09:30Z`: a time everyone reads the same, whatever their time zone. */
export function isoMinute(at: number): string {
    return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}
