import { isSignoffValue, signedContentHash, signingRole } from '../fields/signoff.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import type { EosRecord } from '../records/eos-record.ts';
import { namesIn } from './my-work.ts';
import type { PersonNotice } from './person-notice.ts';

const NOT_OWNER = /review|approv|blocked\s*by/i;

/**
 * Who hears of a refused move (ADR 072): the record's people (its author and those its owner-like
 * person fields name) that the move was refused, and everyone holding the role of a sign-off the
 * record lacks (unsigned, stale or NO-GO) that their signature is asked for. Each once per
 * record version and target status.
 *
 * @example refusalNotices(def, record, { to: 'Approved', unmet: 1, actor: 'ed', holders }).map((n) => n.kind) // ['move_refused', 'signature_requested']
 */
export function refusalNotices(
  def: DatabaseDef,
  record: EosRecord,
  refused: { readonly to: string; readonly unmet: readonly string[]; readonly actor: string; readonly holders: (role: string) => readonly string[] },
): PersonNotice[] {
  const owners = new Set<string>([record.createdBy]);
  for (const f of def.fields) if ((f.type === 'person' || f.type === 'people') && !NOT_OWNER.test(f.name)) for (const n of namesIn(record.fields[f.name])) owners.add(n);
  const why = refused.unmet.length === 1 ? refused.unmet[0] : `${refused.unmet.length} criteria unmet`;
  const notices: PersonNotice[] = [
    {
      kind: 'move_refused',
      to: [...owners],
      recordKey: record.key,
      text: `${refused.actor} could not move ${record.key} to ${refused.to}: ${why}`,
      details: { to: refused.to, unmet: refused.unmet },
      dedupe: `refused:${record.key}:${record.version}:${refused.to}`,
    },
  ];
  const hash = signedContentHash(def, record.fields);
  for (const f of def.fields) {
    if (f.type !== 'signoff') continue;
    const value = record.fields[f.name];
    if (isSignoffValue(value) && value.verdict === 'go' && value.contentHash === hash) continue;
    const role = signingRole(f, record.fields);
    if (!role) continue;
    notices.push({
      kind: 'signature_requested',
      to: refused.holders(role),
      recordKey: record.key,
      text: `${record.key} "${record.title}" waits for your ${f.name} (${role}) to move to ${refused.to}`,
      details: { field: f.name, role, to: refused.to },
      dedupe: `sign:${record.key}:${record.version}:${f.name}`,
    });
  }
  return notices;
}
