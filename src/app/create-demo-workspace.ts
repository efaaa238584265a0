import type { Pack } from '../core/pack/pack-schema.ts';
import { type DemoEventsReport, loadDemoEvents } from '../integrations/demo/load-demo-events.ts';
import type { Store } from '../store/store.ts';
import type { ImportReport } from './import/import-csv.ts';
import { loadStarters } from './import/load-starters.ts';
import { initWorkspace } from './init-workspace.ts';
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
 * the pack, every CSV starter and demo record, and the 90-day delivery event history.
 *
 * @example await createDemoWorkspace({ store, workspaceId: 'default', ...readPack('engineering-os'), actor: 'ana' })
 */
export async function createDemoWorkspace(input: DemoWorkspaceInput): Promise<DemoWorkspace> {
  const created = await initWorkspace({ store: input.store, workspaceId: input.workspaceId, pack: input.pack, actor: input.actor });
  const session = await openSession({ store: input.store, workspaceId: input.workspaceId, actor: input.actor });
  const starters = await loadStarters(session, input.pack, input.dir);
  const demoEvents = await loadDemoEvents(session);
  return { ...created, starters, demoEvents };
}
