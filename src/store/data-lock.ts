import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { EosError } from '../core/errors.ts';

/** Who holds an embedded workspace open. A server also says where it listens. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
  readonly port?: number;
  /**
   * A server's local CLI token (ADR 012): the lock file is readable by its owner only, so only
   * the same OS user's CLI can send the server commands.
   */
  readonly token?: string;
}

export interface DataLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** A server, once it listens, says where and with which token CLI commands reach it. */
  announce(server: { port: number; token: string }): void;
  release(): void;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/** The live process on this host that holds the lock at `path`, if any. */
export function liveHolder(path: string): LockHolder | undefined {
  const holder = readHolder(path);
  return holder && holder.host === hostname() && isAlive(holder.pid) ? holder : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function describeHolder(holder: LockHolder): string {
  const where = holder.port ? ` on port ${holder.port}` : '';
  return `pid ${holder.pid} (${holder.command}${where}) on ${holder.host} since ${holder.since}`;
}

function tryCreate(path: string, holder: LockHolder): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, JSON.stringify(holder));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export interface AcquireOptions {
  readonly command: string;
  readonly port?: number;
  /** How long to wait for another eos process to finish; 0 refuses at once. */
  readonly waitMs?: number;
  readonly onWait?: (holder: LockHolder) => void;
}

/**
 * PGlite takes no lock of its own, and a second process writing to the same folder loses
 * its writes silently. Every process therefore takes this exclusive lock file first.
 * A lock left by a dead process on this host is taken over; a live holder is waited for,
 * then named in a `locked` error.
 */
export async function acquireDataLock(path: string, options: AcquireOptions): Promise<DataLock> {
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: options.command,
    since: new Date().toISOString(),
    ...(options.port ? { port: options.port } : {}),
  };
  const deadline = Date.now() + (options.waitMs ?? 0);
  let told = false;
  for (;;) {
    if (tryCreate(path, holder)) break;
    const current = readHolder(path);
    if (current && current.host === holder.host && !isAlive(current.pid)) {
      try {
        unlinkSync(path);
      } catch {
        // Another process took it over first; the loop tries again.
      }
      continue;
    }
    if (Date.now() >= deadline) {
      const who = current ? describeHolder(current) : 'another process';
      const { token: _secret, ...shown } = current ?? { token: undefined };
      throw new EosError('locked', `The workspace data at ${path.replace(/\/data\.lock$/, '')} is in use by ${who}. Wait for it to finish or stop it, then try again.`, {
        holder: current ? shown : null,
      });
    }
    if (current && !told) {
      options.onWait?.(current);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const release = () => {
    if (readHolder(path)?.pid === process.pid) unlinkSync(path);
    process.off('exit', release);
  };
  process.on('exit', release);
  const announce = (server: { port: number; token: string }) => {
    // Written beside the lock and renamed over it, so a reader never sees half a file.
    const next = `${path}.${process.pid}.tmp`;
    const fd = openSync(next, 'w', 0o600);
    writeSync(fd, JSON.stringify({ ...holder, port: server.port, token: server.token }));
    closeSync(fd);
    renameSync(next, path);
  };
  return { path, holder, announce, release };
}
