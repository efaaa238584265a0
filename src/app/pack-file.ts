import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { packInvalid } from '../core/pack/pack-problem.ts';

/**
 * The real path of a file a pack names (a starter, a demo CSV, a YAML file), which must lie
 * inside the pack folder once `..` and symlinks are resolved. Anything else is a pack problem
 * (`invalid_input`, exit 2), so a pack can't make eos read `/etc/hostname` (issue 11).
 *
 * @example packFile('/packs/mini', 'starters/changes.csv', 'the starter of changes') // '/packs/mini/starters/changes.csv'
 */
export function packFile(dir: string, file: string, what: string): string {
  const root = realpathSync(dir);
  const path = resolve(root, file);
  if (!existsSync(path)) throw packInvalid([{ file, line: 1, message: `${what} is ${file}, but ${path} does not exist` }]);
  const real = realpathSync(path);
  const inside = relative(root, real);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw packInvalid([{ file, line: 1, message: `${what} is ${file}, which resolves to ${real}, outside the pack folder ${root}: a pack may only name its own files` }]);
  }
  return real;
}
