import type { PeriodMetrics } from './ritual-snapshot.ts';

/**
 * A line chart of one series of a snapshot's trend, as geometry both exports draw: the Markdown
 * export as SVG, the PDF export as vector paths (integrations/export/record-pdf.ts).
 */
export interface TrendChart {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** The plot area inside the axes. */
  readonly plot: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** The top of the y axis, in the series' unit, and its label. */
  readonly max: number;
  readonly maxLabel: string;
  /** Each point; y null where the week had no data (the line breaks there). */
  readonly points: readonly { readonly x: number; readonly y: number | null; readonly label: string; readonly value: number | null }[];
}

interface Series {
  readonly title: string;
  readonly value: (w: PeriodMetrics) => number | null;
  readonly format: (v: number) => string;
}

const hours = (m: number | null) => (m === null ? null : Math.round((m / 60) * 10) / 10);

/** The charts of a snapshot: deployments, lead time, change failure rate and PR cycle time per week. */
export const TREND_SERIES: readonly Series[] = [
  { title: 'Deployments per week', value: (w) => w.deployments, format: (v) => String(v) },
  { title: 'Lead time for changes per week (median, hours)', value: (w) => hours(w.leadTimeMinutes), format: (v) => `${v} h` },
  { title: 'Change failure rate per week (%)', value: (w) => (w.changeFailureRate === null ? null : Math.round(w.changeFailureRate * 1000) / 10), format: (v) => `${v}%` },
  { title: 'PR cycle time per week (median, hours)', value: (w) => hours(w.cycleMinutes), format: (v) => `${v} h` },
];

const WIDTH = 480;
const HEIGHT = 150;
const PLOT = { x: 48, y: 24, width: 416, height: 96 };

/** One chart's geometry: x evenly spaced over the weeks, y from 0 to the largest value (1 when all are 0). */
export function trendChart(trend: readonly PeriodMetrics[], series: Series): TrendChart {
  const values = trend.map(series.value);
  const max = Math.max(1, ...values.filter((v): v is number => v !== null));
  const step = trend.length > 1 ? PLOT.width / (trend.length - 1) : 0;
  return {
    title: series.title,
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    max,
    maxLabel: series.format(max),
    points: trend.map((w, i) => {
      const v = values[i] ?? null;
      return {
        x: Math.round((PLOT.x + (trend.length > 1 ? i * step : PLOT.width / 2)) * 10) / 10,
        y: v === null ? null : Math.round((PLOT.y + PLOT.height - (v / max) * PLOT.height) * 10) / 10,
        label: w.from.slice(5, 10),
        value: v,
      };
    }),
  };
}

const xmlText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** The chart as a standalone SVG document. */
export function chartSvg(c: TrendChart): string {
  const { plot } = c;
  const bottom = plot.y + plot.height;
  const segments: string[] = [];
  let current: string[] = [];
  for (const p of c.points) {
    if (p.y === null) {
      if (current.length > 0) segments.push(current.join(' '));
      current = [];
    } else current.push(`${p.x},${p.y}`);
  }
  if (current.length > 0) segments.push(current.join(' '));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${c.height}" viewBox="0 0 ${c.width} ${c.height}" font-family="sans-serif" font-size="9">`,
    `<text x="${plot.x}" y="14" font-size="11" font-weight="bold">${xmlText(c.title)}</text>`,
    `<line x1="${plot.x}" y1="${plot.y}" x2="${plot.x}" y2="${bottom}" stroke="#888"/>`,
    `<line x1="${plot.x}" y1="${bottom}" x2="${plot.x + plot.width}" y2="${bottom}" stroke="#888"/>`,
    `<text x="${plot.x - 4}" y="${plot.y + 3}" text-anchor="end">${xmlText(c.maxLabel)}</text>`,
    `<text x="${plot.x - 4}" y="${bottom + 3}" text-anchor="end">0</text>`,
    ...segments.map((pts) => `<polyline points="${pts}" fill="none" stroke="#2563eb" stroke-width="2"/>`),
    ...c.points.filter((p) => p.y !== null).map((p) => `<circle cx="${p.x}" cy="${p.y}" r="2.5" fill="#2563eb"/>`),
    ...c.points.map((p) => `<text x="${p.x}" y="${bottom + 14}" text-anchor="middle">${p.label}</text>`),
    '</svg>',
  ].join('\n');
}
