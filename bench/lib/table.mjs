// The one table `npm run bench` prints, and the machine line above it. It renders a list of rows
// without knowing what they measure: figures (with a goal and met / not met) and context rows.
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

export const ms = (x) =>
  x === undefined || x === null
    ? ''
    : x >= 1000
      ? `${(x / 1000).toFixed(2)} s`
      : x >= 10
        ? `${x.toFixed(0)} ms`
        : x >= 1
          ? `${x.toFixed(1)} ms`
          : `${x.toFixed(3)} ms`;

/** What the Met column says: every figure has a goal, so it is met, not met, or could not be measured. */
export const metText = (met) => (met === true ? 'met' : met === false ? 'NOT MET' : 'n/a');

/**
 * rows: [{ label, measured, baseline, ratio, goal, met, context }]. A context row (context: true)
 * is not a figure: it shows the conditions around one and has no goal of its own.
 */
export function renderTable(rows, m, notes = []) {
  const cells = [['Figure', 'Measured', 'Baseline (same run)', 'Ratio', 'Goal', 'Met']];
  for (const r of rows) {
    cells.push([
      r.context ? `  context: ${r.label}` : r.label,
      r.measured ?? '',
      r.baseline ?? '',
      r.ratio ?? '',
      r.context ? '(context)' : (r.goal ?? ''),
      r.context ? (r.note ?? '') : metText(r.met),
    ]);
  }
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => String(row[i]).length)));
  const line = (row) =>
    row
      .map((cell, i) => String(cell).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    `SecureEdge benchmark, ${new Date().toISOString().slice(0, 10)}: Node ${m.node}, ${m.cpu} (${m.cores} cores), ${m.os}`,
    'Every ratio is measured side by side in this run; absolute times are context only. Devices are simulators on 127.0.0.1 in another process.',
    '',
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
    '',
    ...notes,
  ].join('\n');
}
