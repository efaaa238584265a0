import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * A hash of everything the web bundle is built from: the app's sources, the Vite config, this build code and
 * the lock file (which pins React and Vite).
 * Content, not modification times, so a fresh clone or a `git checkout` that leaves the sources as they were
 * reuses the bundle, and one that changes them never serves a stale one.
 *
 * @example await webSourceHash('src/web/', 'package-lock.json') // '3f2a9c…' (16 hex digits)
 */
export async function webSourceHash(webRoot: string, lockFile?: string): Promise<string> {
  const hash = createHash('sha256');
  const files = await listFiles(webRoot);
  if (lockFile && existsSync(lockFile)) files.push(lockFile);
  for (const file of files) {
    hash.update(relative(webRoot, file).split('\\').join('/'));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (!entry.name.endsWith('.test.ts')) files.push(path);
  }
  return files;
}
