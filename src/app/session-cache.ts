import type { Actor } from '../core/auth/roles.ts';
import { ExpressionCompiler } from '../core/cel/expression-compiler.ts';
import { notFound } from '../core/errors.ts';
import type { DatabaseDef } from '../core/pack/pack-schema.ts';
import type { Store } from '../store/store.ts';
import { findWorkspace, loadDatabaseDefs } from '../store/workspace-rows.ts';
import type { Session } from './session.ts';

interface Loaded {
  readonly pack: string;
  readonly databases: ReadonlyMap<string, DatabaseDef>;
  readonly compiler: ExpressionCompiler;
}

export interface SessionCache {
  /** A session acting as `actor` (name and role), over the cached database definitions and compiler. */
  open(actor: Actor): Promise<Session>;
  /** Something was written: re-check the pack version before the next session is opened. */
  invalidate(): void;
}

export interface SessionCacheOptions {
  readonly store: Store;
  readonly workspaceId: string;
  readonly clock?: () => Date;
}

async function packOf(store: Store, workspaceId: string): Promise<string> {
  const workspace = await findWorkspace(store.db, workspaceId);
  if (!workspace) throw notFound(`Workspace '${workspaceId}' does not exist. Create it with: eos init --workspace ${workspaceId}`, { workspace: workspaceId });
  return `${workspace.packId}@${workspace.packVersion}`;
}

/**
 * A server opens a session per request. Reading the database definitions and compiling their
 * expressions each time would cost more than most requests, so they are kept, and re-read
 * only when a write may have upgraded the pack (the pack version then differs).
 */
export function createSessionCache(options: SessionCacheOptions): SessionCache {
  let loaded: Promise<Loaded> | undefined;
  let stale = false;
  const load = async (): Promise<Loaded> => {
    const pack = await packOf(options.store, options.workspaceId);
    const defs = await loadDatabaseDefs(options.store.db, options.workspaceId);
    return { pack, databases: new Map(defs.map((d) => [d.id, d])), compiler: new ExpressionCompiler(defs) };
  };
  const current = async (): Promise<Loaded> => {
    if (loaded && stale) {
      stale = false;
      const previous = loaded;
      loaded = (async () => {
        const before = await previous.catch(() => undefined);
        return before && before.pack === (await packOf(options.store, options.workspaceId)) ? before : load();
      })();
    }
    loaded ??= load();
    try {
      return await loaded;
    } catch (error) {
      loaded = undefined;
      throw error;
    }
  };
  return {
    async open(actor) {
      const { databases, compiler } = await current();
      return {
        store: options.store,
        workspaceId: options.workspaceId,
        databases,
        compiler,
        actor: actor.name,
        role: actor.role,
        ...(actor.roles && actor.roles.length > 1 ? { roles: actor.roles } : {}),
        ...(actor.verified ? { verified: true } : {}),
        clock: options.clock ?? (() => new Date()),
      };
    },
    invalidate() {
      stale = true;
    },
  };
}
