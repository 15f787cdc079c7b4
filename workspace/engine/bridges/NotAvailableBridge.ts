// The bridges an E2EE policy app does not use (livechat, video conferences, OAuth apps, cloud, contacts,
// moderation, outbound messages, experimental): every call fails as a feature the workspace does not offer.

export const unavailable = (what: string) => new Error(`${what} is not available in the workspace stand-in`);

export function notAvailableBridge<T extends object>(Base: abstract new () => T, what: string): T {
    const Impl = class extends (Base as unknown as new () => object) {};
    return new Proxy(new Impl() as T, {
        get(target, prop, receiver) {
            const v = Reflect.get(target, prop, receiver);
            if (v !== undefined || typeof prop !== 'string') {
                return v;
            }
            return async () => {
                throw unavailable(what);
            };
        },
    });
}
