import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidInput } from '../core/errors.ts';
import { loadPack, type PackFile } from '../core/pack/load-pack.ts';
import type { Pack } from '../core/pack/pack-schema.ts';
import { packFile } from './pack-file.ts';

export const BUILTIN_PACKS = fileURLToPath(new URL('../../packs', import.meta.url));

function yamlFiles(root: string, dir: string): PackFile[] {
  const out: PackFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    // A folder (or a symlink to one) is read only when it lies inside the pack.
    if (statSync(path).isDirectory()) out.push(...yamlFiles(root, packFile(root, relative(root, path), 'a pack folder')));
    else if (/\.ya?ml$/.test(name)) out.push({ path: relative(root, path), text: readFileSync(packFile(root, relative(root, path), 'a pack file'), 'utf8') });
  }
  return out;
}

/** Whether a name is one of the built-in packs under packs/ (which win over a folder of that name). */
export function isBuiltinPack(name: string): boolean {
  return /^[a-z][a-z0-9-]*$/.test(name) && existsSync(join(BUILTIN_PACKS, name, 'pack.yaml'));
}

/** Where a pack lives: a folder path, or the name of a built-in pack under packs/. */
export function resolvePackDir(nameOrPath: string): string {
  if (isBuiltinPack(nameOrPath)) return join(BUILTIN_PACKS, nameOrPath);
  if (existsSync(nameOrPath) && statSync(nameOrPath).isDirectory()) return nameOrPath;
  const builtins = existsSync(BUILTIN_PACKS) ? readdirSync(BUILTIN_PACKS).join(', ') : 'none';
  throw invalidInput(`No pack '${nameOrPath}': give a folder with a pack.yaml, or a built-in pack (${builtins})`, { pack: nameOrPath });
}

/** Reads and loads a pack folder: pack.yaml plus every other .yaml file below it. */
export function readPack(nameOrPath: string): { pack: Pack; dir: string } {
  const dir = resolvePackDir(nameOrPath);
  const root = realpathSync(dir);
  return { pack: loadPack(yamlFiles(root, root)), dir };
}
