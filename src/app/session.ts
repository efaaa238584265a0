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
  readonly clock: () => Date;
}

export interface OpenSessionOptions {
  readonly store: Store;
  readonly workspaceId: string;
  readonly actor: string;
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
