import type { Decision } from '../../core/decisions/decision.ts';
import { type EvidenceItem, type EvidenceManifest, evidenceLinks, manifestHash, recordContentHash } from '../../core/decisions/evidence-manifest.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import type { StoredRecord } from '../../core/records/eos-record.ts';
import { outgoingLinks } from '../../store/link-rows.ts';
import { recordsByIds } from '../../store/record-rows.ts';
import type { Db } from '../../store/store.ts';
import { decideIn } from '../decide.ts';
import type { Session } from '../session.ts';
import type { WriteContext } from '../write-context.ts';
import { inverseLinksOf, inverseNames } from './inverse-links.ts';

/** The action of the decision entry that holds a frozen evidence manifest. */
export const EVIDENCE_ACTION = 'evidence.freeze';

/** Where each linked record sits in a manifest: by relation (in field order, then position), then inverse (by key). */
interface LinkedRef {
  readonly relation: string;
  readonly direction: 'link' | 'inverse';
  readonly id: string;
}

/** The records a record links and is linked by (its relations, then its inverse relations), as references. */
export async function linkedRefs(db: Db, session: Session, def: DatabaseDef, record: StoredRecord): Promise<LinkedRef[]> {
  const refs: LinkedRef[] = [];
  const outgoing = await outgoingLinks(db, session.workspaceId, [record.id]);
  for (const field of def.fields) {
    if (field.type !== 'relation') continue;
    for (const link of outgoing.filter((l) => l.field === field.name)) refs.push({ relation: field.name, direction: 'link', id: link.toId });
  }
  const names = inverseNames(session, def);
  const inverse = (await inverseLinksOf(db, session, def, [record.id], names)).get(record.id);
  for (const name of names) for (const id of inverse?.get(name) ?? []) refs.push({ relation: name, direction: 'inverse', id });
  return refs;
}

/**
 * The evidence manifest of a record as it stands: itself, every record it links or is linked by
 * (key, version, SHA-256 of its content), and every link or file path it cites.
 */
export async function buildManifest(db: Db, session: Session, def: DatabaseDef, record: StoredRecord): Promise<EvidenceManifest> {
  const refs = await linkedRefs(db, session, def, record);
  const byId = new Map(
    (
      await recordsByIds(
        db,
        session.workspaceId,
        refs.map((r) => r.id),
      )
    ).map((r) => [r.id, r]),
  );
  const items: EvidenceItem[] = [];
  for (const ref of refs) {
    const linked = byId.get(ref.id);
    if (linked) items.push({ ...ref, key: linked.key, database: linked.database, version: linked.version, sha256: recordContentHash(linked) });
  }
  const order = (i: EvidenceItem) => (i.direction === 'inverse' ? 1 : 0);
  items.sort((a, b) => order(a) - order(b) || (a.direction === 'inverse' && a.relation === b.relation ? a.key.localeCompare(b.key) : 0));
  return {
    record: { id: record.id, key: record.key, database: record.database, version: record.version, sha256: recordContentHash(record) },
    status: record.status,
    items,
    links: evidenceLinks(def.fields, record),
  };
}

/**
 * On a move into one of its database's evidence statuses (a decision, ADR 047), freezes what the
 * decision rested on: builds the manifest, hashes it into one SHA-256 and writes both in a
 * decision entry, in the move's transaction. Any other move freezes nothing.
 */
export async function freezeEvidence(w: WriteContext, input: { def: DatabaseDef; before: StoredRecord; after: StoredRecord }): Promise<Decision | undefined> {
  const { def, before, after } = input;
  if (!(def.evidence?.statuses ?? []).includes(after.status) || before.status === after.status) return undefined;
  const manifest = await buildManifest(w.db, w.session, def, after);
  const hash = manifestHash(manifest);
  return decideIn(w, {
    scope: def.id,
    action: EVIDENCE_ACTION,
    summary: `${after.key} moved ${before.status} → ${after.status}: evidence frozen (${manifest.items.length} records, ${manifest.links.length} links), sha256 ${hash}`,
    record: `${after.database}/${after.key}`,
    evidence: [...manifest.items.map((i) => `${i.key}@v${i.version}`), ...manifest.links.map((l) => l.value)],
    details: { from: before.status, to: after.status, sha256: hash, manifest },
  });
}
