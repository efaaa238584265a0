import type { WitnessedHead } from './audit-trust.ts';

export interface WitnessProblem {
  readonly seq: number;
  readonly reason: string;
}

/**
 * Compares the trail with the heads the witness saw after each commit. The trail may run ahead of
 * the witness (a crash between a commit and its witness line) but never behind it, and every
 * witnessed entry must still have the hash it had.
 *
 * @example checkWitness([, 'ab…', 'cd…'], witness.heads) // { seq: 3, reason: 'the trail ends at entry 2, but …' }
 */
export function checkWitness(hashes: readonly (string | undefined)[], heads: readonly WitnessedHead[]): WitnessProblem | null {
  const last = hashes.length - 1;
  let furthest: WitnessedHead | undefined;
  for (const head of heads) if (!furthest || head.seq > furthest.seq) furthest = head;
  if (furthest && furthest.seq > last) {
    const gone = last <= 0 ? 'every entry was deleted' : furthest.seq === last + 1 ? `entry ${furthest.seq} was deleted` : `entries ${last + 1} to ${furthest.seq} were deleted`;
    return { seq: Math.max(last, 0) + 1, reason: `the trail ends at entry ${Math.max(last, 0)}, but the witness saw entry ${furthest.seq}: ${gone}` };
  }
  let rewritten: WitnessedHead | undefined;
  for (const head of heads) if (hashes[head.seq] !== head.hash && (!rewritten || head.seq < rewritten.seq)) rewritten = head;
  if (rewritten) return { seq: rewritten.seq, reason: `entry ${rewritten.seq} is not the entry the witness saw (hash ${rewritten.hash.slice(0, 12)}…): the trail was rewritten` };
  return null;
}
