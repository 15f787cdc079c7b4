import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';

import { POLICIES, Policy } from '../policy/Policy';
import { SettingId, SettingSection } from './SettingId';

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
export const MAX_REQUEST_TIMEOUT_SECONDS = 60;
export const DEFAULT_AUDIT_RETENTION_DAYS = 90;
export const MAX_AUDIT_RETENTION_DAYS = 3650;

const POLICY_VALUES = POLICIES.map((key) => ({ key, i18nLabel: `policy_${key}` }));

function described(id: SettingId): Pick<ISetting, 'id' | 'i18nLabel' | 'i18nDescription'> {
    return { id, i18nLabel: id, i18nDescription: `${id}_description` };
}

function policySetting(id: SettingId): ISetting {
    return {
        ...described(id),
        type: SettingType.SELECT,
        packageValue: Policy.Optional,
        values: POLICY_VALUES,
        required: true,
        public: false,
        section: SettingSection.Policy,
    };
}

function booleanSetting(id: SettingId, section: SettingSection): ISetting {
    return { ...described(id), type: SettingType.BOOLEAN, packageValue: true, required: false, public: false, section };
}

export const SETTINGS: ReadonlyArray<ISetting> = [
    policySetting(SettingId.PolicyDirect),
    policySetting(SettingId.PolicyPrivateChannel),
    policySetting(SettingId.PolicyPrivateTeam),
    policySetting(SettingId.PolicyDiscussion),
    {
        ...described(SettingId.ServiceUserId),
        type: SettingType.STRING,
        packageValue: '',
        required: false,
        public: false,
        section: SettingSection.ServiceAccount,
    },
    {
        ...described(SettingId.ServiceToken),
        type: SettingType.PASSWORD,
        packageValue: '',
        required: false,
        public: false,
        section: SettingSection.ServiceAccount,
    },
    {
        ...described(SettingId.WorkspaceUrl),
        type: SettingType.STRING,
        packageValue: '',
        required: false,
        public: false,
        section: SettingSection.ServiceAccount,
    },
    {
        ...described(SettingId.RequestTimeoutSeconds),
        type: SettingType.NUMBER,
        packageValue: DEFAULT_REQUEST_TIMEOUT_SECONDS,
        required: false,
        public: false,
        section: SettingSection.ServiceAccount,
    },
    booleanSetting(SettingId.BlockPlaintext, SettingSection.Guards),
    booleanSetting(SettingId.BlockMisplacedCiphertext, SettingSection.Guards),
    booleanSetting(SettingId.StripSearchableCiphertext, SettingSection.Guards),
    booleanSetting(SettingId.NotifyOnJoin, SettingSection.Guards),
    {
        ...described(SettingId.AuditRetentionDays),
        type: SettingType.NUMBER,
        packageValue: DEFAULT_AUDIT_RETENTION_DAYS,
        required: false,
        public: false,
        section: SettingSection.Audit,
    },
];
