// Every figure of `npm run bench`: how a measurement's result becomes table rows and one top-level
// JSON value, with its goal and whether it is met. One entry per figure; a new figure adds one
// entry here (and its measurement in run.mjs). An entry's `rows(result)` returns its own row first,
// then any context rows; `value(result)` is what `--json` prints under `name`; `goal` is text (or a
// function of the result, when the goal depends on what was measured); `met(result)` is true,
// false, or null when the figure could not be measured.
import { ms } from './lib/table.mjs';

const ratioOf = (x) => `${x.toFixed(2)}x`;
const unmeasured = (label, x) => ({ label, measured: x?.unavailable ?? `error: ${x?.error ?? 'not measured'}`, goal: '', met: null });

/** A per-call overhead figure: ours vs raw undici on the same device. */
function perCall(name, labelOf, measuredOf, goal) {
  return {
    name,
    goal: `<= ${goal}x`,
    value: (x) => x?.ratio ?? null,
    met: (x) => (x?.ratio === undefined ? null : x.ratio <= goal),
    rows: (x) =>
      x?.ratio === undefined
        ? [unmeasured(labelOf(x ?? {}), x)]
        : [
            {
              label: labelOf(x),
              measured: `${ms(measuredOf(x))} median`,
              baseline: `raw undici ${ms(x.rawMedianMs)}`,
              ratio: ratioOf(x.ratio),
            },
          ],
  };
}

const clientVsRaw = perCall(
  'clientVsRaw',
  (x) => `Per call: client getContainerStatus (${x.calls ?? 2000} calls)`,
  (x) => x.medianMs,
  1.05,
);

export const FIGURES = [
  {
    ...clientVsRaw,
    rows: (x, all) => {
      const lan = all.clientVsRawLan;
      if (lan?.ratio === undefined) return clientVsRaw.rows(x);
      return [
        ...clientVsRaw.rows(x),
        {
          context: true,
          label: 'client vs raw, device 2 ms away',
          measured: `${ms(lan.medianMs)} median`,
          baseline: `raw undici ${ms(lan.rawMedianMs)}`,
          ratio: ratioOf(lan.ratio),
        },
      ];
    },
  },
  perCall(
    'nodeRedVsRaw',
    (x) => `Per msg: Node-RED ${x.nodeRed ?? ''} status node (${x.calls ?? 2000} msgs)`,
    (x) => x.medianMs,
    1.3,
  ),
  {
    ...perCall(
      'n8nVsRaw',
      (x) => `Per item: n8n node, ${x.items ?? 1000} items in one execution`,
      (x) => x.perItemMs,
      1.5,
    ),
    rows: (x) =>
      x?.ratio === undefined
        ? [unmeasured('Per item: n8n node', x)]
        : [
            {
              label: `Per item: n8n node, ${x.items} items in one execution (median of ${x.rounds} rounds, order alternating)`,
              measured: `${ms(x.perItemMs)} per item`,
              baseline: `raw undici ${ms(x.rawMedianMs)} per item, ${x.items} calls in a row`,
              ratio: ratioOf(x.ratio),
            },
          ],
  },
  {
    name: 'loginsPerExpiry',
    goal: 'exactly 1, no failed call',
    value: (x) => x?.logins ?? null,
    met: (x) => (x?.logins === undefined ? null : x.logins === 1 && x.failures === 0),
    rows: (x) =>
      x?.logins === undefined
        ? [unmeasured('Logins across an expiry', x)]
        : [
            {
              label: `Logins across an expiry (${x.calls} concurrent calls)`,
              measured: `${x.logins} login, ${x.failures} failed`,
              baseline: `${x.rejectedByExpiry} calls met the expired session`,
            },
          ],
  },
  ...[
    [
      'loginsPerScheduledDay',
      'logins',
      'n8n: logins in a simulated day (288 runs x 3 nodes, every 5 min)',
      (x) => `${x.failedExecutions} failed executions`,
    ],
    [
      'refusedLoginsAfterPasswordChange',
      'refusedLogins',
      'n8n: refused logins, wrong password (100 items x 3 nodes)',
      (x) => `${x.errorItems} error items`,
    ],
  ].map(([name, key, label, baseline]) => ({
    name,
    goal: (x) => `exactly ${x?.goal ?? 1}`,
    value: (x) => x?.[key] ?? null,
    met: (x) => (x?.[key] === undefined ? null : x[key] === x.goal),
    rows: (x) => (x?.[key] === undefined ? [unmeasured(label, x)] : [{ label, measured: `${x[key]}`, baseline: baseline(x) }]),
  })),
  {
    name: 'redeployVsVendor',
    goal: (x) => (x?.limit === undefined ? '>= 80% of the limit' : `>= ${(0.8 * x.limit).toFixed(1)}x (80% of the limit)`),
    value: (x) => x?.ratio ?? null,
    met: (x) => (x?.ratio === undefined ? null : x.ratio >= 0.8 * x.limit),
    rows: (x) =>
      x?.ratio === undefined
        ? [unmeasured('Redeploy vs the vendor recipe', x)]
        : [
            {
              label: `Redeploy vs the vendor recipe, ${x.label}`,
              measured: ms(x.oursMs),
              baseline: `vendor ${ms(x.vendorMs)}: its requests + its fixed sleeps (${ms(x.vendorSleepsMs)})`,
              ratio: `${x.ratio}x faster; limit ${x.limit}x`,
            },
            {
              context: true,
              label: 'limit = vendor time / device work',
              measured: `device work ${ms(x.deviceWorkMs)}`,
              baseline: `its answers + stop ${ms(x.stopMs)} + start ${ms(x.startMs)}`,
              ratio: `${x.limit}x`,
              note: 'no client beats the device',
            },
            ...(x.context ?? []).map((c) => ({
              context: true,
              label: c.label,
              measured: ms(c.oursMs),
              baseline: `vendor ${ms(c.vendorMs)} (fixed sleeps ${ms(c.vendorSleepsMs)}); device ${ms(c.deviceWorkMs)}`,
              ratio: `${c.ratio}x; limit ${c.limit}x`,
              note: `${c.overshootMs >= 0 ? '+' : ''}${ms(c.overshootMs)} over the device`,
            })),
          ],
  },
  {
    name: 'redeployOvershootMs',
    goal: '<= 150 ms',
    from: 'redeployVsVendor',
    value: (x) => x?.overshootMs ?? null,
    met: (x) => (x?.overshootMs === undefined ? null : x.overshootMs <= x.overshootGoalMs),
    rows: (x) =>
      x?.overshootMs === undefined
        ? [unmeasured('Redeploy overshoot', x)]
        : [
            {
              label: `Redeploy overshoot: wall time - device work, ${x.label}`,
              measured: `${x.overshootMs >= 0 ? '+' : ''}${ms(x.overshootMs)}`,
              baseline: `${ms(x.oursMs)} - ${ms(x.deviceWorkMs)}; one poll is ${ms(x.pollMs)} (core's default)`,
            },
          ],
  },
  {
    name: 'fleetEfficiency',
    goal: '>= 0.8',
    value: (x) => x?.efficiency ?? null,
    met: (x) => (x?.efficiency === undefined ? null : x.efficiency >= 0.8),
    rows: (x) =>
      x?.efficiency === undefined
        ? [unmeasured('Fleet redeploy', x)]
        : [
            {
              label: `Fleet: redeploy on ${x.devices} devices, ${x.concurrency} at a time`,
              measured: ms(x.fleetMs),
              baseline: `ideal ${ms(x.idealMs)} (${x.devices}/${x.concurrency} x ${ms(x.oneDeviceMs)}, ${x.oneDeviceFrom})`,
              ratio: x.efficiency.toFixed(2),
            },
          ],
  },
  {
    name: 'fleetCpuMsPerRedeploy',
    goal: (x) => (x?.cpuGoalMs === undefined ? '<= one device / concurrency' : `<= ${ms(x.cpuGoalMs)} (one device / concurrency)`),
    from: 'fleetEfficiency',
    value: (x) => x?.cpuMsPerRedeploy ?? null,
    met: (x) => (x?.cpuMsPerRedeploy === undefined ? null : x.cpuMsPerRedeploy <= x.cpuGoalMs),
    rows: (x) =>
      x?.cpuMsPerRedeploy === undefined
        ? [unmeasured('Fleet: client CPU per redeploy', x)]
        : [
            {
              label: 'Fleet: client CPU per redeploy (user + system, this process)',
              measured: ms(x.cpuMsPerRedeploy),
              baseline: `one device ${ms(x.oneDeviceMs)} / ${x.concurrency} in flight = ${ms(x.cpuGoalMs)}`,
            },
          ],
  },
  {
    name: 'watchRequestsPerPoll',
    from: 'watch',
    goal: (x) => `<= ${x?.floor ?? 21} (the API's floor: 1 list + 1 status read per container)`,
    value: (x) => x?.requestsPerPoll ?? null,
    met: (x) => (x?.requestsPerPoll === undefined ? null : x.requestsPerPoll <= x.floor),
    rows: (x) =>
      x?.requestsPerPoll === undefined
        ? [unmeasured('Watch: requests per poll', x)]
        : [
            {
              label: `Watch: requests per poll, ${x.containers} containers, nothing changed`,
              measured: String(x.requestsPerPoll),
              baseline: `API floor ${x.floor}`,
            },
            { context: true, label: 'with image events on (+ the image list)', measured: String(x.requestsPerPollWithImages) },
          ],
  },
  {
    name: 'watchDetectionMs',
    from: 'watch',
    goal: (x) => (x?.detection ? `<= ${ms(x.detection.goalMs)} (interval + 100 ms)` : '<= interval + 100 ms'),
    value: (x) => x?.detection?.maxMs ?? null,
    met: (x) => (x?.detection === undefined ? null : x.detection.maxMs <= x.detection.goalMs),
    rows: (x) =>
      x?.detection === undefined
        ? [unmeasured('Watch: change to event', x)]
        : [
            {
              label: `Watch: change to event, ${ms(x.detection.intervalMs)} interval (${x.detection.samples} changes)`,
              measured: `${ms(x.detection.maxMs)} worst`,
              baseline: `median ${ms(x.detection.medianMs)}`,
            },
          ],
  },
  {
    name: 'queueModeSpeedup',
    goal: '>= 1.6x',
    // Only where redis-server, postgresql and the n8n engine are installed (bench/queue-mode.mjs says n/a otherwise).
    optional: (x) => x?.unavailable !== undefined,
    value: (x) => x?.ratio ?? null,
    met: (x) => (x?.ratio === undefined ? null : x.ratio >= 1.6),
    rows: (x) =>
      x?.ratio === undefined
        ? [unmeasured('n8n queue mode: two workers vs one', x)]
        : [
            {
              label: `n8n queue mode: ${x.redeploys} redeploys, 2 workers vs 1 (concurrency 1 each)`,
              measured: ms(x.twoWorkersMs),
              baseline: `1 worker ${ms(x.oneWorkerMs)}; ${x.failures} failed`,
              ratio: ratioOf(x.ratio),
            },
          ],
  },
  {
    name: 'coreLoadMs',
    from: 'coreLoad',
    goal: '<= 100 ms',
    value: (x) => x?.ms ?? null,
    met: (x) => (x?.ms === undefined ? null : x.ms <= 100),
    rows: (x) =>
      x?.ms === undefined
        ? [unmeasured('Load core', x)]
        : [{ label: 'Load core (fresh process)', measured: ms(x.ms), baseline: `first client +${ms(x.firstClientMs)} (undici)` }],
  },
  {
    name: 'heapPerSessionKB',
    from: 'heapPerSession',
    goal: '<= 50 KB',
    value: (x) => x?.kb ?? null,
    met: (x) => (x?.kb === undefined ? null : x.kb <= 50),
    rows: (x) =>
      x?.kb === undefined
        ? [unmeasured('Heap per idle session', x)]
        : [{ label: `Heap per idle logged-in client (${x.clients})`, measured: `${x.kb.toFixed(1)} KB` }],
  },
  {
    name: 'runtimeDependencies',
    goal: 'undici, tough-cookie, zod only',
    value: (x) => x?.direct ?? null,
    met: (x) =>
      x?.direct === undefined
        ? null
        : x.direct
            .map((d) => d.replace(/@[^@]*$/, ''))
            .sort()
            .join(',') === 'tough-cookie,undici,zod',
    rows: (x) => [
      { label: 'Runtime dependencies', measured: `${x.direct.length} direct, ${x.total} in all`, baseline: x.direct.join(', ') },
    ],
  },
];

/** The table rows and the JSON object of every figure, from the results keyed by measurement. */
export function evaluate(results, figures = FIGURES) {
  const rows = [];
  const values = {};
  const goals = {};
  for (const f of figures) {
    const x = results[f.from ?? f.name];
    if (f.optional?.(x)) continue;
    const met = f.met(x);
    const goal = typeof f.goal === 'function' ? f.goal(x) : f.goal;
    const [own, ...context] = f.rows(x, results);
    rows.push({ ...own, goal, met }, ...context);
    values[f.name] = f.value(x);
    goals[f.name] = { goal, met };
  }
  return { rows, values, goals };
}
