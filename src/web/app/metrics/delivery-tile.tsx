import { Link } from 'wouter';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { Empty, Loading } from '../components/loading.tsx';
import { formatMinutes, formatRate } from './delivery-format.ts';
import type { DeliveryMetrics, DeliveryWeek, WeeklyDelivery } from './delivery-types.ts';
import { TrendChart } from './trend-chart.tsx';
import './metrics.css';

/** The control center's "Delivery (last 30 days)" lines: the four keys with their levels and a weekly sparkline, each linking to the Metrics page. */
export default function DeliveryTile() {
  const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const metrics = useResource<DeliveryMetrics>(`/metrics/delivery${query({ from })}`);
  const weekly = useResource<WeeklyDelivery>('/metrics/delivery/weekly?weeks=5');
  if (metrics.error) return <Empty>Delivery metrics are not available: {metrics.error.message}</Empty>;
  const m = metrics.data;
  if (!m) return <Loading label="Loading delivery metrics" lines={2} />;
  if (m.deploymentFrequency.deployments === 0 && m.prCycleTime.prs === 0) return <Empty>No deployments or merged PRs in the last 30 days.</Empty>;
  const weeks = weekly.data?.weeks;
  const line = (label: string, value: string, level: string | null, pick: (w: DeliveryWeek) => number | null, format: (v: number) => string) => (
    <Link href="/delivery" key={label}>
      <div>
        {label} <strong>{value}</strong> <span className={`level level-${level ?? 'none'}`}>{level ?? 'n/a'}</span>
      </div>
      {weeks && <TrendChart title={label} points={weeks.map((w) => ({ label: w.weekStart, value: pick(w) }))} format={format} width={140} height={24} />}
    </Link>
  );
  return (
    <div className="delivery-tile-grid">
      {line(
        'Deploy freq',
        `${m.deploymentFrequency.medianDeployDaysPerWeek}/wk`,
        m.deploymentFrequency.level,
        (w) => w.deployDays,
        (v) => `${v} days`,
      )}
      {line('Lead time', formatMinutes(m.leadTimeForChanges.medianMinutes), m.leadTimeForChanges.level, (w) => w.leadTimeMinutes, formatMinutes)}
      {line('CFR', formatRate(m.changeFailureRate.value), m.changeFailureRate.level, (w) => w.changeFailureRate, formatRate)}
      {line('Recovery', formatMinutes(m.recoveryTime.medianMinutes), m.recoveryTime.level, (w) => w.recoveryMinutes, formatMinutes)}
    </div>
  );
}
