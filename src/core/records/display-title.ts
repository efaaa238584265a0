import type { DatabaseDef } from '../pack/pack-schema.ts';

/**
 * What to call a record: its title, or where the title is just the key (ECR-0001, whose title
 * field is its ID), the first text field's value ("Display glitches in sun").
 */
export function displayTitle(record: { readonly key: string; readonly title: string; readonly fields: Readonly<Record<string, unknown>> }, def: DatabaseDef | undefined): string {
  if (record.title !== record.key || !def) return record.title;
  const text = def.fields.find((f) => f.type === 'text' && typeof record.fields[f.name] === 'string' && record.fields[f.name] !== '');
  return text ? String(record.fields[text.name]) : record.title;
}
