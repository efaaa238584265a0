import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { EosError } from '../core/errors.ts';
import { holderLiveness, type Liveness, processStart, thisBoot, thisPidNamespace } from './process-identity.ts';

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
  /** This hold's unique id: a takeover replaces exactly the hold it judged stale (ADR 052). */
  readonly nonce?: string;
  /** The holder's process start time (Linux clock ticks), so a reused pid is not taken for it. */
  readonly started?: string;
  /** The kernel boot the holder ran in: after a reboot every old holder is gone. */
  readonly boot?: string;
  /** The holder's pid namespace: in another one (another container) its liveness is unknown. */
  readonly pidns?: string;
}

export interface DataLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** A server, once it listens, says where and with which token CLI commands reach it. */
  announce(server: { port: number; token: string }): void;
  release(): void;
}

interface LockFile {
  readonly holder: LockHolder;
  /** The hold's id: its nonce, or for a lock written by an older eos, its pid and start. */
  readonly nonce: string;
}

function readLock(path: string): LockFile | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const holder = JSON.parse(raw) as LockHolder;
    if (typeof holder?.pid !== 'number') return undefined;
    return { holder, nonce: holder.nonce ?? `${holder.pid}-${holder.since}`.replace(/[^\w-]/g, '') };
  } catch {
    return undefined;
  }
}

/** The live process on this host that holds the lock at `path`, if any. */
export function liveHolder(path: string): LockHolder | undefined {
  const lock = readLock(path);
  return lock && holderLiveness(lock.holder) === 'alive' ? lock.holder : undefined;
}

export function describeHolder(holder: LockHolder): string {
  const where = holder.port ? ` on port ${holder.port}` : '';
  return `pid ${holder.pid} (${holder.command}${where}) on ${holder.host} since ${holder.since}`;
}

/** Writes `holder` beside the lock, complete, so it can be linked or renamed into place whole. */
function writeDraft(path: string, holder: LockHolder): string {
  const draft = `${path}.${holder.nonce}.tmp`;
  const fd = openSync(draft, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return draft;
}

/** link() fails with EEXIST when `to` exists: an atomic create of a file that is whole from the start. */
function linkIfAbsent(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

const TAKEOVER = '.takeover-';

/** The marker a process creates to take over the hold `nonce`; only one process ever creates it. */
function takeoverPath(path: string, nonce: string): string {
  return `${path}${TAKEOVER}${nonce}`;
}

type Takeover = 'taken' | 'busy' | 'retry';

/**
 * Replaces the stale hold `stale` with ours, atomically (ADR 052). A takeover first claims the
 * marker `data.lock.takeover-<stale nonce>` with link() (one winner per hold, ever), then checks
 * the lock still holds `stale` and renames its own hold over it. A marker left by a taker that
 * died is itself taken over the same way, by the marker of the marker's nonce.
 */
function takeOver(path: string, stale: LockFile, draft: string): Takeover {
  const chain: string[] = [stale.nonce];
  for (;;) {
    const marker = takeoverPath(path, chain.at(-1) as string);
    if (linkIfAbsent(draft, marker)) break;
    const taker = readLock(marker);
    if (!taker) return 'retry';
    if (holderLiveness(taker.holder) !== 'dead') return 'busy';
    if (chain.includes(taker.nonce)) return 'retry';
    chain.push(taker.nonce);
  }
  // Nobody else can change the lock now: its holder is dead and we own the only way to replace it.
  if (readLock(path)?.nonce !== stale.nonce || !chainIntact(path, chain)) {
    removeIfPresent(takeoverPath(path, chain.at(-1) as string));
    return 'retry';
  }
  renameSync(draft, path);
  for (const nonce of chain) removeIfPresent(takeoverPath(path, nonce));
  return 'taken';
}

function chainIntact(path: string, chain: readonly string[]): boolean {
  return chain.slice(0, -1).every((nonce, i) => readLock(takeoverPath(path, nonce))?.nonce === chain[i + 1]);
}

/** Takeover markers left by processes that died mid-takeover; harmless, swept by the next holder. */
function sweepMarkers(path: string, mine: string): void {
  const prefix = `${basename(path)}${TAKEOVER}`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && name !== `${prefix}${mine}`) removeIfPresent(join(dirname(path), name));
  }
}

export interface AcquireOptions {
  readonly command: string;
  readonly port?: number;
  /** How long to wait for another eos process to finish; 0 refuses at once. */
  readonly waitMs?: number;
  readonly onWait?: (holder: LockHolder) => void;
}

function lockedError(path: string, current: LockFile | undefined, liveness: Liveness | undefined): EosError {
  const folder = path.replace(/\/data\.lock$/, '');
  const { token: _secret, ...shown } = current?.holder ?? { token: undefined };
  const details = { holder: current ? shown : null };
  if (!current) {
    return new EosError(
      'locked',
      `The workspace data at ${folder} is locked by a lock file eos can't read (${path}). If no eos process uses this folder, run \`eos unlock\`.`,
      details,
    );
  }
  const who = describeHolder(current.holder);
  if (liveness === 'unknown') {
    return new EosError(
      'locked',
      `The workspace data at ${folder} is locked by ${who}, another host or container (this is ${hostname()}), so eos can't tell whether it still runs. If it doesn't (a recreated container, a moved disk), run \`eos unlock\` on this host.`,
      details,
    );
  }
  return new EosError('locked', `The workspace data at ${folder} is in use by ${who}. Wait for it to finish or stop it, then try again.`, details);
}

function newHolder(options: AcquireOptions): LockHolder {
  const started = processStart(process.pid);
  const boot = thisBoot();
  const pidns = thisPidNamespace();
  return {
    pid: process.pid,
    host: hostname(),
    command: options.command,
    since: new Date().toISOString(),
    ...(options.port ? { port: options.port } : {}),
    nonce: randomBytes(12).toString('hex'),
    ...(started ? { started } : {}),
    ...(boot ? { boot } : {}),
    ...(pidns ? { pidns } : {}),
  };
}

/**
 * PGlite takes no lock of its own, and a second process writing to the same folder loses
 * its writes silently. Every process therefore takes this exclusive lock file first.
 * A lock left by a dead process on this host (or a reused pid, or an earlier boot) is taken over
 * atomically; a live holder is waited for, then named in a `locked` error. A lock from another
 * host is never taken over: the error says so and points to `eos unlock`.
 */
export async function acquireDataLock(path: string, options: AcquireOptions): Promise<DataLock> {
  const holder = newHolder(options);
  const draft = writeDraft(path, holder);
  const deadline = Date.now() + (options.waitMs ?? 0);
  let told = false;
  try {
    for (;;) {
      if (linkIfAbsent(draft, path)) break;
      const current = readLock(path);
      const liveness = current ? holderLiveness(current.holder) : undefined;
      if (current && liveness === 'dead') {
        const outcome = takeOver(path, current, draft);
        if (outcome === 'taken') break;
        if (outcome === 'retry') continue;
      }
      if (Date.now() >= deadline) throw lockedError(path, current, liveness);
      if (current && !told) {
        options.onWait?.(current.holder);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    removeIfPresent(draft);
  }
  // The holder checks it still holds the lock before anyone opens the data.
  if (readLock(path)?.nonce !== holder.nonce) throw new EosError('internal', `Lost the lock at ${path} right after taking it; nothing was opened. Try again.`);
  sweepMarkers(path, holder.nonce as string);
  const release = () => {
    if (readLock(path)?.nonce === holder.nonce) removeIfPresent(path);
    process.off('exit', release);
  };
  process.on('exit', release);
  const announce = (server: { port: number; token: string }) => {
    // Written beside the lock and renamed over it, so a reader never sees half a file.
    renameSync(writeDraft(path, { ...holder, port: server.port, token: server.token }), path);
  };
  return { path, holder, announce, release };
}

/** What `eos unlock` removed. */
export interface Unlocked {
  readonly removed: boolean;
  readonly holder: LockHolder | null;
}

/**
 * `eos unlock`: removes a lock no live process on this host holds: one left on another host
 * (a recreated container), or one eos can't read. Refuses while a live local holder exists.
 */
export function removeDataLock(path: string): Unlocked {
  const current = readLock(path);
  let exists = true;
  try {
    readFileSync(path);
  } catch {
    exists = false;
  }
  if (!exists) return { removed: false, holder: null };
  if (current && holderLiveness(current.holder) === 'alive') {
    throw new EosError(
      'locked',
      `The workspace data at ${dirname(path)} is in use by ${describeHolder(current.holder)}, a live process on this host; stop it instead of unlocking.`,
    );
  }
  removeIfPresent(path);
  sweepMarkers(path, '');
  const { token: _secret, ...shown } = current?.holder ?? { token: undefined };
  return { removed: true, holder: current ? (shown as LockHolder) : null };
}
