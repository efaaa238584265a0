import { v7 as uuidv7 } from 'uuid';
import { invalidInput } from '../../core/errors.ts';
import { initialStatus } from '../../core/gates/plan-move.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import type { EosRecord, RecordedAs, StoredRecord } from '../../core/records/eos-record.ts';
import { publicRecord } from '../../core/records/eos-record.ts';
import { nextRecordNumber, recordsByIds, recordsByRef } from '../../store/record-rows.ts';
import { databaseOf, type Session } from '../session.ts';
import { inWriteTransaction, type WriteContext } from '../write-context.ts';
import { enforceGates } from './enforce-gates.ts';
import { explainInverseWrites } from './inverse-writes.ts';
import { assertNoProblems, type ParsedSet, parseSet } from './parse-set.ts';
import { mergedLinks, type RelationChanges, saveRecord, withDerived } from './record-writer.ts';
import { pendingWarning, resolveRefs } from './resolve-refs.ts';
import { runOnCreate } from './run-on-create.ts';
import { updateRecordIn } from './update-record.ts';

export interface WriteResult {
  readonly record: EosRecord;
  readonly warnings: readonly string[];
}

/** Resolves the references of every relation field set, warning about those that stay pending. */
export async function relationChanges(w: WriteContext, def: DatabaseDef, parsed: ParsedSet, key: string): Promise<RelationChanges> {
  const changes = new Map<string, { targets: StoredRecord[]; unresolved: string[] }>();
  for (const [field, refs] of parsed.relations) {
    const relation = def.fields.find((f) => f.name === field);
    if (!relation) continue;
    const resolved = await resolveRefs(w, relation, refs);
    for (const ref of resolved.unresolved) w.warnings.push(pendingWarning(w.session.databases, key, relation, ref));
    changes.set(field, { targets: [...resolved.targets], unresolved: [...resolved.unresolved] });
  }
  return changes;
}

async function newKey(w: WriteContext, def: DatabaseDef, title: string | null): Promise<string> {
  if ('prefix' in def.key) {
    const n = await nextRecordNumber(w.db, w.session.workspaceId, def.id);
    return `${def.key.prefix}-${String(n).padStart(4, '0')}`;
  }
  if (!title) throw invalidInput(`${def.key.field} is required: ${def.name} records are keyed by it`, { field: def.key.field });
  const existing = await recordsByRef(w.db, w.session.workspaceId, [title], def.id);
  if (existing.some((r) => r.key === title)) throw invalidInput(`${def.name} already has a record '${title}'`, { record: title });
  return title;
}

export interface CreateInput {
  readonly database: string;
  readonly parsed: ParsedSet;
  readonly sourceRef?: string | null;
  /** Takes the status as given, past no gate, and marks the record so (an as-recorded import; ADR 043). */
  readonly recordedAs?: RecordedAs | undefined;
}

/** Creates a record inside an open write transaction; import and the CLI/API share it. */
export async function createRecordIn(w: WriteContext, input: CreateInput): Promise<StoredRecord> {
  const def = databaseOf(w.session, input.database);
  assertNoProblems(input.parsed.problems, `Can't create the ${def.name} record`);
  const titleField = def.fields.find((f) => f.type === 'title');
  const rawTitle = titleField ? input.parsed.values[titleField.name] : null;
  const title = typeof rawTitle === 'string' && rawTitle.trim() !== '' ? rawTitle.trim() : null;
  const key = await newKey(w, def, title);
  const changes = await relationChanges(w, def, input.parsed, key);
  const initial = initialStatus(def);
  const status = input.parsed.status ?? initial;
  const at = w.now.toISOString();
  const draft: StoredRecord = {
    id: uuidv7(),
    key,
    database: def.id,
    title: title ?? key,
    status,
    fields: { ...input.parsed.values, ...(titleField ? { [titleField.name]: title ?? key } : {}) },
    unresolved: Object.fromEntries([...changes].filter(([, c]) => c.unresolved.length > 0).map(([f, c]) => [f, [...c.unresolved]])),
    sourceRef: input.sourceRef ?? null,
    version: 1,
    createdAt: at,
    createdBy: w.session.actor,
    updatedAt: at,
    updatedBy: w.session.actor,
    ...(input.recordedAs ? { recordedAs: input.recordedAs } : {}),
  };
  const links = await mergedLinks(w, null, changes);
  const record = await withDerived(w, def, draft, links);
  // Created in a later status, it walks the lifecycle from the initial one (ADR 042).
  if (status !== initial && !input.recordedAs) await enforceGates(w, { def, record, links, from: null });
  await saveRecord(w, { def, before: null, after: record, changes, action: 'record.create' });
  await runOnCreate(w, {
    def,
    record,
    create: (database, pairs) => createRecordIn(w, { database, parsed: parseSet(databaseOf(w.session, database), pairs) }),
    link: async (source, field, targets) => {
      const changes = new Map([[field, { targets, unresolved: [...(source.unresolved[field] ?? [])] }]]);
      await updateRecordIn(w, { record: source, parsed: { values: {}, relations: new Map(), problems: [] }, changes, action: 'record.link' });
    },
  });
  // An onCreate rule that links back changes the record after it is saved: re-read it then, and
  // save the query everywhere else.
  if (!def.onCreate?.length) return record;
  const [stored] = await recordsByIds(w.db, w.session.workspaceId, [record.id]);
  return stored ?? record;
}

/**
 * Creates a record from `Field=value` pairs. A status other than the initial one is decided as
 * a walk of the lifecycle from the initial status: every gate on the way must hold.
 *
 * @example await createRecord(session, { database: 'changes', set: [['Title', 'Swap C12']] }) // { record: { key: 'CHG-0001', … } }
 */
export async function createRecord(session: Session, input: { database: string; set: readonly (readonly [string, string])[] }): Promise<WriteResult> {
  return inWriteTransaction(session, 'create records', async (w) => {
    const def = databaseOf(session, input.database);
    const parsed = explainInverseWrites(session, def, parseSet(def, input.set));
    w.warnings.push(...(parsed.warnings ?? []));
    const record = await createRecordIn(w, { database: def.id, parsed });
    return { record: publicRecord(record), warnings: w.warnings };
  });
}
