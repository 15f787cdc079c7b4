// Rocket.Chat's REST rate limiter: apps/meteor/app/api/server/ApiClass.ts (shouldAddRateLimitToRoute,
// addRateLimiterRuleForRoutes, shouldVerifyRateLimit, enforceRateLimit, reloadRoutesToRefreshRateLimiter) over
// Meteor's `rate-limit` package (RateLimiter / Rule), with the settings of apps/meteor/server/settings/rate.ts.
// - one RateLimiter per route and method (`/api/v1/<route><method>`), one rule matching { IPAddr, route }: the
//   counter is per CLIENT ADDRESS and route, not per user; the user only matters for `api-bypass-rate-limit`;
// - the rule's window is fixed and shared by every address: once `intervalTime` has passed since the rule's last
//   reset, all its counters restart;
// - increment, then check: calls 1..numRequestsAllowed pass, the next is refused;
// - the headers X-RateLimit-Limit / -Remaining / -Reset (epoch ms) on every limited route, no Retry-After;
// - a refusal is Meteor.Error('error-too-many-requests', 'Error, too many requests. Please slow down. You must wait
//   N seconds before trying this endpoint again.'), answered 429 before the route runs.
import type { ServerSettings } from '../rocketchat/settings';

export interface RateLimiterOptions {
    numRequestsAllowed?: number;
    intervalTimeInMS?: number;
}

/**
 * Routes whose `API.v1.addRoute` options set `rateLimiterOptions` (an object, or false for none). The routes this
 * stand-in serves (rooms.saveRoomSettings, groups.setEncrypted, users.resetE2EKey, permissions.listAll, me,
 * chat.sendMessage, chat.postMessage) set none in Rocket.Chat's v1 files and get the defaults.
 */
export const ROUTE_RATE_LIMITER_OPTIONS: Readonly<Record<string, RateLimiterOptions | false>> = {};

/** the client address as remoteAddressMiddleware reads it: `x-real-ip`, else the socket (HTTP_FORWARDED_COUNT 0) */
export function requestIp(headers: Record<string, string | string[] | undefined>, socketAddress: string | undefined): string | undefined {
    const realIp = headers['x-real-ip'];
    return (typeof realIp === 'string' && realIp) || socketAddress;
}

interface RuleInput {
    IPAddr?: string;
    route: string;
}

/** rate-limit's Rule: counters per key, one reset time for the whole rule. */
class Rule {
    counters: Record<string, number> = {};
    lastResetTime = Date.now();

    constructor(
        readonly options: { numRequestsAllowed: number; intervalTime: number },
        private readonly route: string,
    ) {}

    match(input: RuleInput): boolean {
        return Object.prototype.hasOwnProperty.call(input, 'IPAddr') && input.route === this.route;
    }

    /** _generateKeyString: the matchers' keys with the input's values */
    private key(input: RuleInput): string {
        return `IPAddr${input.IPAddr}route${input.route}`;
    }

    apply(input: RuleInput): { key: string; timeSinceLastReset: number; timeToNextReset: number } {
        const timeSinceLastReset = Date.now() - this.lastResetTime;
        return { key: this.key(input), timeSinceLastReset, timeToNextReset: this.options.intervalTime - timeSinceLastReset };
    }

    resetCounter(): void {
        this.counters = {};
        this.lastResetTime = Date.now();
    }
}

export interface CheckReply {
    allowed: boolean;
    timeToReset: number;
    numInvocationsLeft: number;
}

/** rate-limit's RateLimiter with the one rule ApiClass adds per route. */
class RateLimiter {
    constructor(private readonly rule: Rule) {}

    increment(input: RuleInput): void {
        if (!this.rule.match(input)) {
            return;
        }
        const r = this.rule.apply(input);
        if (r.timeSinceLastReset > this.rule.options.intervalTime) {
            this.rule.resetCounter();
        }
        this.rule.counters[r.key] = (this.rule.counters[r.key] ?? 0) + 1;
    }

    check(input: RuleInput): CheckReply {
        const reply: CheckReply = { allowed: true, timeToReset: 0, numInvocationsLeft: Infinity };
        if (!this.rule.match(input)) {
            return reply;
        }
        const r = this.rule.apply(input);
        let numInvocations = this.rule.counters[r.key];
        if (r.timeToNextReset < 0) {
            this.rule.resetCounter();
            r.timeToNextReset = this.rule.options.intervalTime;
            numInvocations = 0;
        }
        const { numRequestsAllowed } = this.rule.options;
        if (numInvocations > numRequestsAllowed) {
            reply.timeToReset = Math.max(reply.timeToReset, r.timeToNextReset);
            reply.allowed = false;
            reply.numInvocationsLeft = 0;
        } else if (numRequestsAllowed - (numInvocations ?? 0) < reply.numInvocationsLeft) {
            reply.timeToReset = r.timeToNextReset;
            reply.numInvocationsLeft = numRequestsAllowed - (numInvocations ?? 0);
        }
        return reply;
    }
}

export interface RateLimitOutcome {
    /** the X-RateLimit-* headers to send (none when the route is not limited for this request) */
    headers: Record<string, string>;
    /** set when the request is refused */
    refused?: { message: string; timeToReset: number; seconds: number };
}

export class RestRateLimiter {
    /**
     * Whether the routes have rules at all: Rocket.Chat adds them unless TEST_MODE is set. The Workspace sets this
     * from its `rateLimiter` start option.
     */
    enabled = false;
    private readonly dictionary = new Map<string, { rateLimiter: RateLimiter; options: Required<RateLimiterOptions> }>();
    private defaultsSeen = '';

    constructor(private readonly settings: () => ServerSettings) {}

    /** defaultRateLimiterOptions, read from the settings */
    private defaults(): RateLimiterOptions {
        return {
            numRequestsAllowed: this.settings().get<number>('API_Enable_Rate_Limiter_Limit_Calls_Default'),
            intervalTimeInMS: this.settings().get<number>('API_Enable_Rate_Limiter_Limit_Time_Default'),
        };
    }

    /** Counters back to zero (every rule made again), as reloadRoutesToRefreshRateLimiter does. */
    reset(): void {
        this.dictionary.clear();
        this.defaultsSeen = '';
    }

    /**
     * The rule of a route (`/api/v1/<route><method>`), made as addRateLimiterRuleForRoutes does. The default
     * settings are watched: a change reloads every route's rule (and so resets the counters).
     */
    private ruleFor(route: string, key: string): { rateLimiter: RateLimiter; options: Required<RateLimiterOptions> } | undefined {
        const defaults = this.defaults();
        const seen = JSON.stringify(defaults);
        if (seen !== this.defaultsSeen) {
            this.dictionary.clear();
            this.defaultsSeen = seen;
        }
        const own = ROUTE_RATE_LIMITER_OPTIONS[route];
        // shouldAddRateLimitToRoute: options an object or undefined, a versioned API, not TEST_MODE, and defaults set
        if (!this.enabled || own === false || !(defaults.numRequestsAllowed && defaults.intervalTimeInMS)) {
            return undefined;
        }
        const existing = this.dictionary.get(key);
        if (existing) {
            return existing;
        }
        const options = own || defaults;
        if (!options.numRequestsAllowed || !options.intervalTimeInMS) {
            return undefined;
        }
        const full = { numRequestsAllowed: options.numRequestsAllowed, intervalTimeInMS: options.intervalTimeInMS };
        const made = { rateLimiter: new RateLimiter(new Rule({ numRequestsAllowed: full.numRequestsAllowed, intervalTime: full.intervalTimeInMS }, key)), options: full };
        this.dictionary.set(key, made);
        return made;
    }

    /**
     * enforceRateLimit for an authenticated request. `bypass` is the user's `api-bypass-rate-limit` permission;
     * `developmentMode` is NODE_ENV === 'development' (the limiter then applies only with API_Enable_Rate_Limiter_Dev).
     */
    enforce(o: { route: string; method: string; ip: string | undefined; bypass: boolean; developmentMode: boolean }): RateLimitOutcome {
        const key = `/api/v1/${o.route}${o.method.toLowerCase()}`;
        const entry = this.ruleFor(o.route, key);
        const settings = this.settings();
        // shouldVerifyRateLimit
        if (
            !entry ||
            settings.get('API_Enable_Rate_Limiter') !== true ||
            (o.developmentMode && settings.get('API_Enable_Rate_Limiter_Dev') !== true) ||
            o.bypass
        ) {
            return { headers: {} };
        }
        const input: RuleInput = { IPAddr: o.ip, route: key };
        entry.rateLimiter.increment(input);
        const attempt = entry.rateLimiter.check(input);
        const seconds = Math.ceil(attempt.timeToReset / 1000);
        const headers = {
            'X-RateLimit-Limit': String(entry.options.numRequestsAllowed ?? ''),
            'X-RateLimit-Remaining': String(attempt.numInvocationsLeft),
            'X-RateLimit-Reset': String(Date.now() + attempt.timeToReset),
        };
        if (!attempt.allowed) {
            return {
                headers,
                refused: {
                    message: `Error, too many requests. Please slow down. You must wait ${seconds} seconds before trying this endpoint again.`,
                    timeToReset: attempt.timeToReset,
                    seconds,
                },
            };
        }
        return { headers };
    }
}
