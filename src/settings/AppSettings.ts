import type { ISettingRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { Policies } from '../policy/Policy';
import { isPolicy, Policy } from '../policy/Policy';
import type { SupportedKind } from '../policy/RoomKind';
import { RoomKind } from '../policy/RoomKind';
import {
    DEFAULT_AUDIT_RETENTION_DAYS,
    DEFAULT_ENFORCEMENT_RATE,
    DEFAULT_REQUEST_TIMEOUT_SECONDS,
    DEFAULT_RETRY_INTERVAL_MINUTES,
    MAX_AUDIT_RETENTION_DAYS,
    MAX_ENFORCEMENT_RATE,
    MAX_REQUEST_TIMEOUT_SECONDS,
    MAX_RETRY_INTERVAL_MINUTES,
    SETTINGS,
} from './definitions';
import { SettingId } from './SettingId';

/** The app's settings, validated: what every decision reads. */
export interface AppSettings {
    readonly policies: Policies;
    readonly serviceUserId: string;
    readonly serviceToken: string;
    /** Empty: use the server's Site_Url. */
    readonly workspaceUrl: string;
    readonly requestTimeoutMs: number;
    readonly blockPlaintext: boolean;
    readonly blockMisplacedCiphertext: boolean;
    readonly stripSearchableCiphertext: boolean;
    readonly notifyOnJoin: boolean;
    readonly auditRetentionDays: number;
    /** At most this many encryption changes a second while enforcing a policy on existing rooms (1 to 50). */
    readonly enforcementRate: number;
    /** How often failed automatic enables and reverts are tried again (minutes). */
    readonly retryIntervalMinutes: number;
    /** Settings whose stored value was unusable and replaced by the default. */
    readonly invalid: ReadonlyArray<SettingId>;
    /** Policy settings whose stored value is none of the four policies: their kind's policy is unknown (`undefined`). */
    readonly unusablePolicies: ReadonlyArray<SettingId>;
}

const POLICY_SETTING: Readonly<Record<SupportedKind, SettingId>> = {
    [RoomKind.Direct]: SettingId.PolicyDirect,
    [RoomKind.PrivateChannel]: SettingId.PolicyPrivateChannel,
    [RoomKind.PrivateTeam]: SettingId.PolicyPrivateTeam,
    [RoomKind.Discussion]: SettingId.PolicyDiscussion,
};

export type RawSettings = Partial<Record<SettingId, unknown>>;

/**
 * Turns stored setting values into AppSettings. A value of the wrong type or out of range
 * falls back to the default and is listed in `invalid`, so one bad value never blocks the
 * others and an administrator can be told which one to fix. A policy setting is the
 * exception: falling back to `optional`, the most permissive policy, would open what the
 * administrator meant to close, so an unusable policy is left unknown (fail closed) and
 * listed in `unusablePolicies`. Only a missing value (never stored) is the package default.
 */
export function parseSettings(raw: RawSettings): AppSettings {
    const invalid: Array<SettingId> = [];
    const unusablePolicies: Array<SettingId> = [];

    const policy = (id: SettingId): Policy | undefined => {
        const value = raw[id];
        if (value === undefined || value === null) {
            return Policy.Optional;
        }
        if (isPolicy(value)) {
            return value;
        }
        unusablePolicies.push(id);
        return undefined;
    };
    const text = (id: SettingId): string => {
        const value = raw[id];
        if (value === undefined || value === null) {
            return '';
        }
        if (typeof value !== 'string') {
            invalid.push(id);
            return '';
        }
        return value.trim();
    };
    const flag = (id: SettingId): boolean => {
        const value = raw[id];
        if (value === undefined || value === null) {
            return true;
        }
        if (typeof value !== 'boolean') {
            invalid.push(id);
            return true;
        }
        return value;
    };
    const integer = (id: SettingId, fallback: number, max: number): number => {
        const value = raw[id];
        if (value === undefined || value === null || value === '') {
            return fallback;
        }
        const number = typeof value === 'string' ? Number(value) : value;
        if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > max) {
            invalid.push(id);
            return fallback;
        }
        return number;
    };

    const policies = {} as Record<SupportedKind, Policy | undefined>;
    for (const [kind, id] of Object.entries(POLICY_SETTING) as Array<[SupportedKind, SettingId]>) {
        policies[kind] = policy(id);
    }

    // Sent as request headers: whitespace or control characters would corrupt the request.
    const credential = (id: SettingId): string => {
        const value = text(id);
        if (value && !/^[\x21-\x7e]{1,512}$/.test(value)) {
            invalid.push(id);
            return '';
        }
        return value;
    };

    const workspaceUrl = text(SettingId.WorkspaceUrl);
    if (workspaceUrl && !isHttpUrl(workspaceUrl)) {
        invalid.push(SettingId.WorkspaceUrl);
    }

    return {
        policies,
        serviceUserId: credential(SettingId.ServiceUserId),
        serviceToken: credential(SettingId.ServiceToken),
        workspaceUrl: workspaceUrl && isHttpUrl(workspaceUrl) ? workspaceUrl : '',
        requestTimeoutMs: integer(SettingId.RequestTimeoutSeconds, DEFAULT_REQUEST_TIMEOUT_SECONDS, MAX_REQUEST_TIMEOUT_SECONDS) * 1000,
        blockPlaintext: flag(SettingId.BlockPlaintext),
        blockMisplacedCiphertext: flag(SettingId.BlockMisplacedCiphertext),
        stripSearchableCiphertext: flag(SettingId.StripSearchableCiphertext),
        notifyOnJoin: flag(SettingId.NotifyOnJoin),
        auditRetentionDays: integer(SettingId.AuditRetentionDays, DEFAULT_AUDIT_RETENTION_DAYS, MAX_AUDIT_RETENTION_DAYS),
        enforcementRate: integer(SettingId.EnforcementRate, DEFAULT_ENFORCEMENT_RATE, MAX_ENFORCEMENT_RATE),
        retryIntervalMinutes: integer(SettingId.RetryIntervalMinutes, DEFAULT_RETRY_INTERVAL_MINUTES, MAX_RETRY_INTERVAL_MINUTES),
        invalid,
        unusablePolicies,
    };
}

/** The policy of a kind, or undefined while its setting holds an unusable value. */
export function policyFor(settings: AppSettings, kind: SupportedKind): Policy | undefined {
    return settings.policies[kind];
}

/** The setting that holds the policy of a kind. */
export function policySettingOf(kind: SupportedKind): SettingId {
    return POLICY_SETTING[kind];
}

/** A base URL the app may call: http(s), no credentials, no query or fragment. */
export function isHttpUrl(value: string): boolean {
    const match = /^(https?):\/\/([^/?#@\s]+)(\/[^?#\s]*)?$/i.exec(value);
    return match !== null;
}

/** Reads every setting (one bridge round trip each); for enable time and command paths. */
export async function readSettings(reader: ISettingRead): Promise<AppSettings> {
    const entries = await Promise.all(SETTINGS.map(async (setting) => [setting.id, await reader.getValueById(setting.id)] as const));
    return parseSettings(Object.fromEntries(entries) as RawSettings);
}
