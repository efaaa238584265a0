import { invalidInput } from '../core/errors.ts';

/**
 * The version an If-Match header asks for: `"3"`, `W/"3"` or `3`; `*` or no header asks for
 * none. Anything else is refused, since a write must not go through on a precondition it can't read.
 */
export function ifMatchVersion(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '*' || value.trim() === '') return undefined;
  const bare = value
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  if (!/^\d+$/.test(bare)) {
    throw invalidInput(`If-Match must be a record version such as "3" (the ETag of GET /records/{key}), not ${value}`, {
      problems: [{ in: 'headers', field: 'if-match', message: 'not a version' }],
    });
  }
  return Number(bare);
}

/** The ETag of a record: its version, quoted. */
export const recordEtag = (version: number): string => `"${version}"`;
