import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { initWorkspace } from '../../src/app/init-workspace.ts';
import { readPack } from '../../src/app/read-pack.ts';
import { openSession, type Session } from '../../src/app/session.ts';
import type { Store } from '../../src/store/store.ts';

export const MINI_PACK = fileURLToPath(new URL('../fixtures/packs/mini', import.meta.url));

export interface TestWorkspaceOptions {
  readonly pack?: string;
  readonly actor?: string;
  readonly clock?: () => Date;
}

/** A new workspace with a unique name, so tests share one store without seeing each other. */
export async function newWorkspace(store: Store, options: TestWorkspaceOptions = {}): Promise<Session> {
  const workspaceId = `t-${randomUUID().slice(0, 13)}`;
  const { pack } = readPack(options.pack ?? MINI_PACK);
  await initWorkspace({ store, workspaceId, pack, actor: options.actor ?? 'tester' });
  return openSession({ store, workspaceId, actor: options.actor ?? 'tester', ...(options.clock ? { clock: options.clock } : {}) });
}
