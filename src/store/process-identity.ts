import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** Whether a lock's holder still runs: `unknown` when it ran on another host. */
export type Liveness = 'alive' | 'dead' | 'unknown';

/** What a lock file records about the process that wrote it. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly host: string;
  readonly started?: string;
  readonly boot?: string;
  /** The pid namespace (Linux, `pid:[…]`): a pid is only meaningful inside its own namespace. */
  readonly pidns?: string;
}

/**
 * A process's start time in clock ticks since boot (field 22 of /proc/PID/stat), which tells a
 * reused pid from the process that first had it. Undefined off Linux or when the pid is gone.
 * @example processStart(process.pid) // '123456'
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** This kernel boot's id (Linux); a holder recorded in another boot is gone. */
export function thisBoot(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A zombie (exited, not yet reaped by its parent) still has its pid but runs no more. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** This process's pid namespace (Linux): two containers with one host name may still see different pids. */
export function thisPidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process a lock names still runs. On this host: its pid must exist, in the same
 * boot, with the same start time (a pid reused by another process counts as dead). On another
 * host, or in another pid namespace, eos can't tell.
 */
export function holderLiveness(holder: ProcessIdentity): Liveness {
  if (holder.host !== hostname()) return 'unknown';
  // Same host name, another pid namespace (two containers sharing a volume): its pids are not ours to test.
  if (holder.pidns && thisPidNamespace() && holder.pidns !== thisPidNamespace()) return 'unknown';
  if (holder.boot && thisBoot() && holder.boot !== thisBoot()) return 'dead';
  if (!pidExists(holder.pid)) return 'dead';
  if (holder.started) {
    const started = processStart(holder.pid);
    if (started && started !== holder.started) return 'dead';
  }
  return 'alive';
}

/** This process, as a lock file or an unfinished workspace records it. */
export function thisProcess(): ProcessIdentity {
  const started = processStart(process.pid);
  const boot = thisBoot();
  const pidns = thisPidNamespace();
  return { pid: process.pid, host: hostname(), ...(started ? { started } : {}), ...(boot ? { boot } : {}), ...(pidns ? { pidns } : {}) };
}
