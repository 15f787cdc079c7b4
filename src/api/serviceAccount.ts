import type { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { AppSettings } from '../settings/AppSettings';
import { isHttpUrl } from '../settings/AppSettings';
import { readServerSetting, ServerSetting } from '../settings/serverSettings';
import type { ServiceAccount } from './WorkspaceClient';
import { WorkspaceClient } from './WorkspaceClient';

/**
 * The service account the app calls the REST API as, or undefined when it is not configured:
 * user id and token set, and a usable base URL (the `workspace_url` setting, else Site_Url).
 */
export async function resolveServiceAccount(read: IRead, settings: AppSettings): Promise<ServiceAccount | undefined> {
    if (!settings.serviceUserId || !settings.serviceToken) {
        return undefined;
    }
    let baseUrl = settings.workspaceUrl;
    if (!baseUrl) {
        const siteUrl = await readServerSetting(read, ServerSetting.SiteUrl);
        baseUrl = typeof siteUrl === 'string' ? siteUrl.trim() : '';
    }
    if (!isHttpUrl(baseUrl)) {
        return undefined;
    }
    return {
        baseUrl: baseUrl.replace(/\/+$/, ''),
        userId: settings.serviceUserId,
        token: settings.serviceToken,
        timeoutMs: settings.requestTimeoutMs,
    };
}

/** The workspace as the service account reaches it. */
export interface Workspace {
    readonly account: ServiceAccount;
    readonly client: WorkspaceClient;
}

/** The REST client as the service account, or undefined when it is not configured. */
export async function connectWorkspace(read: IRead, http: IHttp, settings: AppSettings): Promise<Workspace | undefined> {
    const account = await resolveServiceAccount(read, settings);
    return account && { account, client: new WorkspaceClient(http, account) };
}
