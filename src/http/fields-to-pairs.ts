import { invalidInput } from '../core/errors.ts';

/**
 * Turns a JSON `fields` object into the `Field=value` pairs every path parses by type: a
 * string as written, numbers and booleans as text, a list joined with `;`, null clears.
 *
 * @example fieldsToPairs({ Points: 3, 'Impact Analysis': ['Cost', 'Quality'], Owner: null }) // [['Points','3'],['Impact Analysis','Cost;Quality'],['Owner','']]
 */
export function fieldsToPairs(fields: Readonly<Record<string, unknown>>): [string, string][] {
  const problems: { in: string; field: string; message: string }[] = [];
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(fields)) {
    const text = asText(value);
    if (text === undefined) problems.push({ in: 'body', field: `fields.${name}`, message: 'must be a string, number, boolean, null or a list of those' });
    else pairs.push([name, text]);
  }
  if (problems.length > 0) throw invalidInput(`Invalid request: ${problems.map((p) => `${p.in}.${p.field}: ${p.message}`).join('; ')}`, { problems });
  return pairs;
}

function asText(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map(asText);
    return items.every((i): i is string => i !== undefined && !Array.isArray(i)) && value.every((v) => !Array.isArray(v) && v !== null) ? items.join(';') : undefined;
  }
  return undefined;
}
