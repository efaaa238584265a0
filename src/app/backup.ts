import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { KEY_ACTIONS, type KeyEntryAfter, type SignedAuditEntry } from '../core/audit/audit-entry.ts';
import { type BackupTrailer, signTrailer, trailerSignatureValid } from '../core/audit/backup-trailer.ts';
import { TrailCheck } from '../core/audit/trail-check.ts';
import { assertAdmin } from '../core/auth/role-policy.ts';
import { EosError, invalidInput } from '../core/errors.ts';
import { lockWorkspace } from '../store/record-rows.ts';
import type { Db, Store } from '../store/store.ts';
import { deleteWorkspace, dumpWorkspace, loadWorkspaceRows, WORKSPACE_TABLES, type WorkspaceTable } from '../store/workspace-dump.ts';
import { findWorkspace } from '../store/workspace-rows.ts';
import { cliActorIn } from './auth/resolve-cli-actor.ts';

const FORMAT = 'eos-backup';
const VERSION = 2;

export interface BackupSummary {
  readonly workspace: string;
  readonly file: string;
  readonly rows: Readonly<Record<string, number>>;
}

type KeyRef = { readonly keyId: string; readonly publicKey: string };

function keyBroughtIn(row: Record<string, unknown>): KeyRef | undefined {
  const after = row.after as Partial<KeyEntryAfter> | null;
  if (!KEY_ACTIONS.has(String(row.action)) || typeof after?.keyId !== 'string' || typeof after.publicKey !== 'string') return undefined;
  return { keyId: after.keyId, publicKey: after.publicKey };
}

/**
 * Writes a whole workspace to a gzip'd JSON-lines file: a header line, one line per row of every
 * table, and a trailer signed with the workspace key (row counts, a digest of every line before
 * it, the audit head and the public keys), so a cut or edited backup is refused on restore.
 * Read in one transaction, so the copy is consistent.
 */
export async function backupWorkspace(store: Store, workspaceId: string, file: string): Promise<BackupSummary> {
  if (!(await findWorkspace(store.db, workspaceId))) throw new EosError('not_found', `Workspace '${workspaceId}' does not exist`, { workspace: workspaceId });
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const digest = createHash('sha256');
  const write = async (line: unknown) => {
    const text = `${JSON.stringify(line)}\n`;
    digest.update(text);
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  const rows: Record<string, number> = Object.fromEntries(Object.keys(WORKSPACE_TABLES).map((t) => [t, 0]));
  const keys: KeyRef[] = [];
  let head: { seq: number; hash: string } | null = null;
  await store.db.transaction(async (tx) => {
    await write({ format: FORMAT, version: VERSION, workspace: workspaceId, at: new Date().toISOString() });
    for await (const { table, row } of dumpWorkspace(tx as unknown as Db, workspaceId)) {
      await write({ t: table, r: row });
      rows[table] = (rows[table] ?? 0) + 1;
      if (table !== 'audit') continue;
      head = { seq: Number(row.seq), hash: String(row.hash) };
      const key = keyBroughtIn(row);
      if (key) keys.push(key);
    }
  });
  const trailer = signTrailer({ rows, digest: digest.digest('hex'), head, keys }, store.trust.signer(workspaceId));
  gzip.write(`${JSON.stringify({ trailer })}\n`);
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

function refuse(file: string, why: string): EosError {
  return invalidInput(`${file} can't be restored: ${why}. Nothing was restored.`, { file });
}

/** Reads the backup's lines, each with the digest of the lines before it. */
async function* backupLines(file: string): AsyncGenerator<{ text: string; digest: Hash; n: number }> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  const digest = createHash('sha256');
  let n = 0;
  try {
    for await (const text of lines) {
      n++;
      yield { text, digest, n };
      digest.update(`${text}\n`);
    }
  } catch (error) {
    if (error instanceof EosError) throw error;
    throw refuse(file, `it is cut or damaged after line ${n} (${(error as Error).message})`);
  }
}

/** What restore checks as rows stream by: counts, the audit chain and signatures, and the trailer at the end. */
class RestoreCheck {
  readonly rows: Record<string, number> = Object.fromEntries(Object.keys(WORKSPACE_TABLES).map((t) => [t, 0]));
  readonly trail = new TrailCheck({ trustLocation: 'the backup' });

  constructor(private readonly file: string) {}

  row(table: WorkspaceTable, row: Record<string, unknown>): void {
    this.rows[table] = (this.rows[table] ?? 0) + 1;
    if (table !== 'audit') return;
    const problem = this.trail.add(row as unknown as SignedAuditEntry);
    if (problem) throw refuse(this.file, `its audit entry ${problem.seq} is bad: ${problem.reason}`);
  }

  async trailer(trailer: BackupTrailer, digest: string): Promise<void> {
    if (digest !== trailer.digest) throw refuse(this.file, 'its rows do not match the digest in its trailer: it was edited after it was written');
    if (!trailerSignatureValid(trailer)) throw refuse(this.file, `its trailer's signature does not verify with key ${trailer.keyId}: the trailer was edited`);
    for (const [table, n] of Object.entries(trailer.rows)) {
      if ((this.rows[table] ?? 0) !== n) throw refuse(this.file, `its trailer counts ${n} ${table} rows but it holds ${this.rows[table] ?? 0}`);
    }
    const problem = await this.trail.settle();
    if (problem) throw refuse(this.file, `its audit entry ${problem.seq} is bad: ${problem.reason}`);
    const listed = new Set(trailer.keys.map((k) => `${k.keyId} ${k.publicKey}`));
    const stray = this.trail.keysSeen.find((k) => !listed.has(`${k.keyId} ${k.publicKey}`));
    if (stray) throw refuse(this.file, `its audit trail brings in key ${stray.keyId}, which its trailer does not list`);
    const last = this.trail.entries;
    if ((trailer.head?.seq ?? 0) !== last || (last > 0 && trailer.head?.hash !== this.trail.hashes[last])) {
      throw refuse(this.file, `its audit trail ends at entry ${last}, but its trailer says ${trailer.head?.seq ?? 0}`);
    }
  }
}

/** Keys the installation already knows for the workspace: a backup of it must be signed by one of them. */
function assertKnownSigner(options: RestoreOptions, names: readonly string[], trailer: BackupTrailer): void {
  for (const name of names) {
    const known = options.store.trust.read(name).keys;
    if (known.size > 0 && !known.has(trailer.keyId)) {
      throw refuse(
        options.file,
        `it is signed by key ${trailer.keyId}, but ${options.store.trust.location} knows other keys for workspace '${name}': it was not written by this installation`,
      );
    }
  }
}

/**
 * Restores a backup, exactly: same ids, versions, timestamps, links, audit chain and decisions.
 * Rows load in one transaction that commits only after the signed trailer, its digest and row
 * counts, and the audit chain with every signature all check out; a cut or edited backup is
 * refused with the reason and nothing restored. Replacing an existing workspace is refused
 * (`forbidden`) unless `actor` is its admin, or it has no users.
 *
 * @example await restoreWorkspace({ store, file: 'ws.eosbak', replace: true, actor: 'root' })
 */
export async function restoreWorkspace(options: RestoreOptions): Promise<BackupSummary> {
  const lines = backupLines(options.file)[Symbol.asyncIterator]();
  let header: { format?: string; version?: number; workspace?: string };
  try {
    const first = await lines.next();
    header = JSON.parse(first.value?.text ?? '{}');
  } catch (error) {
    throw invalidInput(`${options.file} is not an eos backup (${(error as Error).message})`, { file: options.file });
  }
  if (header.format !== FORMAT || !header.workspace) throw invalidInput(`${options.file} is not an eos backup`, { file: options.file });
  if (header.version !== VERSION) {
    throw refuse(
      options.file,
      `it is a version ${header.version} backup, without the signed trailer this eos checks (version ${VERSION}); back the workspace up again with this eos`,
    );
  }
  const target = options.workspace ?? header.workspace;
  const check = new RestoreCheck(options.file);
  let trailer: BackupTrailer | undefined;
  await options.store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockWorkspace(db, target, 'workspace');
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
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const { text, digest, n } = next.value;
      if (!text.trim()) continue;
      if (trailer) throw refuse(options.file, `it has lines after its trailer (line ${n})`);
      const line = JSON.parse(text) as { t: WorkspaceTable; r: Record<string, unknown> } | { trailer: BackupTrailer };
      if ('trailer' in line) {
        await check.trailer(line.trailer, digest.copy().digest('hex'));
        trailer = line.trailer;
        continue;
      }
      const { t, r } = line;
      if (!(t in WORKSPACE_TABLES)) throw invalidInput(`${options.file}: unknown table '${t}'`);
      check.row(t, r);
      if (t !== batchTable || batch.length >= 500) {
        await flush();
        batchTable = t;
      }
      batch.push(t === 'workspaces' ? { ...r, workspaceId: target } : r);
    }
    if (!trailer) throw refuse(options.file, `it ends without its signed trailer, after ${Object.values(check.rows).reduce((a, b) => a + b, 0)} rows: it was cut`);
    assertKnownSigner(options, [...new Set([header.workspace as string, target])], trailer);
    await flush();
  });
  witnessRestored(options.store, target, check, trailer as unknown as BackupTrailer);
  return { workspace: target, file: options.file, rows: check.rows };
}

/** The restored trail replaces what the witness saw of the workspace: its keys are known, its head the new start. */
function witnessRestored(store: Store, workspaceId: string, check: RestoreCheck, trailer: BackupTrailer): void {
  for (const key of trailer.keys) store.trust.witnessKey(workspaceId, key.keyId, key.publicKey);
  const last = check.trail.entries;
  const lastKey = check.trail.keysSeen.at(-1);
  const hash = check.trail.hashes[last];
  store.trust.resetHeads(workspaceId, last > 0 && lastKey && hash ? { seq: last, hash, keyId: lastKey.keyId, signature: '-' } : null);
}
