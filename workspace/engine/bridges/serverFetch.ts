// Node's global fetch (undici, Node 18 and later), typed for what the stand-in uses: @types/node 16 in this
// repository does not declare it. Rocket.Chat's HTTP bridge calls @rocket.chat/server-fetch (node-fetch); the
// errors here are worded as node-fetch words them, which is what an app sees from Rocket.Chat.

export interface FetchResponse {
    readonly status: number;
    readonly headers: { forEach(callback: (value: string, name: string) => void): void; get(name: string): string | null };
    arrayBuffer(): Promise<ArrayBuffer>;
}

export interface FetchInit {
    method: string;
    headers: Record<string, string>;
    body?: Buffer;
    signal?: AbortSignal;
}

type Fetch = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface FetchedResponse {
    status: number;
    /** lower-case names, repeated headers joined with ', ' */
    headers: Record<string, string>;
    body: Buffer;
}

/** The underlying reason of a failed fetch (undici puts it in `cause`). */
function reason(e: unknown): string {
    const cause = (e as { cause?: { message?: unknown } })?.cause;
    if (cause && typeof cause.message === 'string') {
        return cause.message;
    }
    return e instanceof Error ? e.message : String(e);
}

/** One request with a timeout covering the whole exchange, body included. */
export async function serverFetch(url: string, init: Omit<FetchInit, 'signal'>, timeoutMs: number): Promise<FetchedResponse> {
    const fetch = (globalThis as unknown as { fetch?: Fetch }).fetch;
    if (!fetch) {
        throw new Error('The workspace stand-in needs a Node.js with a global fetch (18 or later)');
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
    }, timeoutMs);
    const timeout = () => new Error(`network timeout at: ${url}`);
    try {
        let response: FetchResponse;
        try {
            response = await fetch(url, { ...init, signal: controller.signal });
        } catch (e) {
            throw timedOut ? timeout() : new Error(`request to ${url} failed, reason: ${reason(e)}`);
        }
        let body: Buffer;
        try {
            body = Buffer.from(await response.arrayBuffer());
        } catch (e) {
            throw timedOut ? timeout() : new Error(`Invalid response body while trying to fetch ${url}: ${reason(e)}`);
        }
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
            headers[name] = value;
        });
        return { status: response.status, headers, body };
    } finally {
        clearTimeout(timer);
    }
}
