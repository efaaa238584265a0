/** A number as a spreadsheet reads it (`-3`, `+4.5`, `-1e3`): kept as written, since it is no formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A cell as eos writes it to any CSV: one starting with `=`, `+`, `-`, `@`, a tab or a carriage return
 * gets a leading `'`, so a spreadsheet shows it as text instead of running it as a formula (CSV
 * injection, OWASP). Plain numbers such as `-3` are left as they are.
 *
 * @example csvSafeCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 * @example csvSafeCell('-3') // '-3'
 */
export function csvSafeCell(cell: string): string {
  if (cell === '' || !/^[=+\-@\t\r]/.test(cell) || PLAIN_NUMBER.test(cell)) return cell;
  return `'${cell}`;
}

/** Every cell of the rows made safe (see csvSafeCell). */
export function csvSafeRows(rows: readonly (readonly string[])[]): string[][] {
  return rows.map((row) => row.map(csvSafeCell));
}
