// A tiny HTTP client for the tests (node:http; @types/node 16 has no fetch types).
import http from 'http';

export interface HttpResult {
    status: number;
    text: string;
    json: Record<string, unknown>;
}

export function request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 5000): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const req = http.request(url, { method, headers: { ...(data && { 'Content-Type': 'application/json' }), ...headers } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let json: Record<string, unknown> = {};
                try {
                    json = JSON.parse(text) as Record<string, unknown>;
                } catch {
                    json = {};
                }
                resolve({ status: res.statusCode ?? 0, text, json });
            });
        });
        req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
        req.on('error', reject);
        if (data) {
            req.write(data);
        }
        req.end();
    });
}

export const auth = (userId: string, token: string): Record<string, string> => ({ 'X-User-Id': userId, 'X-Auth-Token': token });
