import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { csvSafeRows } from '../../core/csv-formula.ts';
import { EosError, forbidden, toEosError } from '../../core/errors.ts';
import type { ImportFormatId } from '../../core/import/import-format.ts';
import type { DatabaseDef, FieldDef } from '../../core/pack/pack-schema.ts';
import { refCandidates } from '../../core/pack/relation-targets.ts';
import type { RecordedAs, StoredRecord } from '../../core/records/eos-record.ts';
import { appendsInSavepoints } from '../../store/audit-rows.ts';
import { recordBySourceRef, recordsByRef, recordsBySourceRefs } from '../../store/record-rows.ts';
import type { Db } from '../../store/store.ts';
import { rowsPerStatement, timeSlices } from '../../store/time-slices.ts';
import { decideIn } from '../decide.ts';
import { createRecordIn } from '../records/create-record.ts';
import { MoveRefused, refusalReason } from '../records/move-refusal.ts';
import type { ParsedSet } from '../records/parse-set.ts';
import { namesOf } from '../records/resolve-refs.ts';
import { moveRecordIn, updateRecordIn } from '../records/update-record.ts';
import { databaseOf, type Session } from '../session.ts';
import { inWriteTransaction, type WriteContext } from '../write-context.ts';
import { bulkCreate } from './import-bulk.ts';
import { cellOf, columnOf } from './import-columns.ts';
import { type ImportProblem, type ReadRowsInput, readImportRowsInSlices } from './import-rows.ts';

export type { ImportProblem } from './import-rows.ts';

export interface ImportReport {
  readonly database: string;
  readonly file: string;
  /** The source the cells were read as, and why: `detected: Issue key, Summary, …`, or `as --format asked`. */
  readonly format: ImportFormatId;
  readonly formatReason: string;
  /** Data rows in the file, the excluded ones included. */
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  /** Rows the format leaves out (Linear's archived issues), each named in a warning. */
  readonly excluded: number;
  readonly dryRun: boolean;
  readonly problems: readonly ImportProblem[];
  readonly warnings: readonly string[];
  /** The columns that fill no field, as the file names them (`--map` one to use it). */
  readonly unmapped: readonly string[];
  /** With skipInvalid: the rejected rows as CSV, with an `eos_error` column. */
  readonly errorsCsv?: string;
}

export interface ImportInput extends ReadRowsInput {
  readonly database: string;
  readonly dryRun?: boolean;
  readonly skipInvalid?: boolean;
  /**
   * Takes every status as the file gives it, past no gate (history from Jira or Linear; ADR 043):
   * admins only; each record is marked `recordedAs: imported` and one `import.as_recorded` decision
   * names the file's SHA-256, its row count and who imported it.
   */
  readonly asRecorded?: boolean;
  /** A pack's starters and demo load as recorded, marked `starter`; their loader writes the one decision. */
  readonly asStarter?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The SHA-256 of an imported file's text, as the as-recorded decision names it. */
export function fileDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The references written as the keys of the records they name, where one of `linked` is that record (by key or title). */
async function writtenAsKeys(db: Db, session: Session, relation: FieldDef, refs: readonly string[], pending: readonly string[], linked: readonly string[]): Promise<string[]> {
  const names = refs.map((r) => (pending.includes(r) ? r : refCandidates(relation, r, session.databases).name));
  if (names.every((n) => pending.includes(n) || linked.includes(n))) return names;
  // Titles or source IDs: a row that links by title (Notion, or a plain CSV) or by the export's own
  // ID (Linear's `Parent issue: CLA-4`) names the records its links hold by key.
  const targets = await recordsByRef(db, session.workspaceId, linked);
  return names.map((n) => (pending.includes(n) ? n : (targets.find((t) => linked.includes(t.key) && namesOf(t).includes(n))?.key ?? n)));
}

async function unchanged(db: Db, session: Session, def: DatabaseDef, record: StoredRecord, parsed: ParsedSet): Promise<boolean> {
  if (parsed.status && parsed.status !== record.status) return false;
  for (const [field, value] of Object.entries(parsed.values)) if (!sameValue(record.fields[field], value)) return false;
  for (const [field, refs] of parsed.relations) {
    const pending = record.unresolved[field] ?? [];
    const relation = def.fields.find((f) => f.name === field);
    const linked = (record.fields[field] as string[] | null) ?? [];
    // A linked reference shows as the key it names: `Rel RevA-1.0` is linked as RevA-1.0.
    const written = relation ? await writtenAsKeys(db, session, relation, refs, pending, linked) : refs;
    if (!sameValue([...linked, ...pending].sort(), [...written].sort())) return false;
  }
  return true;
}

async function existingRecord(
  db: Db,
  session: Session,
  def: DatabaseDef,
  key: string | undefined,
  sourceRef: string,
  title: string | undefined,
): Promise<StoredRecord | undefined> {
  const byKey = key ? (await recordsByRef(db, session.workspaceId, [key], def.id)).find((r) => r.key === key) : undefined;
  if (byKey) return byKey;
  if ('field' in def.key && title) return (await recordsByRef(db, session.workspaceId, [title], def.id)).find((r) => r.key === title);
  return recordBySourceRef(db, session.workspaceId, def.id, sourceRef);
}

type RowOutcome = 'created' | 'updated' | 'unchanged';

interface RowIdentity {
  readonly key: string | undefined;
  readonly sourceRef: string;
  readonly title: string | undefined;
}

/** How a row finds its record: by key, by title (title-keyed databases), or by source reference. */
function identityOf(def: DatabaseDef, row: RowIdentity): string {
  // In a title-keyed database the title is the key: two rows with one title are one record.
  if ('field' in def.key && row.title) return `title:${row.title}`;
  if (row.key) return `key:${row.key}`;
  return `ref:${row.sourceRef}`;
}

/** The identities of the rows whose record is already stored (looked up in bulk). */
async function knownIdentities(db: Db, session: Session, def: DatabaseDef, rows: readonly RowIdentity[]): Promise<Set<string>> {
  const known = new Set<string>();
  const names = [...new Set(rows.flatMap((r) => [r.key, 'field' in def.key ? r.title : undefined]).filter((n): n is string => !!n))];
  // Small statements on PGlite, with turns of the event loop between (see timeSlices).
  const chunk = rowsPerStatement(session.store.engine, 5000);
  const slice = timeSlices();
  for (let i = 0; i < names.length; i += chunk) {
    for (const r of await recordsByRef(db, session.workspaceId, names.slice(i, i + chunk), def.id)) {
      known.add(`key:${r.key}`);
      known.add(`title:${r.key}`);
    }
    await slice();
  }
  const refs = [...new Set(rows.map((r) => r.sourceRef))];
  for (let i = 0; i < refs.length; i += chunk) {
    for (const r of await recordsBySourceRefs(db, session.workspaceId, def.id, refs.slice(i, i + chunk))) known.add(`ref:${r.sourceRef}`);
    await slice();
  }
  // A row with a key that names no record is matched by its source reference instead.
  for (const r of rows) if (r.key && !known.has(`key:${r.key}`) && known.has(`ref:${r.sourceRef}`)) known.add(`key:${r.key}`);
  return known;
}

async function importRow(
  w: WriteContext,
  def: DatabaseDef,
  parsed: ParsedSet,
  existing: StoredRecord | undefined,
  sourceRef: string,
  recordedAs?: RecordedAs,
): Promise<RowOutcome> {
  if (!existing) {
    await createRecordIn(w, { database: def.id, parsed, sourceRef, recordedAs });
    return 'created';
  }
  if (await unchanged(w.db, w.session, def, existing, parsed)) return 'unchanged';
  const { status, ...rest } = parsed;
  let record = existing;
  if (Object.keys(rest.values).length > 0 || rest.relations.size > 0) record = await updateRecordIn(w, { record, parsed: rest, action: 'record.update' });
  if (status && status !== record.status) await moveRecordIn(w, { record, to: status, recordedAs });
  return 'updated';
}

class DryRunRollback extends Error {}

/**
 * Imports a CSV (plain, or a Notion, Linear or Jira export) into a database in one
 * transaction, through the same gates as every other write. Every bad cell is reported with
 * its row, column, value and reason; nothing is written unless every row is good or
 * `skipInvalid` is set. Re-importing the same file updates the same records (matched by key,
 * title, or the source's ID).
 */
export async function importCsv(session: Session, input: ImportInput): Promise<ImportReport> {
  const def = databaseOf(session, input.database);
  if (input.asRecorded && session.role !== 'admin') {
    throw forbidden(
      `Only an admin can import as recorded (statuses taken as given, past every gate); ${session.actor} has the ${session.role} role. Without --as-recorded the gates apply.`,
      {
        actor: session.actor,
        role: session.role,
        requiredRoles: ['admin'],
      },
    );
  }
  const recordedAs: RecordedAs | undefined = input.asStarter ? 'starter' : input.asRecorded ? 'imported' : undefined;
  const { table, source, plan, rows: prepared, ...read } = await readImportRowsInSlices(def, input);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const problems: ImportProblem[] = [];
  const rejected: { cells: readonly string[]; reason: string }[] = [];
  let warnings: string[] = [];
  const reject = (cells: readonly string[], rowProblems: ImportProblem[]) => {
    problems.push(...rowProblems);
    rejected.push({ cells, reason: rowProblems.map((p) => `${p.column ? `${p.column}: ` : ''}${p.reason}`).join(' | ') });
  };
  const run = async (w: WriteContext) => {
    const valid = prepared.filter((p) => p.problems.length === 0);
    const known = await knownIdentities(w.db, session, def, valid);
    const seen = new Set<string>();
    const fresh = valid.filter((p) => {
      const identity = identityOf(def, p);
      const isNew = !known.has(identity) && !seen.has(identity);
      seen.add(identity);
      return isNew;
    });
    // Records whose creation runs onCreate rules go one at a time, through createRecordIn.
    const bulk =
      fresh.length > 0 && !def.onCreate?.length
        ? await bulkCreate(
            w,
            def,
            fresh.map((p) => ({ row: p.row, parsed: p.parsed, sourceRef: p.sourceRef })),
            { writeIfFailures: input.skipInvalid ?? false, recordedAs },
          )
        : { created: 0, failures: [] };
    const viaBulk = new Set('fallback' in bulk || def.onCreate?.length ? [] : fresh.map((p) => p.row));
    if (!('fallback' in bulk)) {
      counts.created += bulk.created;
      for (const f of bulk.failures) {
        const p = prepared.find((x) => x.row === f.row);
        const column = columnOf(plan, source, f.field);
        const reason = 'refusal' in f ? refusalReason(def, f.refusal) : f.message;
        if (p) p.problems.push({ row: f.row, column, value: cellOf(source, p.source, column), reason });
      }
    }
    let done = viaBulk.size;
    input.onProgress?.(done, prepared.length);
    // Rows written one at a time go through savepoints, which append audit entries of their own.
    if (prepared.some((p) => p.problems.length === 0 && !viaBulk.has(p.row))) appendsInSavepoints(w.db);
    for (const p of prepared) {
      if (p.problems.length === 0 && !viaBulk.has(p.row)) {
        const before = w.warnings.length;
        let existing: StoredRecord | undefined;
        try {
          const outcome = await w.db.transaction(async (savepoint) => {
            const rowContext: WriteContext = { ...w, db: savepoint as unknown as Db };
            existing = await existingRecord(rowContext.db, session, def, p.key, p.sourceRef, p.title);
            return importRow(rowContext, def, p.parsed, existing, p.sourceRef, recordedAs);
          });
          counts[outcome]++;
        } catch (error) {
          const e = toEosError(error);
          if (e.code === 'internal') throw error;
          // What the refused row said along the way (its pending links) was rolled back with it.
          w.warnings.splice(before);
          const reason = error instanceof MoveRefused ? refusalReason(def, error.refusal) : e.message;
          const column =
            e.code === 'gate_blocked' || e.details.gate
              ? columnOf(plan, source, def.status.field)
              : (e.details.field as string | undefined)
                ? columnOf(plan, source, e.details.field as string)
                : '';
          p.problems.push({ row: p.row, column, value: cellOf(source, p.source, column), reason });
        }
        input.onProgress?.(++done, prepared.length);
      }
      if (p.problems.length > 0) reject(p.source.raw, p.problems);
    }
    warnings = [...read.warnings, ...w.warnings];
    if (problems.length > 0 && !input.skipInvalid) {
      throw new EosError(
        'invalid_input',
        `${input.file}: ${problems.length} bad value${problems.length === 1 ? '' : 's'} in ${rejected.length} row${rejected.length === 1 ? '' : 's'}; nothing was imported`,
        {
          file: input.file,
          problems,
        },
      );
    }
    if (input.asRecorded && counts.created + counts.updated > 0) {
      const sha256 = fileDigest(input.text);
      await decideIn(w, {
        scope: def.id,
        action: 'import.as_recorded',
        summary: `${session.actor} imported ${input.file} (${table.rows.length} row${table.rows.length === 1 ? '' : 's'}) into ${def.name} as recorded: statuses taken as given, past every gate`,
        rationale: 'History imported as it was recorded in the source system',
        details: { file: input.file, sha256, rows: table.rows.length, created: counts.created, updated: counts.updated, actor: session.actor },
      });
    }
    if (input.dryRun) throw new DryRunRollback();
  };
  try {
    await inWriteTransaction(session, 'import records', run);
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return {
    database: def.id,
    file: input.file,
    format: read.format,
    formatReason: read.formatReason,
    rows: table.rows.length,
    ...counts,
    skipped: rejected.length,
    excluded: read.excluded,
    dryRun: input.dryRun ?? false,
    problems,
    warnings,
    unmapped: plan.unmapped,
    ...(input.skipInvalid && rejected.length > 0 ? { errorsCsv: stringify(csvSafeRows([[...table.header, 'eos_error'], ...rejected.map((r) => [...r.cells, r.reason])])) } : {}),
  };
}
