import { displayField } from '../audit/displayField';
import type { AuditRecord } from '../audit/AuditRecord';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import type { ActionContext } from './context';
import { authorizeKeyAdmin } from './keyAdmin';

function describeRecord(record: AuditRecord): Text {
    const actor = displayField(record.actorUsername ? `@${record.actorUsername}` : record.actorId ?? '-');
    const subject = displayField(record.roomName ?? (record.targetUsername ? `@${record.targetUsername}` : record.roomId ?? record.targetUserId ?? '-'));
    const count = record.count ?? 1;
    return text(count > 1 ? 'audit_line_count' : 'audit_line', {
        at: record.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        action: text(`audit_action_${record.action}`),
        outcome: text(`audit_outcome_${record.outcome}`),
        actor,
        subject,
        reason: record.reason ?? '-',
        count,
    });
}

/**
 * `/e2e audit [n]`: the newest records, after dropping those past the retention window (a bounded amount of work
 * per call) and writing out the refusals this instance still counts in memory.
 */
export async function listAudit(ctx: ActionContext, limit: number): Promise<Array<Text>> {
    const gate = await authorizeKeyAdmin(ctx);
    if (!gate.ok) {
        return [gate.reply];
    }
    const reader = ctx.read.getPersistenceReader();
    await ctx.services.audit.prune(reader, ctx.persis, ctx.settings.auditRetentionDays);
    await ctx.services.audit.flush(ctx.persis, reader);
    const records = await ctx.services.audit.latest(reader, limit, ctx.settings.auditRetentionDays);
    if (records.length === 0) {
        return [text('audit_empty')];
    }
    return [text('audit_header', { count: records.length }), ...records.map(describeRecord)];
}
