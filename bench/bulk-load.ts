import { stringify } from 'csv-stringify/sync';
import { v7 as uuidv7 } from 'uuid';
import { findField, parseSet } from '../src/app/records/parse-set.ts';
import type { Session } from '../src/app/session.ts';
import { type AuditEntry, GENESIS_HASH, hashAuditEntry } from '../src/core/audit/audit-entry.ts';
import type { FieldValue } from '../src/core/fields/parse-field-value.ts';
import { initialStatus } from '../src/core/gates/plan-move.ts';
import type { DatabaseDef } from '../src/core/pack/pack-schema.ts';
import { relationTargets } from '../src/core/pack/relation-targets.ts';
import { toCelRecord } from '../src/core/records/cel-view.ts';
import { computeDerived } from '../src/core/records/compute-derived.ts';
import { publicRecord, type StoredRecord } from '../src/core/records/eos-record.ts';
import type { BenchEngine } from './engines.ts';
import type { GeneratedDatabase } from './generate-data.ts';

/**
 * Writes the rows importCsv would write for the first `count` rows of each database, with
 * bulk COPY instead of a savepoint and ~20 statements per row: records (fields parsed by eos's
 * parseSet, relation keys, formulas and rollups by eos's computeDerived), links, and one chained
 * `record.create` audit entry per record. It fills a workspace to full size quickly, so the
 * import itself can be measured through importCsv on the remaining rows at (nearly) full size.
 * bench/check-loader.ts proves that it writes what importCsv writes.
 */

interface Index {
  readonly byKey: Map<string, StoredRecord>;
  readonly byTitle: Map<string, StoredRecord>;
}

function columnTargets(def: DatabaseDef, header: readonly string[]): (string | null)[] {
  return header.map((h) => {
    const field = findField(def, h);
    if (field) return field.type === 'formula' || field.type === 'rollup' ? null : field.name;
    return h.trim().toLowerCase() === def.status.field.toLowerCase() ? def.status.field : null;
  });
}

export interface BulkLoadResult {
  readonly records: number;
  readonly links: number;
  readonly ms: number;
  /** Of ms, the time spent in COPY and the other statements (the rest is eos's parsing and deriving in JS). */
  readonly sqlMs: number;
}

/** Loads rows [0, counts.get(db)) of every database into the session's (new) workspace. */
export async function bulkLoad(engine: BenchEngine, session: Session, data: readonly GeneratedDatabase[], counts: ReadonlyMap<string, number>): Promise<BulkLoadResult> {
  const start = performance.now();
  const ws = session.workspaceId;
  const indexes = new Map<string, Index>();
  const [last] = await engine.query<{ seq: string | number; hash: string }>('select seq, hash from audit where workspace_id = $1 order by seq desc limit 1', [ws]);
  let seq = Number(last?.seq ?? 0);
  let prevHash = last?.hash ?? GENESIS_HASH;
  let totalRecords = 0;
  let totalLinks = 0;
  let sqlMs = 0;
  for (const gen of data) {
    const def = session.databases.get(gen.id);
    if (!def) throw new Error(`the bench pack has no database '${gen.id}'`);
    const count = counts.get(gen.id) ?? 0;
    const index: Index = { byKey: new Map(), byTitle: new Map() };
    indexes.set(gen.id, index);
    if (count === 0) continue;
    const now = session.clock();
    const at = now.toISOString();
    const targets = columnTargets(def, gen.header);
    const idColumn = gen.header.findIndex((h) => h.trim().toLowerCase() === 'id');
    const titleField = def.fields.find((f) => f.type === 'title');
    const recordRows: unknown[][] = [];
    const linkRows: unknown[][] = [];
    const auditRows: unknown[][] = [];
    for (let i = 0; i < count; i++) {
      const cells = gen.cells[i] ?? [];
      const pairs: [string, string][] = [];
      targets.forEach((t, c) => {
        if (t) pairs.push([t, (cells[c] ?? '').trim() === '' ? '' : (cells[c] ?? '')]);
      });
      const parsed = parseSet(def, pairs, { commaLists: true });
      if (parsed.problems.length > 0) throw new Error(`${gen.id} row ${i + 2}: ${parsed.problems.map((p) => p.reason).join('; ')}`);
      const rawTitle = titleField ? parsed.values[titleField.name] : null;
      const title = typeof rawTitle === 'string' && rawTitle.trim() !== '' ? rawTitle.trim() : null;
      const key = 'prefix' in def.key ? `${def.key.prefix}-${String(i + 1).padStart(4, '0')}` : (title ?? '');
      const links = new Map<string, StoredRecord[]>();
      for (const [field, refs] of parsed.relations) {
        const [to = ''] = relationTargets(def.fields.find((f) => f.name === field) ?? { name: field, type: 'relation' });
        const target = indexes.get(to);
        const found: StoredRecord[] = [];
        for (const ref of refs) {
          const match = target?.byKey.get(ref) ?? target?.byTitle.get(ref);
          if (!match) throw new Error(`${gen.id} row ${i + 2}: ${field} → '${ref}' is not loaded yet; the bench data only links to earlier records`);
          if (!found.includes(match)) found.push(match);
        }
        links.set(field, found);
      }
      const fields: Record<string, FieldValue> = { ...parsed.values, ...(titleField ? { [titleField.name]: title ?? key } : {}) };
      for (const f of def.fields) {
        if (f.type !== 'relation') continue;
        const keys = (links.get(f.name) ?? []).map((r) => r.key);
        if (keys.length > 0) fields[f.name] = keys;
        else delete fields[f.name];
      }
      const id = uuidv7();
      const draft: StoredRecord = {
        id,
        key,
        database: def.id,
        title: title ?? key,
        status: parsed.status ?? initialStatus(def),
        fields,
        unresolved: {},
        sourceRef: idColumn >= 0 && cells[idColumn]?.trim() ? `id:${cells[idColumn]?.trim()}` : null,
        version: 1,
        createdAt: at,
        createdBy: session.actor,
        updatedAt: at,
        updatedBy: session.actor,
      };
      let record = draft;
      if (def.fields.some((f) => f.type === 'formula' || f.type === 'rollup')) {
        const hooks = {
          related: (field: string) =>
            (links.get(field) ?? []).map((t) => {
              const targetDef = session.databases.get(t.database);
              return targetDef ? toCelRecord(targetDef, t) : {};
            }),
          count: () => {
            throw new Error('count() is not used by formulas in the bench pack');
          },
          metric: () => {
            throw new Error('metric() is not available');
          },
          pending: (field: string) => draft.unresolved[field] ?? [],
          sop: () => {
            throw new Error('sop is for gates only, not formulas');
          },
          decided: () => {
            throw new Error('decided() is for gates only, not formulas');
          },
          flag: () => {
            throw new Error('flag() is for gates only, not formulas');
          },
        };
        const derived = computeDerived({ db: def, record: toCelRecord(def, draft), hooks, compiler: session.compiler, now });
        record = { ...draft, fields: { ...fields, ...derived } };
      }
      index.byKey.set(record.key, record);
      if (!index.byTitle.has(record.title)) index.byTitle.set(record.title, record);
      recordRows.push([ws, id, def.id, record.key, record.title, record.status, JSON.stringify(record.fields), '{}', record.sourceRef, 1, at, session.actor, at, session.actor]);
      for (const [field, found] of links) for (const [position, t] of found.entries()) linkRows.push([ws, id, field, t.id, position]);
      seq++;
      const after = publicRecord(record);
      const entry: AuditEntry = { seq, at, actor: session.actor, action: 'record.create', recordId: id, database: def.id, recordKey: record.key, before: null, after };
      const hash = hashAuditEntry(prevHash, entry);
      auditRows.push([ws, seq, at, session.actor, 'record.create', id, def.id, record.key, null, JSON.stringify(after), prevHash, hash]);
      prevHash = hash;
    }
    const csv = (rows: unknown[][]) => stringify(rows, { quoted_string: true });
    const records = csv(recordRows);
    const linkCsv = csv(linkRows);
    const auditCsv = csv(auditRows);
    const sqlStart = performance.now();
    await engine.copyCsv(
      'records',
      ['workspace_id', 'id', 'database', 'key', 'title', 'status', 'fields', 'unresolved', 'source_ref', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by'],
      records,
      false,
    );
    if (linkRows.length > 0) await engine.copyCsv('links', ['workspace_id', 'from_id', 'field', 'to_id', 'position'], linkCsv, false);
    await engine.copyCsv('audit', ['workspace_id', 'seq', 'at', 'actor', 'action', 'record_id', 'database', 'record_key', 'before', 'after', 'prev_hash', 'hash'], auditCsv, false);
    if ('prefix' in def.key) await engine.query('update databases set next_number = $1 where workspace_id = $2 and id = $3', [count + 1, ws, def.id]);
    sqlMs += performance.now() - sqlStart;
    totalRecords += recordRows.length;
    totalLinks += linkRows.length;
  }
  return { records: totalRecords, links: totalLinks, ms: performance.now() - start, sqlMs };
}
