import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { AppSettings } from '../settings/AppSettings';
import { isHttpUrl } from '../settings/AppSettings';
import { ServerSetting } from './endpoints';
import type { ServiceAccount } from './WorkspaceClient';

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
        const siteUrl: unknown = await read
            .getEnvironmentReader()
            .getServerSettings()
            .getValueById(ServerSetting.SiteUrl)
            .catch(() => undefined);
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
