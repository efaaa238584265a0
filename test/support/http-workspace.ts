import type { FastifyInstance } from 'fastify';
import type { Session } from '../../src/app/session.ts';
import { buildServer } from '../../src/http/build-server.ts';
import type { Store } from '../../src/store/store.ts';
import { testUsers } from './http-users.ts';
import { newWorkspace, type TestWorkspaceOptions } from './workspace.ts';

export interface HttpWorkspace {
  readonly app: FastifyInstance;
  readonly session: Session;
  readonly as: (name: string, role?: Parameters<ReturnType<typeof testUsers>['headers']>[1]) => Record<string, string>;
}

/** A new workspace on `store` and a server over it, built as `eos serve` builds it. */
export async function httpWorkspace(store: Store, options: TestWorkspaceOptions = {}): Promise<HttpWorkspace> {
  const session = await newWorkspace(store, options);
  const users = testUsers();
  const app = await buildServer({ store, workspaceId: session.workspaceId, auth: users.auth, ...(options.clock ? { clock: options.clock } : {}) });
  return { app, session, as: users.headers };
}
