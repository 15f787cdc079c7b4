// apps/meteor/app/apps/server/bridges/http.ts: a real outbound request from the host. The old HTTP.call options
// (auth, params into the query or a form body, data as JSON) are translated as there; the timeout is
// request.timeout or 3 minutes; failures reach the app as a rejected call.
import type { IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import { HttpBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { IHttpBridgeRequestInfo } from '@rocket.chat/apps-engine/server/bridges';

import type { BridgeContext } from './BridgeContext';
import { serverFetch } from './serverFetch';

const isGetOrHead = (method: string): boolean => ['GET', 'HEAD'].includes(method.toUpperCase());
const DEFAULT_TIMEOUT = 3 * 60 * 1000;
const JSON_TYPES = ['application/json', 'text/javascript', 'application/javascript', 'application/x-javascript'];

export class StandInHttpBridge extends HttpBridge {
    constructor(private readonly ctx: BridgeContext) {
        super();
    }

    protected async call(info: IHttpBridgeRequestInfo): Promise<IHttpResponse> {
        const running = this.request(info);
        this.ctx.httpInFlight.add(running);
        try {
            return await running;
        } finally {
            this.ctx.httpInFlight.delete(running);
        }
    }

    private async request(info: IHttpBridgeRequestInfo): Promise<IHttpResponse> {
        this.ctx.counters.http(info.appId, info.url);
        const url = new URL(info.url);
        const { request, method } = info;
        const headers: Record<string, string> = { ...(request.headers ?? {}) };
        let content: unknown = request.content;
        if (!content && typeof request.data === 'object') {
            content = request.data;
        }
        if (request.auth) {
            if (request.auth.indexOf(':') < 0) {
                throw new Error('auth option should be of the form "username:password"');
            }
            headers.Authorization = `Basic ${Buffer.from(request.auth, 'ascii').toString('base64')}`;
        }
        let paramsForBody: Record<string, string> | undefined;
        if (content || isGetOrHead(method)) {
            for (const [k, v] of Object.entries(request.params ?? {})) {
                if (v) {
                    url.searchParams.append(k, v);
                }
            }
        } else {
            paramsForBody = request.params;
        }
        if (paramsForBody) {
            content = new URLSearchParams(paramsForBody).toString();
            headers['Content-Type'] = 'application/x-www-form-urlencoded';
        }
        if (isGetOrHead(method)) {
            content = undefined;
        }
        let body: Buffer | undefined;
        if (content !== undefined && content !== null) {
            if (typeof content === 'string' || Buffer.isBuffer(content)) {
                body = Buffer.from(content as string);
            } else {
                // server-fetch sends an object body as JSON
                body = Buffer.from(JSON.stringify(content));
                if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
                    headers['Content-Type'] = 'application/json';
                }
            }
        }
        const response = await serverFetch(url.href, { method: method.toUpperCase(), headers, body }, request.timeout || DEFAULT_TIMEOUT);
        const result: IHttpResponse = { url: info.url, method: info.method, statusCode: response.status, headers: response.headers };
        if (request.encoding === null) {
            result.content = response.body as unknown as string;
            return result;
        }
        result.content = response.body.toString((request.encoding as BufferEncoding) || 'utf8');
        const contentType = (response.headers['content-type'] || '').split(';')[0];
        result.data = null;
        if (JSON_TYPES.includes(contentType)) {
            try {
                result.data = JSON.parse(result.content);
            } catch {
                result.data = null;
            }
        }
        return result;
    }
}
