/**
 * A SQL string literal: quotes doubled, for the few places a value can't be a parameter
 * (DDL, and an ORDER BY expression the planner must match to an index).
 *
 * @example sqlLiteral("Bob's") // "'Bob''s'"
 */
export function sqlLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('a SQL literal cannot hold a NUL character');
  return `'${text.replaceAll("'", "''")}'`;
}
