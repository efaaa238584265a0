import type { DatabaseDef, FieldValue } from '../api/types.ts';

/** What a waiver is asked for: a record's move to a status, held up by these criteria (`gate/criterion`). */
export type WaiverAsk = { record: string; to: string; criteria: readonly string[] };

/** The new-record page of the waivers database, told what to waive. */
export function waiverRequestPath(waiversDb: string, ask: WaiverAsk): string {
  const query = new URLSearchParams({ waive: ask.record, to: ask.to, criteria: ask.criteria.join(';') });
  return `/databases/${encodeURIComponent(waiversDb)}/new?${query.toString()}`;
}

/** The ask a new-record page was opened with, if any (see waiverRequestPath). */
export function waiverAskOf(search: string): WaiverAsk | undefined {
  const query = new URLSearchParams(search);
  const record = query.get('waive');
  if (!record) return undefined;
  const criteria = (query.get('criteria') ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  return { record, to: query.get('to') ?? '', criteria };
}

/**
 * The fields a waiver request starts with: the pack's `waiver.request` preset (say, Type = Waiver),
 * the waived record and criteria, and a title that says what it is for, unless the title is the
 * record's key (`key: { field }`), which is the requester's to choose. Undefined when the
 * database takes no waivers.
 *
 * @example waiverRequestFields(changeControl, { record: 'WORK-0001', to: 'In Progress', criteria: ['start/owner'] })
 * // { Type: 'Waiver', 'Waived Record': 'WORK-0001', 'Waived Criteria': 'start/owner', Title: 'Waive start/owner for WORK-0001 → In Progress' }
 */
export function waiverRequestFields(def: DatabaseDef, ask: WaiverAsk): Record<string, FieldValue> | undefined {
  const mapping = def.waiver;
  if (!mapping) return undefined;
  const titleField = def.fields.find((f) => f.type === 'title')?.name;
  const title = titleField && def.key?.field !== titleField ? titleField : undefined;
  const what = ask.criteria.length === 1 ? ask.criteria[0] : `${ask.criteria.length} criteria`;
  return {
    ...(mapping.request ?? {}),
    [mapping.record]: ask.record,
    [mapping.criteria]: ask.criteria.join('; '),
    ...(title ? { [title]: `Waive ${what} for ${ask.record}${ask.to ? ` → ${ask.to}` : ''}` } : {}),
  };
}
