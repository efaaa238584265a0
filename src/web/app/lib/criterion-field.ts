import type { DatabaseDef, Unmet } from '../api/types.ts';

const REFERENCE =
  /record\s*\[\s*'((?:[^'\\]|\\.)*)'\s*\]|record\s*\[\s*"((?:[^"\\]|\\.)*)"\s*\]|record\.([A-Za-z_][A-Za-z0-9_]*)|(?:related|pending)\(\s*'((?:[^'\\]|\\.)*)'\s*\)/g;

/**
 * The field an unmet criterion is about, so its message can link to that field's editor: the API's `field`
 * when it names one, else the field the criterion's CEL reads most often, the later one on a tie, since a
 * guard comes first (`record.Type in ['Waiver'] || record['Baseline Updated'] == true` → Baseline Updated).
 *
 * @example criterionField(def, { gate: 'review', criterion: 'approval-date', message: '…' }) // 'Approval Date(s)'
 */
export function criterionField(def: DatabaseDef, unmet: Unmet): string | undefined {
  if (unmet.field) return unmet.field;
  const check = def.gates?.find((g) => g.id === unmet.gate)?.criteria.find((c) => c.id === unmet.criterion)?.check;
  if (!check) return undefined;
  const counts = new Map<string, number>();
  for (const match of check.matchAll(REFERENCE)) {
    const name = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').replace(/\\(.)/g, '$1');
    if (!def.fields.some((f) => f.name === name)) continue;
    const count = (counts.get(name) ?? 0) + 1;
    counts.delete(name);
    counts.set(name, count);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [name, count] of [...counts.entries()].reverse()) {
    if (count > bestCount) [best, bestCount] = [name, count];
  }
  return best;
}
