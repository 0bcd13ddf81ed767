import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** CPU milliseconds used so far by this process and by each rig service's process tree. */
export type CpuSnapshot = Record<string, number>;

const TICK_MS = 10; // USER_HZ is 100 on Linux.

/**
 * utime + stime + cutime + cstime, in ms, of process `root` and all its descendants (Linux
 * /proc). Descendants, not the process group: PostgreSQL's backends start sessions of their own.
 */
function treeCpuMs(root: number): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the parenthesised command name: state ppid pgrp ... (see proc(5)).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    ticks.set(pid, Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
    const siblings = children.get(ppid);
    if (siblings) siblings.push(pid);
    else children.set(ppid, [pid]);
  }
  let total = 0;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    total += ticks.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total * TICK_MS;
}

/**
 * Snapshot of CPU time: `node` is this process with all its worker threads; every rig service
 * named in `services` is its process tree (the rig starts each one detached, pid file in
 * `.services/run`). Returns undefined where /proc is not available.
 */
export function cpuSnapshot(services: readonly string[], root = process.cwd()): CpuSnapshot | undefined {
  try {
    readdirSync('/proc');
  } catch {
    return undefined;
  }
  const usage = process.cpuUsage();
  const snapshot: CpuSnapshot = { node: (usage.user + usage.system) / 1000 };
  for (const name of services) {
    try {
      const pid = Number(readFileSync(join(root, '.services', 'run', `${name}.pid`), 'utf8'));
      if (Number.isInteger(pid) && pid > 0) snapshot[name] = treeCpuMs(pid);
    } catch {
      // Service not started by the rig here: not accounted.
    }
  }
  return snapshot;
}

/** CPU microseconds per record between two snapshots, per process. */
export function cpuPerRecord(
  before: CpuSnapshot | undefined,
  after: CpuSnapshot | undefined,
  records: number,
): Record<string, number> | undefined {
  if (!before || !after) return undefined;
  const out: Record<string, number> = {};
  for (const [name, ms] of Object.entries(after)) {
    const start = before[name];
    if (start !== undefined) out[name] = Math.round(((ms - start) * 1000) / records);
  }
  return out;
}
