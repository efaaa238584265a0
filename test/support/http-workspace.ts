import type { FastifyInstance } from 'fastify';
import type { Session } from '../../src/app/session.ts';
import { createAuthPlugin } from '../../src/http/auth/auth-plugin.ts';
import { buildServer } from '../../src/http/build-server.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestUsers, type TestUserName } from './http-users.ts';
import { newWorkspace, type TestWorkspaceOptions } from './workspace.ts';

export interface HttpWorkspace {
  readonly app: FastifyInstance;
  readonly session: Session;
  /** The headers that authenticate a request as one of TEST_USERS (a real token). */
  readonly as: (name: TestUserName) => Record<string, string>;
}

/** A server over `workspaceId`, built as `eos serve` builds it (with the auth plugin). */
export function serverFor(store: Store, workspaceId: string, clock?: () => Date): Promise<FastifyInstance> {
  const timed = clock ? { clock } : {};
  return buildServer({ store, workspaceId, auth: createAuthPlugin({ store, workspaceId, ...timed }), ...timed });
}

/** A new workspace on `store` with TEST_USERS, and a server over it. */
export async function httpWorkspace(store: Store, options: TestWorkspaceOptions = {}): Promise<HttpWorkspace> {
  const session = await newWorkspace(store, options);
  const users = await createTestUsers(store, session.workspaceId);
  const app = await serverFor(store, session.workspaceId, options.clock);
  return { app, session, as: users.headers };
}
