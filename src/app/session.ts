import type { Actor, Role } from '../core/auth/roles.ts';
import { ExpressionCompiler } from '../core/cel/expression-compiler.ts';
import { notFound } from '../core/errors.ts';
import type { DatabaseDef } from '../core/pack/pack-schema.ts';
import type { Store } from '../store/store.ts';
import { findWorkspace, loadDatabaseDefs } from '../store/workspace-rows.ts';

/** Everything a use case needs: the store, the workspace, its databases, who acts and the clock. */
export interface Session {
  readonly store: Store;
  readonly workspaceId: string;
  readonly databases: ReadonlyMap<string, DatabaseDef>;
  readonly compiler: ExpressionCompiler;
  readonly actor: string;
  /** What the actor may do: every write checks it (role-policy), and gates may require one. */
  readonly role: Role;
  /** Every role the actor holds, when more than `role` (ADR 045). */
  readonly roles?: readonly Role[];
  /** The CLI's EOS_USER is not a user of a workspace that has users: reads only (ADR 011). */
  readonly guest?: boolean;
  /** The actor proved who they are (a web session, an API token, EOS_TOKEN): they may sign (ADR 044). */
  readonly verified?: boolean;
  readonly clock: () => Date;
}

export interface OpenSessionOptions {
  readonly store: Store;
  readonly workspaceId: string;
  readonly actor: string;
  /**
   * The actor's role. The HTTP API passes the authenticated user's role and the CLI the role
   * its resolveCliActor found (ADR 011); code that runs as the local owner of the store
   * (tests, benchmarks, init) leaves it out and acts as admin.
   */
  readonly role?: Role;
  readonly roles?: readonly Role[];
  readonly guest?: boolean;
  readonly verified?: boolean;
  readonly clock?: () => Date;
}

export async function openSession(options: OpenSessionOptions): Promise<Session> {
  const workspace = await findWorkspace(options.store.db, options.workspaceId);
  if (!workspace) {
    throw notFound(`Workspace '${options.workspaceId}' does not exist. Create it with: eos init --workspace ${options.workspaceId}`, {
      workspace: options.workspaceId,
    });
  }
  const defs = await loadDatabaseDefs(options.store.db, options.workspaceId);
  return {
    store: options.store,
    workspaceId: options.workspaceId,
    databases: new Map(defs.map((d) => [d.id, d])),
    compiler: new ExpressionCompiler(defs),
    actor: options.actor,
    role: options.role ?? 'admin',
    ...(options.roles && options.roles.length > 1 ? { roles: options.roles } : {}),
    ...(options.guest ? { guest: true } : {}),
    ...(options.verified ? { verified: true } : {}),
    clock: options.clock ?? (() => new Date()),
  };
}

export function databaseOf(session: Session, id: string): DatabaseDef {
  const db = session.databases.get(id) ?? [...session.databases.values()].find((d) => d.name.toLowerCase() === id.toLowerCase());
  if (!db) {
    throw notFound(`There is no database '${id}'. Databases: ${[...session.databases.keys()].join(', ')}`, { database: id });
  }
  return db;
}

/** Who acts in a session, as the role policy sees them. */
export function actorOf(session: Session): Actor {
  return {
    name: session.actor,
    role: session.role,
    ...(session.roles ? { roles: session.roles } : {}),
    ...(session.guest ? { guest: true } : {}),
    ...(session.verified ? { verified: true } : {}),
  };
}
