import { invalidInput } from '../core/errors.ts';
import type { Pack } from '../core/pack/pack-schema.ts';
import { replaceAlertRules } from '../store/alert-rule-rows.ts';
import { appendAudit } from '../store/audit-rows.ts';
import { lockWorkspace } from '../store/record-rows.ts';
import { replaceRituals } from '../store/ritual-settings.ts';
import type { Db, Store } from '../store/store.ts';
import { replaceTargets } from '../store/target-settings.ts';
import { deleteWorkspace } from '../store/workspace-dump.ts';
import { findWorkspace, insertWorkspace } from '../store/workspace-rows.ts';
import { witnessHead } from './witness-head.ts';

export interface InitInput {
  readonly store: Store;
  readonly workspaceId: string;
  readonly pack: Pack;
  readonly actor: string;
  readonly now?: Date;
}

/** Creates a workspace from a loaded pack; its first audit entry records the pack. */
export async function initWorkspace(input: InitInput): Promise<{ workspace: string; pack: string; databases: number }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(input.workspaceId)) {
    throw invalidInput(`'${input.workspaceId}' is not a workspace name: use letters, digits, '.', '_' or '-'`, { workspace: input.workspaceId });
  }
  const at = (input.now ?? new Date()).toISOString();
  await input.store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockWorkspace(db, input.workspaceId, 'workspace');
    if (await findWorkspace(db, input.workspaceId)) {
      throw invalidInput(`Workspace '${input.workspaceId}' already exists`, { workspace: input.workspaceId });
    }
    const { manifest, databases } = input.pack;
    await insertWorkspace(db, { workspaceId: input.workspaceId, packId: manifest.id, packVersion: manifest.version, createdAt: at, settings: {} }, manifest, databases);
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
  await witnessHead(input.store, input.workspaceId);
  return { workspace: input.workspaceId, pack: input.pack.manifest.id, databases: input.pack.databases.length };
}

/** Removes a workspace that `eos init` began and could not finish (every row, in one transaction). */
export async function discardWorkspace(store: Store, workspaceId: string): Promise<void> {
  await store.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await lockWorkspace(db, workspaceId, 'workspace');
    await deleteWorkspace(db, workspaceId);
  });
}
