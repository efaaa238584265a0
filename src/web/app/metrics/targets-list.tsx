import { useResource } from '../api/use-resource.ts';
import { Empty, Loading } from '../components/loading.tsx';
import { formatTargetValue, scopeLabel, type TargetStatus, targetState, thresholdLabel } from './targets-format.ts';
import { TrendChart } from './trend-chart.tsx';
import './metrics.css';

const STATE_TEXT = { met: 'met', missed: 'missed', 'no-data': 'no data' } as const;

/**
 * The pack's targets against their actuals (GET /api/v1/targets): green when met, red when
 * missed, with the metric over the windows before as a small trend. The control center's
 * Targets tile and the Metrics page both show it.
 */
export default function TargetsList({ compact = false }: { compact?: boolean }) {
  const { data, error } = useResource<{ at: string; targets: TargetStatus[] }>('/targets');
  if (error) return <Empty>Targets are not available: {error.message}</Empty>;
  if (!data) return <Loading label="Loading targets" lines={2} />;
  if (data.targets.length === 0) return <Empty>The pack sets no targets (targets/*.yaml).</Empty>;
  return (
    <ul className={compact ? 'targets compact' : 'targets'} aria-label="Targets">
      {data.targets.map((t) => {
        const state = targetState(t);
        const scope = scopeLabel(t.scope);
        return (
          <li key={t.id} className={`target target-${state}`} data-target={t.id}>
            <span className={`target-state state-${state}`}>{STATE_TEXT[state]}</span>
            <span className="target-name" title={t.seed ? `${t.seed.source}: ${t.seed.line}` : t.description}>
              {t.name}
              {scope && <span className="muted small"> · {scope}</span>}
            </span>
            <span className="target-actual" title={t.reason}>
              <strong>{formatTargetValue(t.actual, t.unit)}</strong> <span className="muted small">{thresholdLabel(t.threshold, t.unit)}</span>
            </span>
            <TrendChart
              title={`${t.name}, ${t.window} windows`}
              points={t.trend.map((p) => ({ label: p.to.slice(0, 10), value: p.value }))}
              format={(v) => formatTargetValue(v, t.unit)}
              width={compact ? 80 : 120}
              height={22}
            />
          </li>
        );
      })}
    </ul>
  );
}
