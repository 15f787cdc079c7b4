import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';

import { POLICIES, Policy } from '../policy/Policy';
import { SettingId, SettingSection } from './SettingId';

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
export const MAX_REQUEST_TIMEOUT_SECONDS = 60;
export const DEFAULT_AUDIT_RETENTION_DAYS = 90;
export const MAX_AUDIT_RETENTION_DAYS = 3650;
export const DEFAULT_ENFORCEMENT_RATE = 5;
export const MAX_ENFORCEMENT_RATE = 50;
export const DEFAULT_RETRY_INTERVAL_MINUTES = 5;
export const MAX_RETRY_INTERVAL_MINUTES = 1440;

const POLICY_VALUES = POLICIES.map((key) => ({ key, i18nLabel: `policy_${key}` }));

function described(id: SettingId): Pick<ISetting, 'id' | 'i18nLabel' | 'i18nDescription'> {
    return { id, i18nLabel: id, i18nDescription: `${id}_description` };
}

/** A private setting (clients never read these), optional unless `extra` says otherwise. */
function setting(id: SettingId, type: SettingType, packageValue: unknown, section: SettingSection, extra: Partial<ISetting> = {}): ISetting {
    return { ...described(id), type, packageValue, required: false, public: false, section, ...extra };
}

function policySetting(id: SettingId): ISetting {
    return setting(id, SettingType.SELECT, Policy.Optional, SettingSection.Policy, { values: POLICY_VALUES, required: true });
}

function booleanSetting(id: SettingId, section: SettingSection): ISetting {
    return setting(id, SettingType.BOOLEAN, true, section);
}

export const SETTINGS: ReadonlyArray<ISetting> = [
    policySetting(SettingId.PolicyDirect),
    policySetting(SettingId.PolicyPrivateChannel),
    policySetting(SettingId.PolicyPrivateTeam),
    policySetting(SettingId.PolicyDiscussion),
    setting(SettingId.ServiceUserId, SettingType.STRING, '', SettingSection.ServiceAccount),
    setting(SettingId.ServiceToken, SettingType.PASSWORD, '', SettingSection.ServiceAccount),
    setting(SettingId.WorkspaceUrl, SettingType.STRING, '', SettingSection.ServiceAccount),
    setting(SettingId.RequestTimeoutSeconds, SettingType.NUMBER, DEFAULT_REQUEST_TIMEOUT_SECONDS, SettingSection.ServiceAccount),
    booleanSetting(SettingId.BlockPlaintext, SettingSection.Guards),
    booleanSetting(SettingId.BlockMisplacedCiphertext, SettingSection.Guards),
    booleanSetting(SettingId.StripSearchableCiphertext, SettingSection.Guards),
    booleanSetting(SettingId.NotifyOnJoin, SettingSection.Guards),
    setting(SettingId.AuditRetentionDays, SettingType.NUMBER, DEFAULT_AUDIT_RETENTION_DAYS, SettingSection.Audit),
    setting(SettingId.EnforcementRate, SettingType.NUMBER, DEFAULT_ENFORCEMENT_RATE, SettingSection.Enforcement),
    setting(SettingId.RetryIntervalMinutes, SettingType.NUMBER, DEFAULT_RETRY_INTERVAL_MINUTES, SettingSection.Enforcement),
];
