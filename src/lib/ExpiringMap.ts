/**
 * A small in-memory map whose entries expire and whose size is capped (the oldest go first), for handing facts from
 * one event to the next event of the same operation on this server instance. Never a source of truth: an entry can
 * be missing (another instance, a restart), and whoever reads one must cope.
 */
export class ExpiringMap<K, V> {
    private readonly entries = new Map<K, { readonly value: V; readonly until: number }>();

    constructor(
        private readonly ttlMs: number,
        private readonly maxEntries: number,
    ) {}

    public set(key: K, value: V, now = Date.now()): void {
        this.entries.delete(key);
        for (const [old, entry] of this.entries) {
            if (entry.until >= now && this.entries.size < this.maxEntries) {
                break;
            }
            this.entries.delete(old);
        }
        this.entries.set(key, { value, until: now + this.ttlMs });
    }

    public get(key: K, now = Date.now()): V | undefined {
        const entry = this.entries.get(key);
        return entry && entry.until >= now ? entry.value : undefined;
    }

    /** The value, removed. */
    public take(key: K, now = Date.now()): V | undefined {
        const value = this.get(key, now);
        this.entries.delete(key);
        return value;
    }

    public get size(): number {
        return this.entries.size;
    }
}
