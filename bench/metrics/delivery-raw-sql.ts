import { sql } from 'drizzle-orm';
import type { Db } from '../../src/store/store.ts';

/**
 * The four keys over a window in one hand-written statement on eos's own tables, as someone
 * would write it for a dashboard: the baseline eos's computeDeliveryMetrics is timed against.
 * It reads the same rows (production successes grouped into deployments, the PR stage times
 * derived at ingest, incidents linked to deployments) but skips DevLake's corner cases (N/A
 * texts, rounding, the 2021 report).
 */
export async function rawDeliveryMetrics(db: Db, workspaceId: string, from: string, to: string) {
  const result = (await db.execute(sql`
    with deps as (
      select deployment_id, max(finished_at) as finished_at
      from delivery_deployments
      where workspace_id = ${workspaceId} and result = 'success' and environment = 'production'
      group by deployment_id
      having max(finished_at) between ${from}::timestamptz and ${to}::timestamptz
    ),
    weeks as (
      select w.week, count(distinct date_trunc('day', d.finished_at)) as days
      from generate_series(date_trunc('week', ${from}::timestamptz), ${to}::timestamptz, interval '1 week') as w(week)
      left join deps d on date_trunc('week', d.finished_at) = w.week
      group by w.week
    ),
    lead as (
      select percentile_disc(0.5) within group (order by cycle_minutes) as median, count(*) as changes
      from delivery_pr_metrics
      where workspace_id = ${workspaceId} and pr_deployed_at between ${from}::timestamptz and ${to}::timestamptz
    ),
    caused as (
      select d.deployment_id, d.finished_at, i.resolved_at
      from deps d
      join delivery_incidents i on i.workspace_id = ${workspaceId} and i.deployment_id = d.deployment_id
    )
    select
      (select count(*) from deps) as deployments,
      (select percentile_disc(0.5) within group (order by days) from weeks) as deploy_days_per_week,
      (select median from lead) as lead_time_minutes,
      (select changes from lead) as changes,
      (select count(distinct deployment_id) from caused) as failed_deployments,
      (select percentile_disc(0.5) within group (order by extract(epoch from resolved_at - finished_at) / 60) from caused where resolved_at is not null) as recovery_minutes
  `)) as unknown as { rows: Record<string, unknown>[] };
  const row = result.rows[0] ?? {};
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const deployments = n(row.deployments) ?? 0;
  return {
    deployments,
    deployDaysPerWeek: n(row.deploy_days_per_week),
    leadTimeMinutes: n(row.lead_time_minutes),
    changes: n(row.changes),
    changeFailureRate: deployments ? (n(row.failed_deployments) ?? 0) / deployments : null,
    recoveryMinutes: n(row.recovery_minutes),
  };
}
