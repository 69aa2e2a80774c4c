// Small measuring helpers: a monotonic clock in ms, the median, and a timed sequential loop.
export const now = () => Number(process.hrtime.bigint()) / 1e6;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run `call` `n` times one after another; returns each call's duration in ms. */
export async function timeEach(n, call) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = now();
    await call(i);
    out[i] = now() - t;
  }
  return out;
}

/**
 * Measure several contenders side by side: `rounds` rounds, each giving every contender a block of
 * `block` calls, in an order that alternates, so drift (CPU contention, GC, JIT) hits them alike.
 */
export async function sideBySide(contenders, { rounds, block }) {
  const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  const names = Object.keys(contenders);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const name of order) samples[name].push(...(await timeEach(block, contenders[name])));
  }
  return samples;
}

export const round = (x, digits = 2) => Number(x.toFixed(digits));
