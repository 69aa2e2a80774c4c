/**
 * Per-item execution with a bound on how many items run at once. Results keep the input order.
 * With stopOnError, no new item starts after one failed (items already running finish), as a
 * node without Continue On Fail stops at its first bad item.
 */
export type ItemResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function runItems<T>(
  count: number,
  concurrency: number,
  stopOnError: boolean,
  run: (index: number) => Promise<T>,
): Promise<Array<ItemResult<T> | undefined>> {
  const results: Array<ItemResult<T> | undefined> = new Array(count).fill(undefined);
  let next = 0;
  let failed = false;
  async function worker(): Promise<void> {
    while (next < count && !(stopOnError && failed)) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await run(index) };
      } catch (error) {
        results[index] = { ok: false, error };
        failed = true;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, () => worker()));
  return results;
}
