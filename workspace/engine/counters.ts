// Per-app counters: round trips from the app's Deno process into the host ("bridges:..." and "accessor:..."
// requests), host-side bridge calls, and outbound HTTP requests made through the HTTP bridge.

export interface AppCounters {
    /** requests the app's process sent to the host (each is one round trip over the JSON-RPC pipe) */
    roundTrips: number;
    roundTripsByMethod: Record<string, number>;
    /** calls of a bridge's do* method attributed to the app (includes calls made by accessors) */
    bridgeCalls: number;
    bridgeCallsByMethod: Record<string, number>;
    /** outbound HTTP requests made by the HTTP bridge for the app */
    httpCalls: number;
    httpCallsByUrl: Record<string, number>;
}

export class Counters {
    private readonly byApp = new Map<string, AppCounters>();

    private of(appId: string): AppCounters {
        let c = this.byApp.get(appId);
        if (!c) {
            c = { roundTrips: 0, roundTripsByMethod: {}, bridgeCalls: 0, bridgeCallsByMethod: {}, httpCalls: 0, httpCallsByUrl: {} };
            this.byApp.set(appId, c);
        }
        return c;
    }

    roundTrip(appId: string, method: string): void {
        const c = this.of(appId);
        c.roundTrips += 1;
        c.roundTripsByMethod[method] = (c.roundTripsByMethod[method] ?? 0) + 1;
    }

    bridgeCall(appId: string, name: string): void {
        const c = this.of(appId);
        c.bridgeCalls += 1;
        c.bridgeCallsByMethod[name] = (c.bridgeCallsByMethod[name] ?? 0) + 1;
    }

    http(appId: string, url: string): void {
        const c = this.of(appId);
        c.httpCalls += 1;
        let key = url;
        try {
            const u = new URL(url);
            key = `${u.origin}${u.pathname}`; // never the query string (it may carry secrets)
        } catch {
            key = 'invalid-url';
        }
        c.httpCallsByUrl[key] = (c.httpCallsByUrl[key] ?? 0) + 1;
    }

    get(appId: string): AppCounters {
        return JSON.parse(JSON.stringify(this.of(appId))) as AppCounters;
    }

    reset(appId?: string): void {
        if (appId) {
            this.byApp.delete(appId);
        } else {
            this.byApp.clear();
        }
    }
}
