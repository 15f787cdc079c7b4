import { displayField } from '../audit/displayField';
import type { AuditRecord } from '../audit/AuditRecord';
import type { Text } from '../i18n/translate';
import { text } from '../i18n/translate';
import type { ActionContext } from './context';
import { authorizeKeyAdmin } from './keyAdmin';

function describeRecord(record: AuditRecord): Text {
    const actor = displayField(record.actorUsername ? `@${record.actorUsername}` : record.actorId ?? '-');
    const subject = displayField(record.roomName ?? (record.targetUsername ? `@${record.targetUsername}` : record.roomId ?? record.targetUserId ?? '-'));
    return text('audit_line', {
        at: record.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        action: text(`audit_action_${record.action}`),
        outcome: text(`audit_outcome_${record.outcome}`),
        actor,
        subject,
        reason: record.reason ?? '-',
        count: record.count ?? 1,
    });
}

/** `/e2e audit [n]`: the newest records, after dropping those past the retention window. */
export async function listAudit(ctx: ActionContext, limit: number): Promise<Array<Text>> {
    const gate = await authorizeKeyAdmin(ctx);
    if (!gate.ok) {
        return [gate.reply];
    }
    const reader = ctx.read.getPersistenceReader();
    await ctx.services.audit.prune(reader, ctx.persis, ctx.settings.auditRetentionDays);
    const records = await ctx.services.audit.latest(reader, limit);
    if (records.length === 0) {
        return [text('audit_empty')];
    }
    return [text('audit_header', { count: records.length }), ...records.map(describeRecord)];
}
