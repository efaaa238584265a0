import { invalidInput } from '../core/errors.ts';
import type { Pack } from '../core/pack/pack-schema.ts';
import { replaceAlertRules } from '../store/alert-rule-rows.ts';
import { appendAudit } from '../store/audit-rows.ts';
import { holderLiveness, type ProcessIdentity, thisProcess } from '../store/process-identity.ts';
import { lockWorkspace } from '../store/record-rows.ts';
import { replaceRituals } from '../store/ritual-settings.ts';
import type { Db, Store } from '../store/store.ts';
import { replaceTargets } from '../store/target-settings.ts';
import { deleteWorkspace } from '../store/workspace-dump.ts';
import { clearWorkspaceSetting, findWorkspace, insertWorkspace } from '../store/workspace-rows.ts';
import { witnessHead } from './witness-head.ts';

export interface InitInput {
  readonly store: Store;
  readonly workspaceId: string;
  readonly pack: Pack;
  readonly actor: string;
  readonly now?: Date;
  /**
   * More transactions follow (the demo's starters and events): the workspace is marked unfinished,
   * with this process, until finishWorkspace; if the process dies first (kill -9), the next init
   * of the same name removes the remains and starts again (issue 11, point 4).
   */
  readonly unfinished?: boolean;
}

/** What an unfinished workspace records in its settings: who is making it, since when. */
interface Unfinished {
  readonly by: ProcessIdentity;
  readonly since: string;
}

function unfinishedOf(settings: Readonly<Record<string, unknown>>): Unfinished | undefined {
  return settings.unfinished as Unfinished | undefined;
}

/**
 * Whether the workspace exists and is finished: an unfinished one left by a dead process counts
 * as absent (the next init removes it); one still being made by a live process counts as present.
 */
export async function workspaceReady(store: Store, workspaceId: string): Promise<boolean> {
  const row = await findWorkspace(store.db, workspaceId);
  if (!row) return false;
  const unfinished = unfinishedOf(row.settings);
  return !unfinished || holderLiveness(unfinished.by) !== 'dead';
}

/** Creates a workspace from a loaded pack; its first audit entry records the pack. */
export async function initWorkspace(input: InitInput): Promise<{ workspace: string; pack: string; databases: number }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(input.workspaceId)) {
    throw invalidInput(`'${input.workspaceId}' is not a workspace name: use letters, digits, '.', '_' or '-'`, { workspace: input.workspaceId });
  }
  const at = (input.now ?? new Date()).toISOString();
  let removedRemains = false;
  await input.store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockWorkspace(db, input.workspaceId, 'workspace');
    const existing = await findWorkspace(db, input.workspaceId);
    if (existing) {
      const unfinished = unfinishedOf(existing.settings);
      if (!unfinished) throw invalidInput(`Workspace '${input.workspaceId}' already exists`, { workspace: input.workspaceId });
      if (holderLiveness(unfinished.by) !== 'dead') {
        throw invalidInput(
          `Workspace '${input.workspaceId}' is being created by process ${unfinished.by.pid} on ${unfinished.by.host} since ${unfinished.since}; wait for it to finish`,
          { workspace: input.workspaceId, pid: unfinished.by.pid, host: unfinished.by.host },
        );
      }
      // A demo init killed half-way: its remains go, in this same transaction, and init starts over.
      await deleteWorkspace(db, input.workspaceId);
      removedRemains = true;
    }
    const { manifest, databases } = input.pack;
    const settings = input.unfinished ? { unfinished: { by: thisProcess(), since: at } satisfies Unfinished } : {};
    await insertWorkspace(db, { workspaceId: input.workspaceId, packId: manifest.id, packVersion: manifest.version, createdAt: at, settings }, manifest, databases);
    await replaceAlertRules(db, input.workspaceId, input.pack.alerts);
    await replaceTargets(db, input.workspaceId, input.pack.targets);
    await replaceRituals(db, input.workspaceId, input.pack.rituals, at);
    await appendAudit(db, input.store.trust, input.workspaceId, {
      at,
      actor: input.actor,
      action: 'workspace.init',
      recordId: null,
      database: null,
      recordKey: null,
      before: null,
      after: { pack: manifest.id, version: manifest.version, databases: databases.map((d) => d.id), alerts: input.pack.alerts.map((a) => a.id) },
    });
  });
  // The remains' heads are no longer this trail's: the witness notes a reset and starts again.
  if (removedRemains) input.store.trust.resetHeads(input.workspaceId, null);
  await witnessHead(input.store, input.workspaceId);
  return { workspace: input.workspaceId, pack: input.pack.manifest.id, databases: input.pack.databases.length };
}

/** Clears the unfinished mark once every part of a multi-transaction init is written. */
export async function finishWorkspace(store: Store, workspaceId: string): Promise<void> {
  await store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockWorkspace(db, workspaceId);
    await clearWorkspaceSetting(db, workspaceId, 'unfinished');
  });
}

/** Removes a workspace that `eos init` began and could not finish (every row, in one transaction). */
export async function discardWorkspace(store: Store, workspaceId: string): Promise<void> {
  await store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockWorkspace(db, workspaceId, 'workspace');
    await deleteWorkspace(db, workspaceId);
  });
  store.trust.resetHeads(workspaceId, null);
}
