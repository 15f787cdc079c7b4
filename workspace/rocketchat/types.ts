// Shapes of the Rocket.Chat documents the stand-in keeps (packages/core-typings: IUser, IRoom,
// ISubscription, IMessage, IRole, IPermission, ILoginToken / IPersonalAccessToken). Only the fields
// that matter here; any extra field a test sets is kept as is.

export type RoomType = 'c' | 'p' | 'd' | 'l';
export type UserType = 'user' | 'bot' | 'app';

export interface LoginToken {
    hashedToken: string;
    when?: string; // session tokens
    type?: 'personalAccessToken';
    name?: string;
    createdAt?: string;
    lastTokenPart?: string;
    bypassTwoFactor?: boolean;
}

export interface RcUser {
    _id: string;
    username: string;
    name: string;
    type: UserType;
    roles: string[];
    active: boolean;
    status?: string;
    language?: string;
    emails?: Array<{ address: string; verified: boolean }>;
    federated?: boolean;
    appId?: string;
    createdAt: string;
    _updatedAt: string;
    e2e?: { public_key: string; private_key: string };
    services?: {
        resume?: { loginTokens: LoginToken[] };
        // sha256 hex of the password, what a client sends as the 2FA password code (PasswordCheckFallback)
        password?: { sha256?: string };
        totp?: { enabled: boolean };
        email2fa?: { enabled: boolean };
    };
    settings?: { preferences?: { language?: string } };
    [extra: string]: unknown;
}

export interface RcRoom {
    _id: string;
    t: RoomType;
    name?: string;
    fname?: string;
    u?: { _id: string; username: string; name?: string };
    uids?: string[];
    usernames?: string[];
    usersCount: number;
    msgs: number;
    ts: string;
    _updatedAt: string;
    ro?: boolean;
    default?: boolean;
    sysMes?: boolean;
    encrypted?: boolean;
    e2eKeyId?: string;
    usersWaitingForE2EKeys?: Array<{ userId: string; ts: string }>;
    teamId?: string;
    teamMain?: boolean;
    prid?: string;
    federated?: boolean;
    description?: string;
    topic?: string;
    archived?: boolean;
    broadcast?: boolean;
    [extra: string]: unknown;
}

export interface RcSubscription {
    _id: string;
    rid: string;
    u: { _id: string; username: string; name?: string };
    t: RoomType;
    name?: string;
    fname?: string;
    roles?: string[];
    open: boolean;
    ts: string;
    prid?: string;
    E2EKey?: string;
    E2ESuggestedKey?: string;
    oldRoomKeys?: Array<{ E2EKey: string; ts: string; e2eKeyId: string }>;
    autoTranslate?: boolean;
    /** a pending invitation (native federation): not membership until accepted (Subscriptions.countByRoomIdAndUserId) */
    status?: 'INVITED';
    inviter?: { _id: string; username: string; name?: string };
    [extra: string]: unknown;
}

export interface RcMessage {
    _id: string;
    rid: string;
    msg: string;
    ts: string;
    _updatedAt: string;
    u: { _id: string; username: string; name?: string };
    t?: string;
    e2e?: 'pending' | 'done';
    content?: { algorithm: string; ciphertext: string; kid?: string; iv?: string };
    e2eMentions?: { e2eUserMentions?: string[]; e2eChannelMentions?: string[] };
    editedAt?: string;
    editedBy?: { _id: string; username: string };
    tmid?: string;
    drid?: string;
    [extra: string]: unknown;
}

export interface RcRole {
    _id: string;
    name: string;
    scope: 'Users' | 'Subscriptions';
    description: string;
    protected: boolean;
    mandatory2fa?: boolean;
}

export interface RcPermission {
    _id: string;
    roles: string[];
    _updatedAt: string;
}

/** What the app told a person (notifier.notifyUser, notifyRoom) and the modals it opened for them. */
export interface Notification {
    kind: 'user' | 'room';
    userId: string;
    roomId?: string;
    text: string;
    message: Record<string, unknown>;
    at: string;
}

/** An uploaded file (the Uploads collection, IUpload); its bytes are in the file store (Model.uploadContents). */
export interface RcUpload {
    _id: string;
    name: string;
    size: number;
    type: string;
    extension: string;
    rid: string;
    userId?: string;
    visitorToken?: string;
    store: string;
    complete: boolean;
    uploading: boolean;
    progress: number;
    url: string;
    uploadedAt: string;
    _updatedAt: string;
}
