import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { toCelRecord } from '../../core/records/cel-view.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { recordsByIds } from '../../store/record-rows.ts';
import { databaseOf } from '../session.ts';
import type { WriteContext } from '../write-context.ts';
import { needsOf, prepareHooks } from './eval-hooks.ts';
import { parseSet } from './parse-set.ts';
import { linkedTargets } from './record-writer.ts';

/** A CEL result written the way `--set` reads it. */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(asText).join(';');
  return String(value);
}

export interface OnCreateOptions {
  readonly def: DatabaseDef;
  readonly record: StoredRecord;
  /** Creates a record in the open transaction (createRecordIn, passed in to avoid a cycle). */
  readonly create: (database: string, pairs: [string, string][]) => Promise<StoredRecord>;
  /** Links the source to the new record (updateRecordIn with a relation change). */
  readonly link: (source: StoredRecord, field: string, targets: StoredRecord[]) => Promise<void>;
}

/**
 * Runs a database's `onCreate` rules for a record just created, in the same transaction: each
 * rule whose `when` holds creates a record from its CEL `set` values and links it back.
 */
export async function runOnCreate(w: WriteContext, options: OnCreateOptions): Promise<void> {
  const { def, record } = options;
  const rules = def.onCreate ?? [];
  if (rules.length === 0) return;
  const sources = rules.flatMap((r) => [...(r.when ? [r.when] : []), ...Object.values(r.create.set)]);
  const hooksFor = await prepareHooks({ db: w.db, session: w.session, def, records: [record], needs: needsOf(w.session, def, sources), now: w.now });
  const input = { record: toCelRecord(def, record), hooks: hooksFor(record), now: w.now };
  for (const rule of rules) {
    if (rule.when && w.session.compiler.compile(def.id, rule.when).evaluate(input) !== true) continue;
    const pairs = Object.entries(rule.create.set).map(([field, expr]): [string, string] => [field, asText(w.session.compiler.compile(def.id, expr).evaluate(input))]);
    const target = databaseOf(w.session, rule.create.database);
    const parsed = parseSet(target, pairs);
    if (parsed.problems.length > 0) {
      w.warnings.push(`${record.key}: onCreate '${rule.id}' made values ${target.name} can't take; it created nothing`);
      continue;
    }
    const created = await options.create(target.id, pairs);
    if (!rule.create.link) continue;
    const [source] = await recordsByIds(w.db, w.session.workspaceId, [record.id]);
    if (source) await options.link(source, rule.create.link, [...(await linkedTargets(w, source.id, rule.create.link)), created]);
  }
}
