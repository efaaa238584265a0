import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const RACER = fileURLToPath(new URL('./lock-racer.ts', import.meta.url));

interface Outcome {
  readonly trial: number;
  readonly won: boolean;
  readonly code?: string;
}

export interface RaceResult {
  readonly trials: number;
  /** Trials where more than one process came back holding the lock. */
  readonly doubleHolders: number;
  /** Trials where nobody took the stale lock over. */
  readonly noHolder: number;
  /** Error codes the losers got (all should be `locked`). */
  readonly loserCodes: ReadonlySet<string>;
}

/** A pid no process has now: a child that has exited. */
function deadPid(): number {
  return spawnSync('true').pid;
}

/**
 * A lock a crashed process left behind. Odd trials name a dead pid; even ones name a live pid
 * (this test process) with another start time, as when a pid is reused after a crash.
 */
function staleLock(trial: number): string {
  const pid = trial % 2 ? deadPid() : process.pid;
  return JSON.stringify({ pid, host: hostname(), command: 'eos crashed', since: new Date(0).toISOString(), nonce: randomBytes(12).toString('hex'), started: '1' });
}

function startRacer(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(RUN_TS, [RACER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => (m === 'ready' ? resolve(child) : reject(new Error(`racer said ${String(m)}`))));
    child.once('error', reject);
  });
}

/**
 * `racers` processes race for a stale lock, `trials` times, each trial in a fresh folder whose
 * data.lock was left by a crashed process. Exactly one of them must come back holding it.
 */
export async function raceForStaleLocks(racers: number, trials: number): Promise<RaceResult> {
  const root = mkdtempSync(join(tmpdir(), 'eos-lock-race-'));
  const children = await Promise.all(Array.from({ length: racers }, startRacer));
  let doubleHolders = 0;
  let noHolder = 0;
  const loserCodes = new Set<string>();
  try {
    for (let trial = 0; trial < trials; trial++) {
      const dir = join(root, String(trial));
      mkdirSync(dir);
      const path = join(dir, 'data.lock');
      writeFileSync(path, staleLock(trial), { mode: 0o600 });
      // `at` lets every racer leave the line together.
      const at = Date.now() + 15;
      const round = Promise.all(children.map((child) => new Promise<Outcome>((resolve) => child.once('message', (m) => resolve(m as Outcome)))));
      for (const child of children) child.send({ trial, path, at });
      const results = await round;
      const winners = results.filter((r) => r.won).length;
      if (winners > 1) doubleHolders++;
      if (winners === 0) noHolder++;
      for (const r of results) if (!r.won && r.code) loserCodes.add(r.code);
    }
  } finally {
    for (const child of children) child.send('stop');
    rmSync(root, { recursive: true, force: true });
  }
  return { trials, doubleHolders, noHolder, loserCodes };
}
