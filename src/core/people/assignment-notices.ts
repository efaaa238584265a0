import type { DatabaseDef } from '../pack/pack-schema.ts';
import type { EosRecord } from '../records/eos-record.ts';
import type { PersonNotice } from './person-notice.ts';

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/**
 * Who a write newly names in a person or people field (`Assignee: ana`): each hears they were
 * assigned, once per field. Someone already named there is not told again.
 *
 * @example assignmentNotices(def, before, after, 'bo')[0] // { kind: 'assignment', to: ['ana'], recordKey: 'CHG-0001', text: 'bo made you Assignee of CHG-0001 "Fix it"' }
 */
export function assignmentNotices(def: DatabaseDef, before: EosRecord | null, after: EosRecord, actor: string): PersonNotice[] {
  return def.fields.flatMap((f) => {
    if (f.type !== 'person' && f.type !== 'people') return [];
    const was = new Set(names(before?.fields[f.name]).map((n) => n.toLowerCase()));
    const added = names(after.fields[f.name]).filter((n) => !was.has(n.toLowerCase()));
    if (added.length === 0) return [];
    return [{ kind: 'assignment' as const, to: added, recordKey: after.key, text: `${actor} made you ${f.name} of ${after.key} "${after.title}"`, details: { field: f.name } }];
  });
}
