// The exact answers the app gives for the oracle's outcomes: the oracle (test/oracle/authorization.ts) says
// what happens to whom; this renders what the person reads, from the i18n catalog, for tests that compare
// whole texts.
import type { RcRoom, RcUser, Workspace } from '../../workspace/Workspace';
import type { Action, Policy, SupportedKind, WorkspaceFacts } from '../oracle/authorization';
import { expectedOutcome, kindLabel, missingPermissions, refusalKey, seesServiceHealth, successKey, supportedKind } from '../oracle/authorization';
import { personFacts, roomFacts } from './cast';
import type { Key, Lang } from './texts';
import { say } from './texts';
import { isEncrypted, label, permissionTable } from './workspace';

/** The workspace as the app finds it: every policy `optional` unless given, E2E_Enable on, the service configured. */
export function workspaceFacts(ws: Workspace, o: { policy?: Policy; e2eEnable?: boolean; serviceConfigured?: boolean } = {}): WorkspaceFacts {
    const policy = o.policy ?? 'optional';
    return {
        policies: { direct: policy, private_channel: policy, private_team: policy, discussion: policy },
        e2eEnable: o.e2eEnable ?? true,
        serviceConfigured: o.serviceConfigured ?? true,
        table: permissionTable(ws),
    };
}

/** The first lines of `/e2e status` about a room: its state, kind, policy and the workspace switch. */
export function statusLines(ws: Workspace, room: RcRoom, o: { policy?: Policy; workspaceOn?: boolean; lang?: Lang } = {}): Array<string> {
    const lang = o.lang ?? 'en';
    const facts = roomFacts(ws, room);
    const kindText = say(`kind_${kindLabel(facts)}` as Key, {}, lang);
    return [
        say(isEncrypted(ws, room) ? 'status_encrypted' : 'status_not_encrypted', { room: label(ws, room) }, lang),
        say('status_kind', { kind: kindText }, lang),
        supportedKind(facts)
            ? say('status_policy', { policy: say(`policy_${o.policy ?? 'optional'}` as Key, {}, lang) }, lang)
            : say('status_unsupported', { kind: kindText }, lang),
        say(o.workspaceOn === false ? 'status_workspace_off' : 'status_workspace_on', {}, lang),
    ];
}

/** What `/e2e status` (or the status button) tells `who` about `room`, the service account working. */
export function expectedStatus(ws: Workspace, room: RcRoom, who: RcUser, o: { policy?: Policy; lang?: Lang } = {}): string {
    const lang = o.lang ?? 'en';
    const person = personFacts(ws, who, room);
    const outcome = expectedOutcome({ action: 'status', person, room: roomFacts(ws, room), workspace: workspaceFacts(ws, o) });
    if (outcome.result === 'refused') {
        return say(refusalKey('status', outcome.reason), { name: room._id }, lang);
    }
    const lines = statusLines(ws, room, o);
    if (seesServiceHealth(person)) {
        lines.push(say('status_service_ok', { username: 'svc' }, lang));
    }
    return lines.join('\n');
}

export interface ToggleAnswer {
    readonly text: string;
    readonly done: boolean;
    /** the audit record's outcome and reason, or undefined when nothing is recorded */
    readonly audit?: { readonly outcome: 'done' | 'refused'; readonly reason?: string };
}

/** What enabling or disabling `room` (in its current state) does for `who`, through the command or a button. */
export function expectedToggle(ws: Workspace, room: RcRoom, who: RcUser, action: Extract<Action, 'enable' | 'disable'>, o: { policy?: Policy } = {}): ToggleAnswer {
    const person = personFacts(ws, who, room);
    const facts = roomFacts(ws, room);
    const workspace = workspaceFacts(ws, o);
    const outcome = expectedOutcome({ action, person, room: facts, workspace });
    if (outcome.result === 'done') {
        return { text: say(successKey(action) as Key, { room: label(ws, room) }), done: true, audit: { outcome: 'done' } };
    }
    if (outcome.result !== 'refused') {
        throw new Error(`a toggle cannot end ${outcome.result}`);
    }
    const kind = kindLabel(facts);
    const params: Record<string, string> = {
        name: room._id,
        room: label(ws, room),
        kind: say(`kind_${kind}` as Key),
        policy: say(`policy_${workspace.policies[kind as SupportedKind] ?? 'optional'}` as Key),
        permissions: missingPermissions(person, facts, workspace.table).join(', '),
    };
    return {
        text: say(refusalKey(action, outcome.reason), params),
        done: false,
        ...(outcome.audited && { audit: { outcome: 'refused' as const, reason: outcome.reason } }),
    };
}
