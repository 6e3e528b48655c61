// What the benchmarks that run the built commands share: numeric `--name value` flags, the
// median of the runs, and what /proc says of a child process (memory, CPU time).
import { readFileSync, readdirSync } from 'node:fs';

/** The number after `--name` on the command line, or `fallback`. */
export function numberArg(name, fallback, args = process.argv.slice(2)) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Peak (VmHWM) and current (VmRSS) resident memory of a process, in kB; zeros once it is gone. */
export function memoryKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return { hwm: 0, rss: 0 };
  }
}

/** Peak resident memory of a process in bytes (0 once it is gone). */
export const peakRssBytes = (pid) => memoryKb(pid).hwm * 1024;

/** CPU time (user + system) the process has used so far, in ms (clock ticks of 10 ms). */
export const cpuMs = (pid) => statCpuMs(`/proc/${pid}/stat`);

/** CPU time of one thread of a process (its main thread: tid = pid), in ms. */
export const threadCpuMs = (pid, tid) => statCpuMs(`/proc/${pid}/task/${tid}/stat`);

/** CPU time per thread of a process, in ms, by thread name (comm) and tid. */
export function threadsCpuMs(pid) {
  const out = {};
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      out[`${comm}/${tid}`] = threadCpuMs(pid, tid);
    }
  } catch {
    // gone
  }
  return out;
}

/**
 * How long a thread ran and how long it waited runnable for a core (run delay: preempted, or
 * woken with both cores busy), in ms, from /proc/<pid>/task/<tid>/schedstat; with its
 * involuntary context switches. Undefined once it is gone.
 */
export function threadSched(pid, tid) {
  try {
    const [runNs, waitNs] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    const involuntary = Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    return { runMs: Math.round(runNs / 1e6), waitMs: Math.round(waitNs / 1e6), involuntary };
  } catch {
    return undefined;
  }
}

function statCpuMs(path) {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
