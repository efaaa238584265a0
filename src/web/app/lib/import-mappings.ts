/** What the two mapping boxes of the Import page say, as POST /imports takes it (docs/import.md). */
export type ImportMappings = {
  readonly map: Record<string, string>;
  readonly values: readonly { column: string; from: string; to: string }[];
  /** One message per line that says nothing we can read, naming the box and the line. */
  readonly problems: readonly string[];
};

/**
 * Reads `Column=Field` lines (as `--map`; `Column=` leaves the column out) and `Column:from=to` lines
 * (as `--value`: the column before the first `:`, the source value before the last `=`). Blank lines and lines starting with `#` are skipped.
 *
 * @example parseImportMappings('Description=Problem', 'Status:Todo=Ready')
 * // { map: { Description: 'Problem' }, values: [{ column: 'Status', from: 'Todo', to: 'Ready' }], problems: [] }
 */
export function parseImportMappings(columnLines: string, valueLines: string): ImportMappings {
  const map: Record<string, string> = {};
  const values: { column: string; from: string; to: string }[] = [];
  const problems: string[] = [];
  lines(columnLines).forEach(({ text, line }) => {
    const at = text.indexOf('=');
    const column = text.slice(0, at).trim();
    if (at === -1 || !column) problems.push(`Column mappings, line ${line}: "${text}" is not Column=Field (Column= leaves a column out)`);
    else map[column] = text.slice(at + 1).trim();
  });
  lines(valueLines).forEach(({ text, line }) => {
    const colon = text.indexOf(':');
    const equals = text.lastIndexOf('=');
    const column = text.slice(0, colon).trim();
    if (colon === -1 || equals < colon || !column) problems.push(`Value mappings, line ${line}: "${text}" is not Column:source value=eos value`);
    else values.push({ column, from: text.slice(colon + 1, equals).trim(), to: text.slice(equals + 1).trim() });
  });
  return { map, values, problems };
}

function lines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((line, index) => ({ text: line.trim(), line: index + 1 }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'));
}
