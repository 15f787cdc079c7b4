import type { RunType } from '../policy/runState';

/**
 * What this process is doing with background runs right now. The app's process serves
 * requests interleaved, so a scheduled slice, a resumed one and a cancel could otherwise work
 * on one run at once here; across server instances the persisted state decides (see RunStore).
 */
export class SliceGate {
    private readonly running = new Set<RunType>();
    private readonly cancelled = new Set<string>();

    /** Takes the run type's slot, synchronously (before any await), or says it is taken. */
    public tryEnter(type: RunType): boolean {
        if (this.running.has(type)) {
            return false;
        }
        this.running.add(type);
        return true;
    }

    public leave(type: RunType): void {
        this.running.delete(type);
    }

    public isRunning(type: RunType): boolean {
        return this.running.has(type);
    }

    /** A slice running here stops before its next room once its run was cancelled here. */
    public cancel(runId: string): void {
        this.cancelled.add(runId);
    }

    public isCancelled(runId: string): boolean {
        return this.cancelled.has(runId);
    }
}
