import { asc, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { apiTokens, audit, databases, decisions, links, records, sessions, unresolvedRefs, users, workspaces } from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

/** Every table a workspace owns, in an order that restores cleanly. */
export const WORKSPACE_TABLES = {
  workspaces,
  databases,
  records,
  links,
  unresolved_refs: unresolvedRefs,
  audit,
  decisions,
  users,
  sessions,
  api_tokens: apiTokens,
} as const satisfies Record<string, PgTable>;

export type WorkspaceTable = keyof typeof WORKSPACE_TABLES;

const TIMESTAMP_COLUMNS = new Set(['createdAt', 'updatedAt', 'at', 'expiresAt', 'lastUsedAt', 'revokedAt']);

type Row = Record<string, unknown>;

function normalise(row: Row): Row {
  const { workspaceId: _ws, ...rest } = row;
  for (const key of Object.keys(rest)) if (TIMESTAMP_COLUMNS.has(key) && typeof rest[key] === 'string') rest[key] = iso(rest[key] as string);
  return rest;
}

const PAGE = 2000;

function orderOf(table: WorkspaceTable) {
  switch (table) {
    case 'audit':
      return [asc(audit.seq)];
    case 'records':
      return [asc(records.id)];
    case 'links':
      return [asc(links.fromId), asc(links.field), asc(links.toId)];
    case 'unresolved_refs':
      return [asc(unresolvedRefs.fromId), asc(unresolvedRefs.field), asc(unresolvedRefs.ref)];
    case 'decisions':
      return [asc(decisions.id)];
    case 'databases':
      return [asc(databases.position)];
    case 'users':
      return [asc(users.name)];
    case 'sessions':
      return [asc(sessions.idHash)];
    case 'api_tokens':
      return [asc(apiTokens.id)];
    default:
      return [asc(workspaces.workspaceId)];
  }
}

/** Reads every row of a workspace, table by table, a page at a time, without its workspace_id. */
export async function* dumpWorkspace(db: Db, workspaceId: string): AsyncGenerator<{ table: WorkspaceTable; row: Row }> {
  for (const [name, table] of Object.entries(WORKSPACE_TABLES) as [WorkspaceTable, PgTable][]) {
    const wsColumn = (table as unknown as { workspaceId: Parameters<typeof eq>[0] }).workspaceId;
    for (let offset = 0; ; offset += PAGE) {
      const page = (await db
        .select()
        .from(table)
        .where(eq(wsColumn, workspaceId))
        .orderBy(...orderOf(name))
        .limit(PAGE)
        .offset(offset)) as Row[];
      for (const row of page) yield { table: name, row: normalise(row) };
      if (page.length < PAGE) break;
    }
  }
}

/** Inserts dumped rows into a workspace (under its own workspace_id). */
export async function loadWorkspaceRows(db: Db, workspaceId: string, table: WorkspaceTable, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(WORKSPACE_TABLES[table]).values(rows.map((r) => ({ ...r, workspaceId })) as never);
}

/** Deletes every row of a workspace, in every table. */
export async function deleteWorkspace(db: Db, workspaceId: string): Promise<void> {
  for (const table of Object.values(WORKSPACE_TABLES).reverse()) {
    await db.execute(sql`delete from ${table} where workspace_id = ${workspaceId}`);
  }
}
