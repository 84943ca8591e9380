import { cpus, loadavg, totalmem } from 'node:os';

/** One line that says where the numbers were measured. */
export function machineLine(): string {
  const cores = cpus();
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

/** The load average: other work on these cores slows the results and their baselines alike, not always equally. */
export function loadLine(): string {
  const [oneMinute = 0, fiveMinutes = 0] = loadavg();
  return `load average ${oneMinute.toFixed(1)} (1 min), ${fiveMinutes.toFixed(1)} (5 min) on ${cpus().length} cores`;
}
