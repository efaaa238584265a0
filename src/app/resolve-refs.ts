import type { StoredRecord } from '../core/records/eos-record.ts';
import { recordsByRef } from '../store/record-rows.ts';
import type { WriteContext } from './write-context.ts';

export interface ResolvedRefs {
  readonly targets: readonly StoredRecord[];
  readonly unresolved: readonly string[];
}

/**
 * Resolves relation references (keys or titles) in the target database. A reference that
 * names no record is kept as unresolved, never dropped: it links once the record appears.
 */
export async function resolveRefs(w: WriteContext, targetDb: string, refs: readonly string[]): Promise<ResolvedRefs> {
  const found = await recordsByRef(w.db, w.session.workspaceId, refs, targetDb);
  const targets: StoredRecord[] = [];
  const unresolved: string[] = [];
  for (const ref of refs) {
    const match = found.find((r) => r.key === ref) ?? found.find((r) => r.title === ref);
    if (match) {
      if (!targets.includes(match)) targets.push(match);
    } else if (!unresolved.includes(ref)) {
      unresolved.push(ref);
    }
  }
  return { targets, unresolved };
}
