// A small HTTP client for the tests, over the stand-in's typed fetch (the one the HTTP bridge uses).
import { serverFetch } from '../../workspace/engine/bridges/serverFetch';

export interface HttpResult {
    status: number;
    text: string;
    json: Record<string, unknown>;
}

export async function request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 5000): Promise<HttpResult> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const res = await serverFetch(url, { method, headers: { ...(data && { 'Content-Type': 'application/json' }), ...headers }, body: data }, timeoutMs);
    const text = res.body.toString('utf8');
    let json: Record<string, unknown> = {};
    try {
        json = JSON.parse(text) as Record<string, unknown>;
    } catch {
        json = {};
    }
    return { status: res.status, text, json };
}

export const auth = (userId: string, token: string): Record<string, string> => ({ 'X-User-Id': userId, 'X-Auth-Token': token });
