/**
 * How an imported record remembers its row in the source (records.source_ref): `id:<the
 * export's own ID>` (a Linear `CLA-4`, a Jira `PROJ-12`, a Notion page ID, or `--id-column`),
 * `key:<key>` when the file gave the eos key, else a hash of the row.
 */
const ID_PREFIX = 'id:';

/** The source ref of a row the export calls `id`. */
export const sourceRefOfId = (id: string): string => `${ID_PREFIX}${id}`;

/** The export's own ID a source ref stands for, or null when the row had none. */
export function sourceIdOf(sourceRef: string | null): string | null {
  return sourceRef?.startsWith(ID_PREFIX) ? sourceRef.slice(ID_PREFIX.length) : null;
}
