export type FilterField = { name: string; type: string };
export type FilterOptions = { fields: readonly FilterField[]; statusField: string };

const CLAUSE = /^(.+?)\s*(!=|>=|<=|=|>|<|contains)\s*(.*)$/i;

/**
 * Turns the filter bar's plain form into the CEL `where` the API takes, so `Status = Under Review and Risk
 * Level = High` reads as people write it; text that already looks like CEL (`record…`, `==`, `&&`) is passed
 * through untouched. Throws with what to write instead when a clause names no field.
 *
 * @example filterToCel('Status = Under Review and Risk Level = High', { fields, statusField: 'Status' })
 * // "record.status == 'Under Review' && record['Risk Level'] == 'High'"
 */
export function filterToCel(text: string, options: FilterOptions): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  if (/record\s*[.[]|==|&&|\|\||size\(|related\(|count\(/.test(trimmed)) return trimmed;
  return trimmed
    .split(/\s+and\s+/i)
    .map((clause) => clauseToCel(clause, options))
    .join(' && ');
}

function clauseToCel(clause: string, options: FilterOptions): string {
  const match = CLAUSE.exec(clause.trim());
  if (!match) throw new Error(`"${clause}" isn't a filter: write Field = value (or !=, >, <, >=, <=, contains), joined by "and", or a CEL expression over record`);
  const [, rawName = '', op = '', rawValue = ''] = match;
  const name = rawName.trim();
  const isStatus = name.toLowerCase() === options.statusField.toLowerCase() || name.toLowerCase() === 'status';
  const field = options.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  if (!isStatus && !field) throw new Error(`No field named "${name}"; the fields are ${options.fields.map((f) => f.name).join(', ')}`);
  const ref = isStatus ? 'record.status' : `record[${celQuote(field?.name ?? name)}]`;
  const value = literal(rawValue.trim(), isStatus ? 'select' : (field?.type ?? 'text'));
  if (op.toLowerCase() === 'contains')
    return field?.type === 'multi_select' || field?.type === 'people' || field?.type === 'files' ? `${value} in ${ref}` : `${ref}.contains(${value})`;
  return `${ref} ${op === '=' ? '==' : op} ${value}`;
}

function literal(value: string, type: string): string {
  if (value === '' || value.toLowerCase() === 'empty' || value.toLowerCase() === 'null') return 'null';
  if (type === 'checkbox') return /^(yes|true|1|on)$/i.test(value) ? 'true' : 'false';
  if ((type === 'number' || type === 'currency' || type === 'percent') && Number.isFinite(Number(value))) return String(Number(value));
  return celQuote(value.replace(/^['"](.*)['"]$/, '$1'));
}

/** A CEL string literal, quotes and backslashes escaped. */
export function celQuote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
