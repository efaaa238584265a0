import type { WitnessedHead, WitnessRecord } from '../core/audit/audit-trust.ts';

/**
 * The witness is plain text, one line per event, so `tail` reads it and an append is one write:
 *   `<workspace> head <seq> <hash> <keyId> <signature>` after a commit,
 *   `<workspace> key <keyId> <publicKey>` when a key is created, rotated in or restored,
 *   `<workspace> reset` when a restore replaced the trail (heads before it no longer apply).
 */
export function headLine(workspaceId: string, head: WitnessedHead): string {
  return `${workspaceId} head ${head.seq} ${head.hash} ${head.keyId} ${head.signature}\n`;
}

export function keyLine(workspaceId: string, keyId: string, publicKey: string): string {
  return `${workspaceId} key ${keyId} ${publicKey}\n`;
}

export function resetLine(workspaceId: string): string {
  return `${workspaceId} reset\n`;
}

/** Reads a workspace's lines out of a witness's text; a torn last line (a crash mid-append) is skipped. */
export function parseWitness(text: string, workspaceId: string): WitnessRecord {
  let heads: WitnessedHead[] = [];
  const keys = new Map<string, string>();
  let known = false;
  for (const line of text.split('\n')) {
    const [ws, kind, ...rest] = line.split(' ');
    if (ws !== workspaceId) continue;
    if (kind === 'head' && rest.length === 4) {
      const [seq, hash, keyId, signature] = rest as [string, string, string, string];
      if (/^\d+$/.test(seq) && /^[0-9a-f]{64}$/.test(hash)) heads.push({ seq: Number(seq), hash, keyId, signature });
    } else if (kind === 'key' && rest.length === 2) {
      keys.set(rest[0] as string, rest[1] as string);
    } else if (kind === 'reset') {
      heads = [];
    } else continue;
    known = true;
  }
  return { heads, keys, known };
}
