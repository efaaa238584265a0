import type { DatabaseDef } from '../pack/pack-schema.ts';
import type { RitualSnapshot } from '../rituals/ritual-snapshot.ts';
import { chartSvg, TREND_SERIES, type TrendChart, trendChart } from '../rituals/trend-chart.ts';
import type { EosRecord } from './eos-record.ts';

/**
 * A record laid out for export: its headline, its short fields as a table, its long ones as
 * sections, and, for a ritual record, the charts of its frozen snapshot's trend. Markdown and
 * PDF both render this one layout, so they say the same thing.
 */
export interface RecordDocument {
  readonly heading: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly fields: readonly (readonly [string, string])[];
  readonly sections: readonly { readonly title: string; readonly text: string }[];
  readonly charts: readonly TrendChart[];
  readonly snapshot?: { readonly sha256: string; readonly decidedAt: string };
}

/** A field value as text: lists joined, checkboxes yes/no, empty as nothing. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Lays a record out for export; `snapshot` is a ritual record's frozen snapshot and its decision. */
export function recordDocument(
  record: EosRecord,
  def: DatabaseDef,
  snapshot?: { readonly snapshot: RitualSnapshot; readonly sha256: string; readonly decidedAt: string },
): RecordDocument {
  const fields: [string, string][] = [];
  const sections: { title: string; text: string }[] = [];
  for (const f of def.fields) {
    if (f.type === 'title') continue;
    const text = valueText(record.fields[f.name]).trim();
    if (text === '') continue;
    if (text.includes('\n')) sections.push({ title: f.name, text });
    else fields.push([f.name, text]);
  }
  return {
    heading: `${record.key}: ${record.title}`,
    facts: [
      ['Database', `${def.name} (${def.id})`],
      ['Status', record.status],
      ['Version', String(record.version)],
      ['Created', `${record.createdAt} by ${record.createdBy}`],
      ['Updated', `${record.updatedAt} by ${record.updatedBy}`],
    ],
    fields,
    sections,
    charts: snapshot && snapshot.snapshot.trend.length > 0 ? TREND_SERIES.map((s) => trendChart(snapshot.snapshot.trend, s)) : [],
    ...(snapshot ? { snapshot: { sha256: snapshot.sha256, decidedAt: snapshot.decidedAt } } : {}),
  };
}

const cell = (text: string) => text.replaceAll('|', '\\|');

/**
 * The document as Markdown; each chart an SVG image (a data: URI, so the file stands alone).
 *
 * @example recordMarkdown(recordDocument(record, def)) // '# CHG-0001: Swap C12\n\n| | |\n…'
 */
export function recordMarkdown(doc: RecordDocument): string {
  const table = (rows: readonly (readonly [string, string])[]) => ['| Field | Value |', '|---|---|', ...rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`)].join('\n');
  const parts = [`# ${doc.heading}`, table(doc.facts)];
  if (doc.fields.length > 0) parts.push('## Fields', table(doc.fields));
  for (const s of doc.sections) parts.push(`## ${s.title}`, s.text);
  if (doc.charts.length > 0) {
    parts.push('## Trend');
    for (const c of doc.charts) parts.push(`![${c.title}](data:image/svg+xml;base64,${btoa(chartSvg(c))})`);
  }
  if (doc.snapshot) parts.push(`Snapshot SHA-256 ${doc.snapshot.sha256}, frozen ${doc.snapshot.decidedAt} (eos ritual check).`);
  return `${parts.join('\n\n')}\n`;
}
