/** UIKit action ids: the room buttons and the reset dialog's buttons. */
export enum ActionId {
    Status = 'e2e-status',
    Enable = 'e2e-enable',
    Disable = 'e2e-disable',
    ResetConfirm = 'e2e-reset-confirm',
    ResetCancel = 'e2e-reset-cancel',
    EnforceConfirm = 'e2e-enforce-confirm',
    EnforceCancel = 'e2e-enforce-cancel',
}

/** Prefix of the reset dialogs' view ids. */
export const RESET_VIEW_PREFIX = 'e2ee-reset-';

/** Prefix of the `/e2e enforce` confirmation dialogs' view ids. */
export const ENFORCE_VIEW_PREFIX = 'e2ee-enforce-';
