import type { DatabaseDef, FieldDef } from '../api/types.ts';

const SHORT_TYPES = new Set(['select', 'multi_select', 'person', 'people', 'date', 'datetime', 'number', 'currency', 'percent', 'checkbox', 'formula', 'rollup']);

/** The title field: the key field where the database is keyed by one, else the first `title` field. */
export function titleField(def: DatabaseDef): FieldDef | undefined {
  return def.fields.find((f) => f.name === def.key?.field) ?? def.fields.find((f) => f.type === 'title');
}

/** A table's first columns: the short fields that fit a dense row, at most six. */
export function defaultColumns(def: DatabaseDef): string[] {
  const title = titleField(def)?.name;
  return def.fields
    .filter((f) => f.name !== title && SHORT_TYPES.has(f.type))
    .slice(0, 6)
    .map((f) => f.name);
}

/** Columns chosen in the column picker, kept per database in this browser. */
export function storedColumns(def: DatabaseDef): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(`eos.columns.${def.id}`) ?? 'null') as unknown;
    if (Array.isArray(saved)) return saved.filter((name): name is string => typeof name === 'string' && def.fields.some((f) => f.name === name));
  } catch {
    // An unreadable preference is as good as none.
  }
  return defaultColumns(def);
}

export function storeColumns(def: DatabaseDef, columns: readonly string[]): void {
  localStorage.setItem(`eos.columns.${def.id}`, JSON.stringify(columns));
}
