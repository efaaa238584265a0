// ADR 065: eos runs as JavaScript compiled from src/ by esbuild, built on first run and again whenever a
// source it was built from changes, so no command pays for compiling TypeScript at start-up.
// Plain JavaScript on purpose: it runs before anything is compiled.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The compiled programs: name → source entry point. Other modules become shared or lazily loaded chunks. */
const ENTRIES = { main: 'src/cli/main.ts' };
/** Besides the sources, what a build depends on: this file (the build options), the compiler and tsconfig. */
const BUILD_INPUTS = ['bin/compiled-entry.js', 'tsconfig.json', 'package.json', 'node_modules/esbuild/package.json'];
/** A lock older than this belongs to a build that died; the next process takes it over. */
const STALE_LOCK_MS = 60_000;
/** Builds other than the current one are kept this long, for processes still loading chunks from them. */
const KEEP_OLD_BUILD_MS = 10 * 60_000;

/**
 * The file URL of a compiled entry point (default `main`, the CLI), building it first when there is no
 * build yet or a source it was built from changed since. The check costs one stat per source file.
 *
 * @example const { main } = await import(await compiledEntry()); await main(process.argv);
 */
export async function compiledEntry(name = 'main') {
  const cache = cacheDir();
  const current = freshManifest(cache);
  const manifest = current ?? (await buildLocked(cache));
  return pathToFileURL(join(cache, manifest.dir, `${name}.js`)).href;
}

/** Where builds live: node_modules/.cache/eos/cli, or the temp dir when the install is read-only. */
function cacheDir() {
  if (process.env.EOS_BUILD_CACHE) return process.env.EOS_BUILD_CACHE;
  const inPackage = join(ROOT, 'node_modules', '.cache', 'eos', 'cli');
  try {
    mkdirSync(inPackage, { recursive: true });
    accessSync(inPackage, constants.W_OK);
    return inPackage;
  } catch {
    const id = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
    return join(tmpdir(), `eos-cli-${id}`);
  }
}

/** The current build's manifest when every input still has the size and modification time it was built from. */
function freshManifest(cache) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(cache, 'current.json'), 'utf8'));
  } catch {
    return undefined;
  }
  for (const [path, mtimeMs, size] of manifest.inputs) {
    let stat;
    try {
      stat = statSync(join(ROOT, path));
    } catch {
      return undefined;
    }
    if (stat.mtimeMs !== mtimeMs || stat.size !== size) return undefined;
  }
  return existsSync(join(cache, manifest.dir, 'main.js')) ? manifest : undefined;
}

/** One process builds at a time; the others wait for its build and use it. */
async function buildLocked(cache) {
  mkdirSync(cache, { recursive: true });
  const lock = join(cache, 'build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const built = freshManifest(cache);
    if (built) return built;
    try {
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
    } catch {
      // The builder just released it.
    }
  }
  try {
    return freshManifest(cache) ?? (await build(cache));
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function build(cache) {
  const { build: esbuild } = await import('esbuild');
  const startedAt = Date.now();
  const dir = `build-${startedAt.toString(36)}-${process.pid}`;
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: join(cache, dir),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies stay in node_modules and load from there, as they do from the sources.
    packages: 'external',
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceModuleUrls],
  });
  // esbuild may sit elsewhere than node_modules/esbuild (nested under tsx, say): then its version is not tracked.
  const paths = [...Object.keys(result.metafile.inputs), ...BUILD_INPUTS.filter((path) => existsSync(join(ROOT, path)))];
  const inputs = paths.map((path) => {
    const stat = statSync(join(ROOT, path));
    // Edited while the build ran: the build may hold the older text, so the next start builds again.
    return [path.split(sep).join('/'), stat.mtimeMs >= startedAt ? -1 : stat.mtimeMs, stat.size];
  });
  const manifest = { dir, builtAt: new Date(startedAt).toISOString(), inputs };
  retire(cache);
  const scratch = join(cache, `current.json.${process.pid}`);
  writeFileSync(scratch, `${JSON.stringify(manifest)}\n`);
  renameSync(scratch, join(cache, 'current.json'));
  removeOldBuilds(cache, dir);
  return manifest;
}

/**
 * `import.meta.url` keeps naming the source file, not the bundle chunk, so paths the sources take
 * relative to themselves (migrations, packs, the web app, the signature worker) still resolve.
 */
const sourceModuleUrls = {
  name: 'eos-source-module-urls',
  setup(builder) {
    builder.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const relativePath = relative(ROOT, args.path);
      if (relativePath.startsWith('..') || relativePath.split(sep).includes('node_modules')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/** Marks the build being replaced with the time it stopped being current, which removeOldBuilds counts from. */
function retire(cache) {
  try {
    const { dir } = JSON.parse(readFileSync(join(cache, 'current.json'), 'utf8'));
    const now = new Date();
    utimesSync(join(cache, dir), now, now);
  } catch {
    // No earlier build, or it is gone already.
  }
}

function removeOldBuilds(cache, keep) {
  for (const entry of readdirSync(cache)) {
    if (!entry.startsWith('build-') || entry === keep) continue;
    const path = join(cache, entry);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_BUILD_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}
