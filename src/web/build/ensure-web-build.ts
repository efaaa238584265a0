import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compressAssets } from './compress-assets.ts';
import { webSourceHash } from './web-source-hash.ts';

export type EnsureWebBuildOptions = {
  /** Where built bundles are kept, one folder per source hash. Default: node_modules/.cache/eos/web. */
  readonly cacheDir?: string;
  /** Told when a build starts and ends, so `eos serve` can say why its first start takes a few seconds. */
  readonly onProgress?: (message: string) => void;
};

export type WebBuild = { readonly dir: string; readonly hash: string; readonly built: boolean; readonly ms: number };

const WEB_ROOT = fileURLToPath(new URL('../', import.meta.url));
const LOCK_FILE = fileURLToPath(new URL('../../../package-lock.json', import.meta.url));
const DEFAULT_CACHE = fileURLToPath(new URL('../../../node_modules/.cache/eos/web/', import.meta.url));

/**
 * ADR 015: the web app is built on demand, not by a build step. The bundle for the current sources lives in
 * `<cacheDir>/<hash>/`, named by a hash of the sources, so a checkout or an edit that changes them builds anew
 * and two processes building at once can't serve a half-written folder (each builds aside, then renames).
 *
 * @example const { dir } = await ensureWebBuild({ onProgress: (m) => process.stderr.write(`${m}\n`) });
 */
export async function ensureWebBuild(options: EnsureWebBuildOptions = {}): Promise<WebBuild> {
  const started = performance.now();
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE;
  const hash = await webSourceHash(WEB_ROOT, LOCK_FILE);
  const dir = join(cacheDir, hash);
  if (existsSync(join(dir, 'index.html'))) return { dir, hash, built: false, ms: performance.now() - started };

  options.onProgress?.('Building the web app (its sources changed, or this is the first start)…');
  const scratch = join(cacheDir, `.build-${process.pid}-${Date.now()}`);
  await mkdir(cacheDir, { recursive: true });
  const { build } = await import('vite');
  // Always React's production build, whatever NODE_ENV the calling process has: under Vitest it is
  // `test`, and Vite and the React plugin would then bundle React's development build and JSX
  // (twice the size, and slow) into the cache that `eos serve` then reuses. Both read NODE_ENV
  // itself, so it is set for the build and put back after.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: scratch } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await compressAssets(scratch);
  await writeFile(join(scratch, 'build.json'), `${JSON.stringify({ hash, builtAt: new Date().toISOString() })}\n`);
  try {
    await rename(scratch, dir);
  } catch (error) {
    // Another process finished the same build first: theirs is identical, keep it.
    await rm(scratch, { recursive: true, force: true });
    if (!existsSync(join(dir, 'index.html'))) throw error;
  }
  await removeOtherBuilds(cacheDir, hash);
  const ms = performance.now() - started;
  options.onProgress?.(`Built the web app in ${(ms / 1000).toFixed(1)} s`);
  return { dir, hash, built: true, ms };
}

/** Old bundles only take space; one being written by another process (".build-…") is left alone. */
async function removeOtherBuilds(cacheDir: string, keep: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (name !== keep && !name.startsWith('.')) await rm(join(cacheDir, name), { recursive: true, force: true });
  }
}
