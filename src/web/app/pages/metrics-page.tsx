import { useState } from 'react';
import { Link } from 'wouter';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { ErrorView } from '../components/error-view.tsx';
import { Empty, Loading } from '../components/loading.tsx';
import { recordPath } from '../lib/format.ts';
import { formatMinutes, formatRate, pullRequestPath } from '../metrics/delivery-format.ts';
import type { DeliveryFilters, DeliveryMetrics, DeliveryWeek, DoraLevel, SlaBreach, WeeklyDelivery } from '../metrics/delivery-types.ts';
import { StageBars } from '../metrics/stage-bars.tsx';
import TargetsList from '../metrics/targets-list.tsx';
import { TrendChart } from '../metrics/trend-chart.tsx';
import '../metrics/metrics.css';

const WINDOWS = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 180, label: 'Last 180 days' },
] as const;

type Scope = { kind: 'all' } | { kind: 'team' | 'project' | 'service'; name: string };

/** The window's start as a date: stable for the whole day, so the page's API paths (and their cache) are too. */
function fromDate(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

function scopeParams(scope: Scope): Record<string, string> {
  return scope.kind === 'all' ? {} : { [scope.kind]: scope.name };
}

export default function MetricsPage() {
  const [days, setDays] = useState<number>(90);
  const [report, setReport] = useState<'2023' | '2021'>('2023');
  const [scope, setScope] = useState<Scope>({ kind: 'all' });
  const filters = useResource<DeliveryFilters>('/metrics/filters');
  const params = { ...scopeParams(scope), report };
  const metrics = useResource<DeliveryMetrics>(`/metrics/delivery${query({ from: fromDate(days), ...params })}`);
  const weekly = useResource<WeeklyDelivery>(`/metrics/delivery/weekly${query({ weeks: Math.ceil(days / 7), ...params })}`);
  return (
    <div className="page metrics-page">
      <header className="page-header">
        <div>
          <h1>Metrics</h1>
          <p className="muted">DORA keys as Apache DevLake computes them, PR flow and review SLAs, from the ingested delivery events.</p>
        </div>
      </header>
      <section className="targets-section" aria-label="Targets against actuals">
        <h2>Targets</h2>
        <TargetsList />
      </section>
      <Toolbar days={days} setDays={setDays} report={report} setReport={setReport} scope={scope} setScope={setScope} filters={filters.data} />
      {metrics.error && <ErrorView error={metrics.error} />}
      {!metrics.data && !metrics.error && <Loading label="Loading delivery metrics" lines={4} />}
      {metrics.data && <Dashboard metrics={metrics.data} weeks={weekly.data?.weeks} weeklyError={weekly.error} />}
    </div>
  );
}

function Toolbar(props: {
  days: number;
  setDays: (d: number) => void;
  report: '2023' | '2021';
  setReport: (r: '2023' | '2021') => void;
  scope: Scope;
  setScope: (s: Scope) => void;
  filters: DeliveryFilters | undefined;
}) {
  const value = props.scope.kind === 'all' ? '' : `${props.scope.kind}:${props.scope.name}`;
  const choose = (v: string) => {
    const at = v.indexOf(':');
    props.setScope(at < 0 ? { kind: 'all' } : { kind: v.slice(0, at) as 'team' | 'project' | 'service', name: v.slice(at + 1) });
  };
  const f = props.filters;
  return (
    <div className="toolbar metrics-toolbar">
      <label className="inline-label">
        Window
        <select value={props.days} onChange={(e) => props.setDays(Number(e.target.value))}>
          {WINDOWS.map((w) => (
            <option key={w.days} value={w.days}>
              {w.label}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-label">
        Scope
        <select value={value} onChange={(e) => choose(e.target.value)}>
          <option value="">All projects</option>
          {f && f.teams.length > 0 && (
            <optgroup label="Teams">
              {f.teams.map((t) => (
                <option key={t} value={`team:${t}`}>
                  {t}
                </option>
              ))}
            </optgroup>
          )}
          {f && f.projects.length > 0 && (
            <optgroup label="Projects">
              {f.projects.map((p) => (
                <option key={p} value={`project:${p}`}>
                  {p}
                </option>
              ))}
            </optgroup>
          )}
          {f && f.services.length > 0 && (
            <optgroup label="Services">
              {f.services.map((s) => (
                <option key={s} value={`service:${s}`}>
                  {s}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <fieldset className="segmented" aria-label="DORA benchmark report">
        {(['2023', '2021'] as const).map((r) => (
          <button key={r} type="button" aria-pressed={props.report === r} onClick={() => props.setReport(r)}>
            {r} report
          </button>
        ))}
      </fieldset>
    </div>
  );
}

function LevelPill({ level }: { level: DoraLevel | null }) {
  return <span className={`level level-${level ?? 'none'}`}>{level ?? 'n/a'}</span>;
}

interface KeyCard {
  title: string;
  value: string;
  level: DoraLevel | null;
  detail: string;
  trend: { values: (w: DeliveryWeek) => number | null; format: (v: number) => string };
}

function keyCards(m: DeliveryMetrics): KeyCard[] {
  const df = m.deploymentFrequency;
  const lt = m.leadTimeForChanges;
  const cfr = m.changeFailureRate;
  const rt = m.recoveryTime;
  return [
    {
      title: 'Deployment frequency',
      value: `${df.medianDeployDaysPerWeek} days/week`,
      level: df.level,
      detail: df.reason ?? `${df.deployments} deployments on ${df.deployDays} days · ${df.medianDeployDaysPerMonth} days/month`,
      trend: { values: (w) => w.deployDays, format: (v) => `${v} deploy days` },
    },
    {
      title: 'Lead time for changes',
      value: formatMinutes(lt.medianMinutes),
      level: lt.level,
      detail: lt.reason ?? `median of ${lt.changes} changes`,
      trend: { values: (w) => w.leadTimeMinutes, format: formatMinutes },
    },
    {
      title: 'Change failure rate',
      value: formatRate(cfr.value),
      level: cfr.level,
      detail: cfr.reason ?? `${cfr.failedDeployments} of ${cfr.deployments} deployments caused an incident`,
      trend: { values: (w) => w.changeFailureRate, format: formatRate },
    },
    {
      title: rt.kind === 'failedDeploymentRecoveryTime' ? 'Failed deployment recovery' : 'Time to restore service',
      value: formatMinutes(rt.medianMinutes),
      level: rt.level,
      detail: rt.reason ?? `median of ${rt.incidents} incidents`,
      trend: { values: (w) => w.recoveryMinutes, format: formatMinutes },
    },
  ];
}

function Dashboard({ metrics: m, weeks, weeklyError }: { metrics: DeliveryMetrics; weeks: DeliveryWeek[] | undefined; weeklyError: Error | undefined }) {
  const pr = m.prCycleTime;
  return (
    <>
      {m.warnings.length > 0 && (
        <ul className="warnings">
          {m.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <p className="muted small">
        {m.from.slice(0, 10)} → {m.to.slice(0, 10)} · {m.team ? `team ${m.team}` : m.projects ? m.projects.join(', ') : 'all projects'} · DORA {m.report} report
      </p>
      {weeklyError && <ErrorView error={weeklyError} title="Weekly trends" />}
      <div className="dora-cards">
        {keyCards(m).map((card) => (
          <section key={card.title} className="dora-card" aria-label={card.title}>
            <h2>{card.title}</h2>
            <p className="dora-value">
              <strong>{card.value}</strong> <LevelPill level={card.level} />
            </p>
            <p className="muted small">{card.detail}</p>
            {weeks ? (
              <TrendChart title={card.title} points={weeks.map((w) => ({ label: w.weekStart, value: card.trend.values(w) }))} format={card.trend.format} />
            ) : (
              !weeklyError && <div className="trend-placeholder" aria-hidden="true" />
            )}
          </section>
        ))}
      </div>
      <section className="tile wide metrics-section" aria-label="PR stages">
        <h2>
          PR stages <span className="count">{pr.prs} merged</span>
        </h2>
        <p className="stage-summary">
          Cycle <strong>{formatMinutes(pr.medianMinutes)}</strong> · coding {formatMinutes(pr.codingMinutes)} · pickup {formatMinutes(pr.pickupMinutes)} · review{' '}
          {formatMinutes(pr.reviewMinutes)} · deploy {formatMinutes(pr.deployMinutes)}
          {pr.medianPrSize !== undefined && pr.medianPrSize !== null && <> · size {pr.medianPrSize} lines</>}
        </p>
        {weeks ? <StageBars weeks={weeks} /> : !weeklyError && <Loading label="Loading weekly PR stages" lines={2} />}
      </section>
      <Breaches metrics={m} />
      {m.records && <FromRecords records={m.records} />}
    </>
  );
}

/** The PR's page in the app (stage times, reviews), and its page on GitHub when its id says where it lives. */
function breachLinks(b: SlaBreach) {
  return (
    <span className="breach-links">
      <Link href={pullRequestPath(b.prId)} className="key">
        {b.prId}
      </Link>
      {b.url && (
        <a href={b.url} target="_blank" rel="noopener noreferrer" className="small" aria-label={`${b.prId} on GitHub (opens a new tab)`}>
          GitHub ↗
        </a>
      )}
    </span>
  );
}

function Breaches({ metrics: m }: { metrics: DeliveryMetrics }) {
  const sla = m.reviewSla;
  const total = sla.firstReviewOver4h + sla.approvalOver24h;
  return (
    <section className="tile wide metrics-section" aria-label="Review SLA breaches">
      <h2>
        Review SLA breaches <span className="count">{total}</span>
      </h2>
      <p className="muted small">
        {sla.firstReviewOver4h} first reviews after more than 4 business hours · {sla.approvalOver24h} approvals after more than 24
      </p>
      {sla.breaches.length === 0 ? (
        <Empty>No review SLA was breached in this window.</Empty>
      ) : (
        <ul className="lines breaches">
          {sla.breaches.slice(0, 50).map((b) => (
            <li key={`${b.prId}:${b.kind}`} className="breach-line">
              {breachLinks(b)}
              <span className="line-title">{b.project}</span>
              <span className="line-meta">
                {b.kind === 'firstReview' ? 'first review' : 'approval'} after {formatMinutes(b.businessMinutes)} business time
              </span>
            </li>
          ))}
        </ul>
      )}
      {sla.breaches.length > 50 && <p className="muted small more">and {sla.breaches.length - 50} more (GET /api/v1/metrics/delivery lists them all)</p>}
    </section>
  );
}

function FromRecords({ records: r }: { records: NonNullable<DeliveryMetrics['records']> }) {
  return (
    <section className="tile wide metrics-section" aria-label="Flow from records">
      <h2>Flow from records</h2>
      <div className="flow-grid">
        <div>
          <h3>WIP per person</h3>
          {r.workInProgress.length === 0 ? (
            <Empty>Nothing In Progress.</Empty>
          ) : (
            <ul className="lines">
              {r.workInProgress.map((w) => (
                <li key={w.person}>
                  {w.person} <strong>{w.items}</strong>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>In Progress, no update for 5+ days</h3>
          {r.staleInProgress.length === 0 ? (
            <Empty>None.</Empty>
          ) : (
            <ul className="lines">
              {r.staleInProgress.map((s) => (
                <li key={s.key}>
                  <Link href={recordPath(s.key)} className="key">
                    {s.key}
                  </Link>{' '}
                  {s.title} <span className="muted">{s.daysSinceUpdate} d</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Blocked (escalation ladder)</h3>
          {r.blocked.length === 0 ? (
            <Empty>Nothing is blocked.</Empty>
          ) : (
            <ul className="lines">
              {r.blocked.map((b) => (
                <li key={b.key}>
                  <Link href={recordPath(b.key)} className="key">
                    {b.key}
                  </Link>{' '}
                  {b.ageDays} d<span className="muted"> · {b.escalation ?? 'within a day'}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
