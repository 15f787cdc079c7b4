/**
 * Every app setting id, in one place. The i18n key of a setting's label is its id and the
 * key of its description is `<id>_description` (see definitions.ts).
 */
export enum SettingId {
    PolicyDirect = 'policy_direct',
    PolicyPrivateChannel = 'policy_private_channel',
    PolicyPrivateTeam = 'policy_private_team',
    PolicyDiscussion = 'policy_discussion',
    ServiceUserId = 'service_user_id',
    ServiceToken = 'service_token',
    WorkspaceUrl = 'workspace_url',
    RequestTimeoutSeconds = 'request_timeout_seconds',
    BlockPlaintext = 'block_plaintext',
    BlockMisplacedCiphertext = 'block_misplaced_ciphertext',
    StripSearchableCiphertext = 'strip_searchable_ciphertext',
    NotifyOnJoin = 'notify_on_join',
    AuditRetentionDays = 'audit_retention_days',
    EnforcementRate = 'enforcement_rate',
    RetryIntervalMinutes = 'retry_interval_minutes',
}

export enum SettingSection {
    Policy = 'section_policy',
    ServiceAccount = 'section_service_account',
    Guards = 'section_guards',
    Audit = 'section_audit',
    Enforcement = 'section_enforcement',
}
