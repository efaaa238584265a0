import { type SQL, sql } from 'drizzle-orm';

/** An array literal as PostgreSQL reads it: every element quoted, backslashes and quotes escaped. */
function arrayLiteral(values: readonly string[]): string {
  return `{${[...new Set(values)].map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * `any(…)` over a list of values sent as one array parameter: however long the list, one bind
 * parameter (a literal IN list of thousands is one parameter per value, and drivers cap them),
 * and the planner still sees the array's values, so `id = ${oneOf(ids, 'uuid')}` is an index
 * condition on the primary key.
 *
 * @example sql`key = ${oneOf(['REQ-1', 'REQ-2'])}` // key = any($1::text[]) with $1 = '{"REQ-1","REQ-2"}'
 */
export function oneOf(values: readonly string[], type: 'text' | 'uuid' = 'text'): SQL {
  return sql`any(${arrayLiteral(values)}::${sql.raw(type)}[])`;
}
