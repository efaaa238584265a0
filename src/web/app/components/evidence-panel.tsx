import { Link } from 'wouter';
import type { EvidenceReport } from '../api/types.ts';
import { useResource } from '../api/use-resource.ts';
import { recordPath } from '../lib/format.ts';
import { ErrorView } from './error-view.tsx';
import { Loading } from './loading.tsx';

/**
 * What the record's decision froze (ADR 047), for a record in a decided status: the manifest's
 * SHA-256 and whether anything it rested on changed since, naming what did.
 */
export function EvidencePanel({ recordKey }: { recordKey: string }) {
  const evidence = useResource<EvidenceReport>(`/records/${encodeURIComponent(recordKey)}/evidence`);
  const r = evidence.data;
  const changed = r
    ? [
        ...(r.self.changed ? [{ key: r.self.key, what: `edited since (v${r.self.version} → v${r.self.now.version})` }] : []),
        ...r.items.filter((i) => i.changed).map((i) => ({ key: i.key, what: i.now ? `v${i.version} → v${i.now.version}` : 'gone' })),
        ...r.added.map((a) => ({ key: a.key, what: `linked since (${a.relation})` })),
      ]
    : [];
  const links = r?.links.filter((l) => l.changed) ?? [];
  return (
    <section className="side-section" aria-labelledby="evidence-title">
      <h2 id="evidence-title">Evidence frozen</h2>
      {evidence.error && <ErrorView error={evidence.error} />}
      {!r && !evidence.error && <Loading lines={1} />}
      {r && (
        <>
          <p className="small">
            {r.decision.from} → {r.decision.to} by {r.decision.actor}, {r.items.length} linked {r.items.length === 1 ? 'record' : 'records'} and {r.links.length}{' '}
            {r.links.length === 1 ? 'link' : 'links'}; <code title={r.sha256}>sha256 {r.sha256.slice(0, 12)}…</code>
          </p>
          {!r.intact && <p className="small warn">The stored manifest no longer hashes to its SHA-256.</p>}
          {r.changed ? (
            <ul className="small" aria-label="Changed since the decision">
              {changed.map((c) => (
                <li key={c.key}>
                  <Link href={recordPath(c.key)}>{c.key}</Link> {c.what}
                </li>
              ))}
              {links.map((l) => (
                <li key={`${l.field} ${l.value}`}>
                  {l.field}: {l.value} changed
                </li>
              ))}
            </ul>
          ) : (
            <p className="small">Nothing changed since the decision.</p>
          )}
        </>
      )}
    </section>
  );
}
