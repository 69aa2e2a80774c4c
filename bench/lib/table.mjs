// The one table `npm run bench` prints, and the machine line above it.
import { cpus, arch, platform, release } from 'node:os';
import { readFileSync } from 'node:fs';

export function machine() {
  let model = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // not Linux: os.cpus() it is
  }
  return { cpu: model, cores: cpus().length, node: process.version, os: `${platform()} ${release()} ${arch()}` };
}

const ms = (x) => (x === undefined ? "" : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : x >= 1 ? `${x.toFixed(1)} ms` : `${x.toFixed(3)} ms`);
const yesNo = (b) => (b === undefined ? '' : b ? 'yes' : 'NO');

/** Rows: [figure, measured, baseline, ratio, goal, met]. */
export function renderTable(r, m) {
  const rows = [['Figure', 'Measured', 'Baseline (same run)', 'Ratio', 'Goal', 'Met']];
  const na = (label, x) => rows.push([label, x.unavailable ?? `error: ${x.error}`, '', 'n/a', '', '']);
  const perCall = (label, x, measured, goal) => {
    if (x.ratio === undefined) return na(label, x);
    rows.push([label, `${ms(measured)} median`, `raw undici ${ms(x.rawMedianMs)}`, `${x.ratio.toFixed(2)}x`, `<= ${goal}x`, yesNo(x.ratio <= goal)]);
  };
  perCall(`Per call: client getContainerStatus (${r.clientVsRaw.calls ?? 2000} calls)`, r.clientVsRaw, r.clientVsRaw.medianMs, 1.05);
  perCall(`Per msg: Node-RED ${r.nodeRedVsRaw.nodeRed ?? ''} status node (${r.nodeRedVsRaw.calls ?? 2000} msgs)`, r.nodeRedVsRaw, r.nodeRedVsRaw.medianMs, 1.3);
  perCall(`Per item: n8n node, ${r.n8nVsRaw.items ?? 1000} items in one execution`, r.n8nVsRaw, r.n8nVsRaw.perItemMs, 1.5);
  if (r.clientVsRawLan?.ratio !== undefined) {
    rows.push([`  context: client vs raw, device 2 ms away`, `${ms(r.clientVsRawLan.medianMs)} median`, `raw undici ${ms(r.clientVsRawLan.rawMedianMs)}`, `${r.clientVsRawLan.ratio.toFixed(2)}x`, '', '']);
  }
  const l = r.loginsPerExpiry;
  if (l.logins === undefined) na('Logins across an expiry', l);
  else rows.push([`Logins across an expiry (${l.calls} concurrent calls)`, `${l.logins} login, ${l.failures} failed`, `${l.rejectedByExpiry} calls met the expired session`, '', 'exactly 1', yesNo(l.logins === 1 && l.failures === 0)]);
  for (const [label, x, key] of [
    ['n8n: logins in a simulated day (288 runs x 3 nodes, every 5 min)', r.loginsPerScheduledDay, 'logins'],
    ['n8n: refused logins, wrong password (100 items x 3 nodes)', r.refusedLoginsAfterPasswordChange, 'refusedLogins'],
  ]) {
    if (x?.[key] === undefined) na(label, x ?? { error: 'not measured' });
    else rows.push([label, `${x[key]}`, key === 'logins' ? `${x.failedExecutions} failed executions` : `${x.errorItems} error items`, '', `exactly ${x.goal}`, yesNo(x[key] === x.goal)]);
  }
  const d = r.redeployVsVendor;
  if (d.ratio === undefined) na('Redeploy vs vendor recipe', d);
  else {
    rows.push([`Redeploy vs vendor recipe (${d.label})`, ms(d.oursMs), `vendor ${ms(d.vendorMs)} (sleeps computed)`, `${d.ratio}x faster`, '>= 5x', yesNo(d.ratio >= 5)]);
    rows.push(['  wall time vs device work + one poll', ms(d.oursMs), `device ${ms(d.deviceWorkMs)} + poll 250 ms`, '', '<=', yesNo(d.withinOnePoll)]);
    for (const c of d.context ?? []) {
      rows.push([`  context: ${c.label}`, ms(c.oursMs), `vendor ${ms(c.vendorMs)}; device ${ms(c.deviceWorkMs)}`, `${c.ratio}x faster`, '', `${c.withinOnePoll ? 'within' : 'past'} one poll (${c.overshootMs >= 0 ? '+' : ''}${ms(c.overshootMs)})`]);
    }
  }
  const f = r.fleetEfficiency;
  if (f.efficiency === undefined) na('Fleet redeploy', f);
  else rows.push([`Fleet: redeploy on ${f.devices} devices, ${f.concurrency} at a time`, ms(f.fleetMs), `ideal ${ms(f.idealMs)} (${f.devices}/${f.concurrency} x ${ms(f.oneDeviceMs)})`, f.efficiency.toFixed(2), '>= 0.8', yesNo(f.efficiency >= 0.8)]);
  const q = r.queueModeSpeedup;
  if (q) {
    if (q.ratio === undefined) na('n8n queue mode: two workers vs one', q);
    else rows.push([`n8n queue mode: ${q.redeploys} redeploys, 2 workers vs 1 (concurrency 1 each)`, ms(q.twoWorkersMs), `1 worker ${ms(q.oneWorkerMs)}; ${q.failures} failed`, `${q.ratio.toFixed(2)}x`, '>= 1.6x', yesNo(q.ratio >= 1.6)]);
  }
  const c = r.coreLoad;
  if (c.ms === undefined) na('Load core', c);
  else rows.push(['Load core (fresh process)', ms(c.ms), `first client +${ms(c.firstClientMs)} (undici)`, '', '<= 100 ms', yesNo(c.ms <= 100)]);
  const h = r.heapPerSession;
  if (h.kb === undefined) na('Heap per idle session', h);
  else rows.push([`Heap per idle logged-in client (${h.clients})`, `${h.kb.toFixed(1)} KB`, '', '', '<= 50 KB', yesNo(h.kb <= 50)]);
  const deps = r.runtimeDependencies;
  rows.push(['Runtime dependencies', `${deps.direct.length} direct, ${deps.total} in all`, deps.direct.join(', '), '', '', '']);

  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const line = (row) => row.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd();
  return [
    `SecureEdge benchmark, ${new Date().toISOString().slice(0, 10)}: Node ${m.node}, ${m.cpu} (${m.cores} cores), ${m.os}`,
    'Every ratio is measured side by side in this run; absolute times are context only. Devices are simulators on 127.0.0.1 in another process.',
    '',
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    '',
    `Runtime dependency tree: ${deps.all.join(', ')}.`,
    'Vendor recipe: its requests are sent and timed; its fixed sleeps (2 s after stop, 1 s after remove, 15 s after a 504) are added, not slept.',
  ].join('\n');
}
