import { formatMinutes } from './delivery-format.ts';
import type { DeliveryWeek } from './delivery-types.ts';

export const STAGES = [
  { key: 'codingMinutes', label: 'Coding' },
  { key: 'pickupMinutes', label: 'Pickup' },
  { key: 'reviewMinutes', label: 'Review' },
  { key: 'deployMinutes', label: 'Deploy' },
] as const;

/**
 * The PR stage breakdown as a stacked bar per week (median minutes of each stage over the PRs
 * merged that week), inline SVG with a legend; each bar's parts carry their numbers as titles.
 */
export function StageBars({ weeks }: { weeks: readonly DeliveryWeek[] }) {
  const totals = weeks.map((w) => STAGES.reduce((sum, s) => sum + (w[s.key] ?? 0), 0));
  const max = Math.max(...totals, 0);
  if (max === 0) return <p className="empty">No PR was merged in these weeks.</p>;
  const width = 640;
  const height = 160;
  const band = width / weeks.length;
  const bar = Math.min(36, band * 0.7);
  return (
    <figure className="stage-bars">
      <svg viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label="PR stage medians per week, stacked: coding, pickup, review, deploy" preserveAspectRatio="xMidYMid meet">
        {weeks.map((w, i) => {
          let top = height;
          return (
            <g key={w.weekStart}>
              {STAGES.map((s, k) => {
                const v = w[s.key] ?? 0;
                const h = (v / max) * (height - 4);
                top -= h;
                return v === 0 ? null : (
                  <rect key={s.key} x={i * band + (band - bar) / 2} y={top} width={bar} height={h} className={`stage stage-${k}`}>
                    <title>{`${w.weekStart} ${s.label}: ${formatMinutes(v)} (median of ${w.mergedPrs} PRs)`}</title>
                  </rect>
                );
              })}
              <text x={i * band + band / 2} y={height + 14} className="axis" textAnchor="middle">
                {w.weekStart.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {STAGES.map((s, k) => (
          <span key={s.key}>
            <i className={`swatch stage-${k}`} aria-hidden="true" /> {s.label}
          </span>
        ))}
        <span className="muted">median minutes per week · tallest {formatMinutes(max)}</span>
      </figcaption>
    </figure>
  );
}
