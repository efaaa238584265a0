import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { assertAdmin } from '../core/auth/role-policy.ts';
import { EosError, invalidInput } from '../core/errors.ts';
import { lockWorkspace } from '../store/record-rows.ts';
import type { Db, Store } from '../store/store.ts';
import { deleteWorkspace, dumpWorkspace, loadWorkspaceRows, WORKSPACE_TABLES, type WorkspaceTable } from '../store/workspace-dump.ts';
import { findWorkspace } from '../store/workspace-rows.ts';
import { cliActorIn } from './auth/resolve-cli-actor.ts';

const FORMAT = 'eos-backup';
const VERSION = 1;

export interface BackupSummary {
  readonly workspace: string;
  readonly file: string;
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * Writes a whole workspace to a gzip'd JSON-lines file: a header line, then one line per row
 * of every table. Read in one transaction, so the copy is consistent.
 */
export async function backupWorkspace(store: Store, workspaceId: string, file: string): Promise<BackupSummary> {
  if (!(await findWorkspace(store.db, workspaceId))) throw new EosError('not_found', `Workspace '${workspaceId}' does not exist`, { workspace: workspaceId });
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: unknown) => {
    if (!gzip.write(`${JSON.stringify(line)}\n`)) await once(gzip, 'drain');
  };
  const rows: Record<string, number> = Object.fromEntries(Object.keys(WORKSPACE_TABLES).map((t) => [t, 0]));
  await store.db.transaction(async (tx) => {
    await write({ format: FORMAT, version: VERSION, workspace: workspaceId, at: new Date().toISOString() });
    for await (const { table, row } of dumpWorkspace(tx as unknown as Db, workspaceId)) {
      await write({ t: table, r: row });
      rows[table] = (rows[table] ?? 0) + 1;
    }
  });
  gzip.end();
  await once(out, 'close');
  return { workspace: workspaceId, file, rows };
}

export interface RestoreOptions {
  readonly store: Store;
  readonly file: string;
  /** Restore under this name; default: the name in the backup. */
  readonly workspace?: string | undefined;
  /** Replace an existing workspace of that name. */
  readonly replace?: boolean;
  /**
   * Who restores, by name (the CLI's EOS_USER). Replacing a workspace that has users needs one
   * of its admins, as resolveCliActor resolves the name (ADR 011); a new workspace needs no one.
   */
  readonly actor: string;
}

/**
 * Restores a backup, exactly: same ids, versions, timestamps, links, audit chain and decisions.
 * Replacing an existing workspace is refused (`forbidden`) unless `actor` is its admin, or it has no users.
 *
 * @example await restoreWorkspace({ store, file: 'ws.eosbak', replace: true, actor: 'root' })
 */
export async function restoreWorkspace(options: RestoreOptions): Promise<BackupSummary> {
  const lines = createInterface({ input: createReadStream(options.file).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = lines[Symbol.asyncIterator]();
  let header: { format?: string; version?: number; workspace?: string };
  try {
    const first = await iterator.next();
    header = JSON.parse(first.value ?? '{}');
  } catch (error) {
    throw invalidInput(`${options.file} is not an eos backup (${(error as Error).message})`, { file: options.file });
  }
  if (header.format !== FORMAT || header.version !== VERSION || !header.workspace) {
    throw invalidInput(`${options.file} is not an eos backup of version ${VERSION}`, { file: options.file });
  }
  const target = options.workspace ?? header.workspace;
  const rows: Record<string, number> = Object.fromEntries(Object.keys(WORKSPACE_TABLES).map((t) => [t, 0]));
  await options.store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockWorkspace(db, target);
    if (await findWorkspace(db, target)) {
      if (!options.replace) throw invalidInput(`Workspace '${target}' already exists; restore under another --workspace name, or pass --replace`, { workspace: target });
      assertAdmin(await cliActorIn(db, target, options.actor), `replace workspace '${target}'`);
      await deleteWorkspace(db, target);
    }
    let batch: Record<string, unknown>[] = [];
    let batchTable: WorkspaceTable | undefined;
    const flush = async () => {
      if (batchTable) await loadWorkspaceRows(db, target, batchTable, batch);
      batch = [];
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (!next.value.trim()) continue;
      const { t, r } = JSON.parse(next.value) as { t: WorkspaceTable; r: Record<string, unknown> };
      if (!(t in WORKSPACE_TABLES)) throw invalidInput(`${options.file}: unknown table '${t}'`);
      if (t !== batchTable || batch.length >= 500) {
        await flush();
        batchTable = t;
      }
      batch.push(t === 'workspaces' ? { ...r, workspaceId: target } : r);
      rows[t] = (rows[t] ?? 0) + 1;
    }
    await flush();
  });
  return { workspace: target, file: options.file, rows };
}
