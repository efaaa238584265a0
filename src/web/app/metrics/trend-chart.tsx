/** One value per week; null where the week had no data (drawn as a gap). */
export interface TrendPoint {
  readonly label: string;
  readonly value: number | null;
}

/**
 * A small inline SVG line of weekly values with a dot per week that has data. The figure is
 * labelled for screen readers; the same numbers are in the table beside it.
 */
export function TrendChart({
  points,
  title,
  format,
  width = 220,
  height = 48,
}: {
  points: readonly TrendPoint[];
  title: string;
  format: (v: number) => string;
  width?: number;
  height?: number;
}) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length === 0) return <p className="trend-empty muted small">No data in these weeks</p>;
  const max = Math.max(...values, 0);
  const min = Math.min(...values, 0);
  const span = max - min || 1;
  const step = points.length > 1 ? (width - 8) / (points.length - 1) : 0;
  const x = (i: number) => 4 + i * step;
  const y = (v: number) => height - 4 - ((v - min) / span) * (height - 8);
  const segments: string[] = [];
  let current = '';
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const last = [...points].reverse().find((p) => p.value !== null);
  return (
    <svg
      className="trend"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={`${title}, weekly: ${points.map((p) => `${p.label} ${p.value === null ? 'no data' : format(p.value)}`).join(', ')}`}
    >
      <title>{`${title}: latest ${last?.value === null || !last ? 'no data' : format(last.value)}`}</title>
      {segments.map((d) => (
        <path key={d} d={d} className="trend-line" />
      ))}
      {points.map((p, i) =>
        p.value === null ? null : (
          <circle key={p.label} cx={x(i)} cy={y(p.value)} r={2} className="trend-dot">
            <title>{`${p.label}: ${format(p.value)}`}</title>
          </circle>
        ),
      )}
    </svg>
  );
}
