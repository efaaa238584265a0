import type { Pack } from '../core/pack/pack-schema.ts';
import { type DemoEventsReport, loadDemoEvents } from '../integrations/demo/load-demo-events.ts';
import type { Store } from '../store/store.ts';
import type { ImportReport } from './import/import-csv.ts';
import { loadStarters, starterFiles } from './import/load-starters.ts';
import { discardWorkspace, finishWorkspace, initWorkspace } from './init-workspace.ts';
import { openSession } from './session.ts';

export interface DemoWorkspaceInput {
  readonly store: Store;
  readonly workspaceId: string;
  readonly pack: Pack;
  /** The pack's folder (its starter and demo CSVs). */
  readonly dir: string;
  readonly actor: string;
}

export interface DemoWorkspace {
  readonly workspace: string;
  readonly pack: string;
  readonly databases: number;
  readonly starters: readonly ImportReport[];
  readonly demoEvents: DemoEventsReport;
}

/**
 * The demo workspace, the same whether `eos init --demo` or `eos serve`'s first run makes it:
 * the pack, every CSV starter and demo record, and the 90-day delivery event history. All or
 * nothing: when any part fails, the workspace is removed again and the error thrown.
 *
 * @example await createDemoWorkspace({ store, workspaceId: 'default', ...readPack('engineering-os'), actor: 'ana' })
 */
export async function createDemoWorkspace(input: DemoWorkspaceInput): Promise<DemoWorkspace> {
  // Every file the pack names is checked before anything is written.
  starterFiles(input.pack, input.dir);
  const created = await initWorkspace({ store: input.store, workspaceId: input.workspaceId, pack: input.pack, actor: input.actor, unfinished: true });
  try {
    const session = await openSession({ store: input.store, workspaceId: input.workspaceId, actor: input.actor });
    const starters = await loadStarters(session, input.pack, input.dir);
    const demoEvents = await loadDemoEvents(session);
    await finishWorkspace(input.store, input.workspaceId);
    return { ...created, starters, demoEvents };
  } catch (error) {
    // All or nothing: a demo that fails half-way leaves no workspace, so running it again works.
    await discardWorkspace(input.store, input.workspaceId);
    throw error;
  }
}
