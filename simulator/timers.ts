/**
 * Every timer the simulator sets goes through here, so close() can cancel them all:
 * a closed simulator must leave nothing behind that keeps a test process alive.
 */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private cancelled = false;

  /** Run fn after ms (synchronously when ms <= 0). Returns a cancel function. */
  after(ms: number, fn: () => void): () => void {
    if (this.cancelled) return () => {};
    if (ms <= 0) {
      fn();
      return () => {};
    }
    const t = setTimeout(() => {
      this.pending.delete(t);
      fn();
    }, ms);
    this.pending.add(t);
    return () => {
      clearTimeout(t);
      this.pending.delete(t);
    };
  }

  /** Resolves after ms. After cancelAll() it never resolves: the work waiting on it is abandoned. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.after(ms, resolve);
    });
  }

  cancelAll(): void {
    this.cancelled = true;
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
