import { and, asc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import {
  alertChannels,
  alertDeliveries,
  alertInstances,
  alertNotifications,
  alertRules,
  apiTokens,
  audit,
  comments,
  databases,
  decisions,
  deliveryCommits,
  deliveryDeployments,
  deliveryIncidents,
  deliveryPrCommits,
  deliveryPrMetrics,
  deliveryPrReviews,
  deliveryPullRequests,
  deliveryShippedCommits,
  deliveryTeams,
  links,
  monitorEvents,
  notifications,
  records,
  scheduleTicks,
  sessions,
  sopChecks,
  unresolvedRefs,
  users,
  watchers,
  workspaces,
} from './schema.ts';
import type { Db } from './store.ts';
import { iso } from './timestamps.ts';

/**
 * Every table a workspace owns, in an order that restores cleanly. Login failures, idempotency
 * keys and webhook delivery ids are left out: they are short memories of requests, not the
 * workspace's data.
 */
export const WORKSPACE_TABLES = {
  workspaces,
  databases,
  records,
  links,
  unresolved_refs: unresolvedRefs,
  sop_checks: sopChecks,
  audit,
  decisions,
  users,
  sessions,
  api_tokens: apiTokens,
  delivery_teams: deliveryTeams,
  delivery_commits: deliveryCommits,
  delivery_pull_requests: deliveryPullRequests,
  delivery_pr_commits: deliveryPrCommits,
  delivery_pr_reviews: deliveryPrReviews,
  delivery_pr_metrics: deliveryPrMetrics,
  delivery_deployments: deliveryDeployments,
  delivery_shipped_commits: deliveryShippedCommits,
  delivery_incidents: deliveryIncidents,
  monitor_events: monitorEvents,
  alert_rules: alertRules,
  alert_channels: alertChannels,
  alert_instances: alertInstances,
  alert_notifications: alertNotifications,
  alert_deliveries: alertDeliveries,
  comments,
  watchers,
  notifications,
} as const satisfies Record<string, PgTable>;

export type WorkspaceTable = keyof typeof WORKSPACE_TABLES;

type Row = Record<string, unknown>;

interface TableShape {
  /** The primary key's columns, workspace_id first: the dump's order and its paging cursor. */
  readonly key: readonly { readonly property: string; readonly column: PgColumn }[];
  readonly timestamps: ReadonlySet<string>;
  /** Columns Postgres computes (records' search vector): left out of dumps, rebuilt on restore. */
  readonly generated: ReadonlySet<string>;
}

function shapeOf(table: PgTable): TableShape {
  const config = getTableConfig(table);
  const propertyOf = new Map(Object.entries(getTableColumns(table)).map(([property, column]) => [column.name, property]));
  const pk = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  const key = pk.map((column) => ({ property: propertyOf.get(column.name) ?? column.name, column }));
  const timestamps = new Set(config.columns.filter((c) => c.columnType === 'PgTimestampString').map((c) => propertyOf.get(c.name) ?? c.name));
  const generated = new Set(config.columns.filter((c) => c.generated).map((c) => propertyOf.get(c.name) ?? c.name));
  return { key, timestamps, generated };
}

function normalise(row: Row, shape: TableShape): Row {
  const { workspaceId: _ws, ...rest } = row;
  for (const key of shape.timestamps) if (typeof rest[key] === 'string') rest[key] = iso(rest[key] as string);
  for (const key of shape.generated) delete rest[key];
  return rest;
}

const PAGE = 2000;

/**
 * Reads every row of a workspace, table by table, in primary-key order, a page at a time, without
 * its workspace_id. Pages follow the key (not an offset), so a million events read in linear time.
 */
export async function* dumpWorkspace(db: Db, workspaceId: string): AsyncGenerator<{ table: WorkspaceTable; row: Row }> {
  for (const [name, table] of Object.entries(WORKSPACE_TABLES) as [WorkspaceTable, PgTable][]) {
    const shape = shapeOf(table);
    const [wsKey, ...rest] = shape.key;
    if (wsKey?.property !== 'workspaceId') throw new Error(`${name}: its primary key must start with workspace_id`);
    let after: unknown[] | null = null;
    for (;;) {
      const columns = rest.map((k) => sql`${k.column}`);
      const cursor: SQL | undefined =
        after && columns.length > 0
          ? sql`(${sql.join(columns, sql`, `)}) > (${sql.join(
              after.map((v) => sql`${v}`),
              sql`, `,
            )})`
          : undefined;
      const page = (await db
        .select()
        .from(table)
        .where(and(eq(wsKey.column, workspaceId), cursor))
        .orderBy(...rest.map((k) => asc(k.column)))
        .limit(PAGE)) as Row[];
      for (const row of page) yield { table: name, row: normalise(row, shape) };
      const last = page.at(-1);
      if (page.length < PAGE || !last || columns.length === 0) break;
      after = rest.map((k) => last[k.property]);
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
  // Not backed up (a claimed tick is a short memory of the schedule), but the workspace's all the same.
  await db.execute(sql`delete from ${scheduleTicks} where workspace_id = ${workspaceId}`);
}
