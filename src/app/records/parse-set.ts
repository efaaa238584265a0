import { invalidInput } from '../../core/errors.ts';
import { type FieldValue, parseFieldItems, parseFieldValue } from '../../core/fields/parse-field-value.ts';
import { listProblem, setValueProblem } from '../../core/limits.ts';
import type { DatabaseDef, FieldDef } from '../../core/pack/pack-schema.ts';

/** One bad value: which field, what was written, and why it can't be used. */
export interface FieldProblem {
  readonly field: string;
  readonly value: string;
  readonly reason: string;
}

export interface ParsedSet {
  readonly values: Readonly<Record<string, FieldValue>>;
  /** Relation fields set, with the references written (keys or titles). */
  readonly relations: ReadonlyMap<string, readonly string[]>;
  /** The status, when the status field was among the values. */
  readonly status?: string;
  readonly problems: readonly FieldProblem[];
  /** What was recovered from a value rather than read as written (an amount taken from a cell with a note). */
  readonly warnings?: readonly string[];
}

export function findField(db: DatabaseDef, name: string): FieldDef | undefined {
  const wanted = name.trim().toLowerCase();
  return db.fields.find((f) => f.name === name) ?? db.fields.find((f) => f.name.toLowerCase() === wanted);
}

/** A value to parse: text as written, or a list an import format has already split into items. */
export type SetValue = string | readonly string[];

/**
 * Parses `Field=value` pairs by each field's type, collecting every problem instead of
 * stopping at the first.
 *
 * @example parseSet(db, [['Points', 'abc']]).problems // [{ field: 'Points', value: 'abc', reason: "'abc' is not a number" }]
 */
export function parseSet(db: DatabaseDef, pairs: readonly (readonly [string, SetValue])[], options: { commaLists?: boolean } = {}): ParsedSet {
  const values: Record<string, FieldValue> = {};
  const relations = new Map<string, string[]>();
  const problems: FieldProblem[] = [];
  const warnings: string[] = [];
  const explicit = new Set(pairs.map(([name]) => findField(db, name)?.name));
  let status: string | undefined;
  for (const [name, value] of pairs) {
    const raw = typeof value === 'string' ? value : value.join('; ');
    if (name.trim().toLowerCase() === db.status.field.toLowerCase() || name.trim() === 'status') {
      const match = db.status.values.find((s) => s.toLowerCase() === raw.trim().toLowerCase());
      if (match) status = match;
      else problems.push({ field: db.status.field, value: raw, reason: `'${raw}' is not a status of ${db.name} (${db.status.values.join(', ')})` });
      continue;
    }
    const field = findField(db, name);
    if (!field) {
      problems.push({ field: name, value: raw, reason: `${db.name} has no field '${name}' (fields: ${db.fields.map((f) => f.name).join(', ')})` });
      continue;
    }
    // The documented limits (src/core/limits.ts) before any parsing: nothing over them reaches SQL.
    const limit = setValueProblem(value, { title: field.type === 'title' });
    if (limit) {
      problems.push({ field: field.name, value: raw.slice(0, 80), reason: limit });
      continue;
    }
    const parsed = typeof value === 'string' ? parseFieldValue(field, value, { commaLists: options.commaLists ?? false }) : parseFieldItems(field, value);
    if (!parsed.ok) {
      problems.push({ field: field.name, value: raw, reason: parsed.reason });
      continue;
    }
    const tooMany = listProblem(parsed.value);
    if (tooMany) {
      problems.push({ field: field.name, value: raw.slice(0, 80), reason: tooMany });
      continue;
    }
    if (parsed.note !== undefined && field.note) {
      warnings.push(
        `${field.name}: took ${JSON.stringify(parsed.value)} from ${JSON.stringify(parsed.note)}${explicit.has(field.note) ? '' : `; the cell is kept in ${field.note}`}`,
      );
      if (!explicit.has(field.note)) values[field.note] = parsed.note;
    }
    if (field.type === 'relation') {
      const refs = (parsed.value as string[] | null) ?? [];
      if (field.many === false && refs.length > 1) problems.push({ field: field.name, value: raw, reason: `${field.name} links one record, not ${refs.length}` });
      else relations.set(field.name, refs);
    } else {
      values[field.name] = parsed.value;
    }
  }
  return { values, relations, ...(status ? { status } : {}), problems, ...(warnings.length > 0 ? { warnings } : {}) };
}

/** Throws invalid_input naming every bad field and value, if there is any. */
export function assertNoProblems(problems: readonly FieldProblem[], what: string): void {
  if (problems.length === 0) return;
  const lines = problems.map((p) => `${p.field}=${JSON.stringify(p.value)}: ${p.reason}`);
  throw invalidInput(`${what}: ${lines.join('; ')}`, { problems });
}

/** Splits CLI `Field=value` arguments; the first `=` separates the name from the value. */
export function splitAssignments(assignments: readonly string[]): [string, string][] {
  return assignments.map((a) => {
    const eq = a.indexOf('=');
    if (eq <= 0) throw invalidInput(`--set '${a}' is not Field=value`, { value: a });
    return [a.slice(0, eq).trim(), a.slice(eq + 1)];
  });
}
