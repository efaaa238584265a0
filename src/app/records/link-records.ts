import { invalidInput } from '../../core/errors.ts';
import { refCandidates, relationTargets } from '../../core/pack/relation-targets.ts';
import { publicRecord, type StoredRecord } from '../../core/records/eos-record.ts';
import { databaseOf, type Session } from '../session.ts';
import { inWriteTransaction } from '../write-context.ts';
import type { WriteResult } from './create-record.ts';
import { findRecord } from './find-record.ts';
import { inverseWriteReason } from './inverse-writes.ts';
import { findField } from './parse-set.ts';
import { linkedTargets } from './record-writer.ts';
import { pendingWarning, resolveRefs } from './resolve-refs.ts';
import { updateRecordIn } from './update-record.ts';

export interface LinkInput {
  readonly ref: string;
  readonly field: string;
  readonly targets: readonly string[];
  readonly ifVersion?: number | undefined;
}

/**
 * Adds (link) or removes (unlink) targets of one relation field, keeping the others. A target
 * that names no record yet is kept as a pending reference on link.
 *
 * @example await linkRecords(session, { ref: 'CHG-0001', field: 'Verification Needed', targets: ['T-7'] }, 'link')
 */
export async function linkRecords(session: Session, input: LinkInput, mode: 'link' | 'unlink'): Promise<WriteResult> {
  return inWriteTransaction(session, `${mode} records`, async (w) => {
    const record = await findRecord(w.db, session, input.ref);
    const def = databaseOf(session, record.database);
    const field = findField(def, input.field);
    if (field?.type !== 'relation' || relationTargets(field).length === 0) {
      const relations = def.fields.filter((f) => f.type === 'relation').map((f) => f.name);
      const inverse = inverseWriteReason(session, def, input.field);
      if (inverse) throw invalidInput(inverse, { field: input.field });
      throw invalidInput(`${def.name} has no relation field '${input.field}' (relations: ${relations.join(', ') || 'none'})`, { field: input.field });
    }
    const ordered = await linkedTargets(w, record.id, field.name);
    const pending = [...(record.unresolved[field.name] ?? [])];
    const resolved = await resolveRefs(w, field, input.targets);
    let targets: StoredRecord[];
    let unresolved: string[];
    if (mode === 'link') {
      targets = [...ordered, ...resolved.targets.filter((t) => !ordered.some((o) => o.id === t.id))];
      unresolved = [...pending, ...resolved.unresolved.filter((r) => !pending.includes(r))];
      for (const ref of resolved.unresolved) w.warnings.push(pendingWarning(session.databases, record.key, field, ref));
    } else {
      const named = (t: string) => refCandidates(field, t, session.databases).name;
      const missing = input.targets.filter((t) => !resolved.targets.some((r) => r.key === named(t) || r.title === named(t)) && !pending.includes(t));
      if (missing.length > 0) throw invalidInput(`${record.key}'s ${field.name} does not link ${missing.join(', ')}`, { field: field.name, missing });
      targets = ordered.filter((o) => !resolved.targets.some((t) => t.id === o.id));
      unresolved = pending.filter((p) => !input.targets.includes(p));
    }
    const changes = new Map([[field.name, { targets, unresolved }]]);
    const after = await updateRecordIn(w, { record, parsed: { values: {}, relations: new Map(), problems: [] }, changes, ifVersion: input.ifVersion, action: `record.${mode}` });
    return { record: publicRecord(after), warnings: w.warnings };
  });
}
