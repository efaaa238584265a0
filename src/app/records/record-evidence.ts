import type { EvidenceItem, EvidenceLink, EvidenceManifest } from '../../core/decisions/evidence-manifest.ts';
import { evidenceLinks, manifestHash, recordContentHash } from '../../core/decisions/evidence-manifest.ts';
import { notFound } from '../../core/errors.ts';
import { listDecisions } from '../../store/decision-rows.ts';
import { recordsByIds } from '../../store/record-rows.ts';
import { databaseOf, type Session } from '../session.ts';
import { findRecord } from './find-record.ts';
import { EVIDENCE_ACTION, linkedRefs } from './freeze-evidence.ts';

/** A frozen record as it is now: null when it no longer exists. */
export interface ItemNow {
  readonly key: string;
  readonly version: number;
  readonly sha256: string;
}

export interface EvidenceReport {
  readonly record: string;
  readonly decision: { readonly id: string; readonly at: string; readonly actor: string; readonly from: string; readonly to: string };
  /** The SHA-256 written to the decision entry. */
  readonly sha256: string;
  /** Whether the stored manifest still hashes to it. */
  readonly intact: boolean;
  /** Whether anything differs from the manifest: the record, a linked record, a link, or a record linked since. */
  readonly changed: boolean;
  readonly self: EvidenceManifest['record'] & { readonly now: ItemNow; readonly changed: boolean };
  readonly items: readonly (EvidenceItem & { readonly now: ItemNow | null; readonly changed: boolean })[];
  readonly links: readonly (EvidenceLink & { readonly changed: boolean })[];
  /** Records linked (either way) since, which the decision did not see. */
  readonly added: readonly { readonly relation: string; readonly direction: 'link' | 'inverse'; readonly key: string; readonly database: string }[];
}

/**
 * The evidence frozen by a record's latest decision (ADR 047), item by item against what is
 * stored now: `eos evidence G6` and `GET /records/{key}/evidence`.
 *
 * @example (await recordEvidence(session, 'G6 Launch Readiness')).changed // false until something it rested on changes
 */
export async function recordEvidence(session: Session, ref: string): Promise<EvidenceReport> {
  const db = session.store.db;
  const record = await findRecord(db, session, ref);
  const def = databaseOf(session, record.database);
  const [decision] = await listDecisions(db, session.workspaceId, { recordId: record.id, action: EVIDENCE_ACTION, limit: 1 });
  if (!decision) {
    const statuses = def.evidence?.statuses ?? [];
    const when =
      statuses.length > 0
        ? `it freezes when ${record.key} moves into ${statuses.join(' or ')}`
        : `${def.name} declares no evidence statuses (evidence: { statuses: […] } in its pack)`;
    throw notFound(`${record.key} has no frozen evidence: ${when}`, { record: record.key });
  }
  const details = decision.details as { from: string; to: string; sha256: string; manifest: EvidenceManifest };
  const manifest = details.manifest;
  const refs = await linkedRefs(db, session, def, record);
  const now = new Map((await recordsByIds(db, session.workspaceId, [...manifest.items.map((i) => i.id), ...refs.map((r) => r.id)])).map((r) => [r.id, r]));
  const nowOf = (id: string): ItemNow | null => {
    const r = now.get(id);
    return r ? { key: r.key, version: r.version, sha256: recordContentHash(r) } : null;
  };
  const sameLink = (a: { relation: string; direction: string; id: string }, b: { relation: string; direction: string; id: string }) =>
    a.relation === b.relation && a.direction === b.direction && a.id === b.id;
  const items = manifest.items.map((item) => {
    const current = nowOf(item.id);
    const stillLinked = refs.some((r) => sameLink(r, item));
    return { ...item, now: current, changed: current === null || current.sha256 !== item.sha256 || !stillLinked };
  });
  const cited = evidenceLinks(def.fields, record);
  const links = manifest.links.map((l) => ({ ...l, changed: !cited.some((c) => c.field === l.field && c.value === l.value) }));
  const added = refs
    .filter((r) => !manifest.items.some((i) => sameLink(r, i)))
    .map((r) => ({ relation: r.relation, direction: r.direction, key: now.get(r.id)?.key ?? r.id, database: now.get(r.id)?.database ?? '' }));
  const selfNow = { key: record.key, version: record.version, sha256: recordContentHash(record) };
  const self = { ...manifest.record, now: selfNow, changed: selfNow.sha256 !== manifest.record.sha256 };
  const newLinks = cited.filter((c) => !manifest.links.some((l) => l.field === c.field && l.value === c.value));
  const intact = manifestHash(manifest) === details.sha256;
  return {
    record: record.key,
    decision: { id: decision.id, at: decision.at, actor: decision.actor, from: details.from, to: details.to },
    sha256: details.sha256,
    intact,
    changed: !intact || self.changed || items.some((i) => i.changed) || links.some((l) => l.changed) || added.length > 0 || newLinks.length > 0,
    self,
    items,
    links: [...links, ...newLinks.map((l) => ({ ...l, changed: true }))],
    added,
  };
}
