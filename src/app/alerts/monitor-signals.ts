import type { AlertRule } from '../../core/pack/alert-rule-schema.ts';
import { alertDurationMs } from '../../core/pack/alert-rule-schema.ts';
import { teamRows } from '../../store/event-rows.ts';
import { incidentProjectsBetween, monitorEventsSince, unacknowledgedIncidents } from '../../store/monitor-event-rows.ts';
import { gateMetricKey, gateMetricValues } from '../gate-metric-values.ts';
import type { Session } from '../session.ts';
import { teamLeads } from './team-leads.ts';

type MonitorRule = Extract<AlertRule, { kind: 'monitor' }>;

/** One instance a monitor rule found, in the shape alert-signals.ts renders. */
export interface MonitorFound {
  readonly subject: string;
  readonly level: number;
  readonly label: string;
  readonly link: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly people?: readonly string[];
}

const DEFAULT_WINDOW = { slo: '1h', 'job-failures': '1h', spend: '24h', quota: '24h', unacknowledged: '1h', 'page-share': '4w', 'team-metric': '30d' } as const;

/**
 * Whether a value passes the rule's threshold (`above`, `below` or `atLeast`), and that threshold.
 *
 * @example breaches({ above: 150 }, 151) // { fires: true, threshold: 150 }
 */
export function breaches(rule: Pick<MonitorRule, 'above' | 'below' | 'atLeast'>, value: number): { fires: boolean; threshold: number } {
  if (rule.above !== undefined) return { fires: value > rule.above, threshold: rule.above };
  if (rule.below !== undefined) return { fires: value < rule.below, threshold: rule.below };
  return { fires: rule.atLeast !== undefined && value >= rule.atLeast, threshold: rule.atLeast ?? Number.NaN };
}

/** The latest row per subject among rows sorted oldest first. */
const latestPer = <T extends { subject: string | null }>(rows: readonly T[]): T[] => [...new Map(rows.map((r) => [r.subject ?? '', r])).values()];

const DEPLOY_FREQUENCY: ReadonlySet<string> = new Set(['deployDays', 'medianDeployDaysPerWeek', 'medianDeployDaysPerMonth']);

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Evaluates a `monitor` rule over the ingested monitor events as of `now`: the latest SLO
 * sample per service (slo), the failures counted over the window (job-failures), the spend
 * summed over it (spend), the latest used fraction per quota account (quota), and the open
 * incidents of the watched severities not acknowledged within `after` (unacknowledged), and each
 * team's share of the incidents (pages) opened in the window, by the projects its settings own (page-share),
 * and a delivery metric of each team over the window, as `metric(name, window, {'team': T})` reads it
 * (team-metric; a team with no data in the window has no value and does not fire).
 *
 * @example await monitorFiring(session, { signal: 'job-failures', above: 5, window: '1h', … }, now) // [{ subject: '', variables: { value: 6, … } }]
 */
export async function monitorFiring(session: Session, rule: MonitorRule, now: Date): Promise<MonitorFound[]> {
  const db = session.store.db;
  const ws = session.workspaceId;
  const window = rule.window ?? DEFAULT_WINDOW[rule.signal];
  const since = new Date(now.getTime() - (alertDurationMs(window) ?? 0)).toISOString();
  const until = new Date(now.getTime() + 1).toISOString();
  switch (rule.signal) {
    case 'slo': {
      const samples = (await monitorEventsSince(db, ws, 'sloSamples', since, until)).filter((s) => s.metric === rule.metric);
      return latestPer(samples).flatMap((s) => {
        const value = s.value ?? Number.NaN;
        const { fires, threshold } = breaches(rule, value);
        if (!fires) return [];
        const service = s.service ?? s.subject ?? '';
        return [found(service, `${service}: ${rule.metric} ${value}`, { metric: rule.metric, sample: s.id, at: s.at }, { value, threshold, window, service })];
      });
    }
    case 'job-failures': {
      const failures = await monitorEventsSince(db, ws, 'jobFailures', since, until);
      const { fires, threshold } = breaches(rule, failures.length);
      if (!fires) return [];
      return [found('', `${failures.length} job failures in ${window}`, { failures: failures.map((f) => f.id) }, { value: failures.length, threshold, window })];
    }
    case 'spend': {
      const spend = await monitorEventsSince(db, ws, 'spend', since, until);
      const byCurrency = new Map<string, number>();
      for (const s of spend) byCurrency.set(s.detail ?? 'USD', (byCurrency.get(s.detail ?? 'USD') ?? 0) + (s.value ?? 0));
      return [...byCurrency].flatMap(([currency, total]) => {
        const value = round(total);
        const { fires, threshold } = breaches(rule, value);
        return fires ? [found(currency, `${value} ${currency} spent in ${window}`, { currency, total: value }, { value, threshold, window, account: currency })] : [];
      });
    }
    case 'quota': {
      const samples = await monitorEventsSince(db, ws, 'quota', since, until);
      return latestPer(samples).flatMap((q) => {
        const value = round((q.value ?? 0) / (q.quota_limit ?? 1));
        const { fires, threshold } = breaches(rule, value);
        const account = q.subject ?? '';
        return fires ? [found(account, `quota ${account || '(all)'} at ${value}`, { used: q.value, limit: q.quota_limit, at: q.at }, { value, threshold, window, account })] : [];
      });
    }
    case 'page-share': {
      const projects = await incidentProjectsBetween(db, ws, since, until);
      const teamOf = new Map<string, string>();
      for (const t of await teamRows(db, ws)) for (const p of t.projects) if (!teamOf.has(p)) teamOf.set(p, t.team);
      const pages = new Map<string, number>();
      for (const p of projects) {
        const team = p === null ? undefined : teamOf.get(p);
        if (team !== undefined) pages.set(team, (pages.get(team) ?? 0) + 1);
      }
      const leads = await teamLeads(db, ws);
      return [...pages]
        .sort(([a], [b]) => a.localeCompare(b))
        .flatMap(([team, n]) => {
          const value = round(n / projects.length);
          const { fires, threshold } = breaches(rule, value);
          return fires
            ? [
                {
                  ...found(
                    team,
                    `${team}: ${n} of ${projects.length} pages in ${window}`,
                    { team, pages: n, total: projects.length },
                    { value, threshold, window, team, pages: n, total: projects.length },
                  ),
                  // The team's lead is the one to rebalance its on-call load.
                  people: leads.get(team) ?? [],
                },
              ]
            : [];
        });
    }
    case 'team-metric': {
      const metric = rule.metric ?? '';
      const teams = (await teamRows(db, ws)).map((t) => t.team);
      const scopes = teams.map((team) => ({ name: metric, window, scope: { kind: 'team' as const, value: team } }));
      // The same computation gives each team's deployment count (cached per window and scope).
      const values = await gateMetricValues(db, session, now, [...scopes, ...scopes.map((r) => ({ ...r, name: 'deployments' }))]);
      const leads = await teamLeads(db, ws);
      return scopes.flatMap(({ scope }) => {
        const read = values.get(gateMetricKey(metric, window, scope));
        if (!read || 'reason' in read) return [];
        // A deployment frequency with no deployment at all is no data (DevLake's N/A), not a team deploying on 0 days.
        const deployments = values.get(gateMetricKey('deployments', window, scope));
        if (DEPLOY_FREQUENCY.has(metric) && (!deployments || 'reason' in deployments || deployments.value === 0)) return [];
        const value = round(read.value);
        const { fires, threshold } = breaches(rule, value);
        if (!fires) return [];
        const team = scope.value;
        return [
          {
            ...found(team, `${team}: ${metric} ${value} over ${window}`, { team, metric, value, window }, { value, threshold, window, team, metric }),
            link: '/metrics',
            people: leads.get(team) ?? [],
          },
        ];
      });
    }
    case 'unacknowledged': {
      const afterMs = alertDurationMs(rule.after ?? '15m') ?? 0;
      const open = await unacknowledgedIncidents(db, ws, rule.severities ?? ['P1'], new Date(now.getTime() - afterMs).toISOString());
      return open.map((i) => {
        const minutes = Math.floor((now.getTime() - Date.parse(i.createdAt)) / 60_000);
        return found(
          i.id,
          `${i.severity ?? ''} ${i.id}${i.title ? ` ${i.title}` : ''} unacknowledged for ${minutes} min`.trim(),
          { incident: i.id, severity: i.severity, createdAt: i.createdAt },
          { value: minutes, threshold: afterMs / 60_000, incident: i.id, severityOf: i.severity, minutes },
        );
      });
    }
  }
}

function found(subject: string, label: string, details: Record<string, unknown>, variables: Record<string, unknown>): MonitorFound {
  return { subject, level: 1, label, link: '/alerts', details, variables };
}
