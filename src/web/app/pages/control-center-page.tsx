import { lazy, type ReactNode, Suspense } from 'react';
import { Link } from 'wouter';
import type { ControlCenter } from '../api/types.ts';
import { useResource } from '../api/use-resource.ts';
import { ErrorView } from '../components/error-view.tsx';
import { Empty, Loading } from '../components/loading.tsx';
import { formatMoney, recordPath, relativeTime } from '../lib/format.ts';
import { AlertsTile } from './alerts-tile.tsx';

function Tile({ title, count, children, wide }: { title: string; count?: number; children: ReactNode; wide?: boolean }) {
  return (
    <section className={wide ? 'tile wide' : 'tile'} aria-label={title}>
      <h2>
        {title}
        {count !== undefined && <span className="count">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

function RecordLine({ recordKey, title, meta, children }: { recordKey: string; title?: string; meta?: ReactNode; children?: ReactNode }) {
  return (
    <li>
      <Link href={recordPath(recordKey)} className="record-line">
        <span className="key">{recordKey}</span>
        <span className="line-title">{title && title !== recordKey ? title : ''}</span>
        {meta && <span className="line-meta">{meta}</span>}
        {children}
      </Link>
    </li>
  );
}

const SHOWN = 8;

// Its own chunk: the delivery tile and its charts don't weigh on the landing page's first paint.
const DeliveryTile = lazy(() => import('../metrics/delivery-tile.tsx'));
const TargetsList = lazy(() => import('../metrics/targets-list.tsx'));

/** The first lines of a long list, and how many more there are. */
function Capped<T>({ items, render }: { items: readonly T[]; render: (item: T) => ReactNode }) {
  return (
    <>
      <ul className="lines">{items.slice(0, SHOWN).map(render)}</ul>
      {items.length > SHOWN && <p className="muted small more">and {items.length - SHOWN} more</p>}
    </>
  );
}

export function ControlCenterPage() {
  const { data, error } = useResource<ControlCenter>('/control-center');
  return (
    <div className="page">
      <header className="page-header">
        <h1>Control center</h1>
        <Link href="/delivery" className="muted">
          Delivery metrics →
        </Link>
      </header>
      {error && <ErrorView error={error} />}
      {!data && !error && <Loading label="Loading the control center" lines={6} />}
      {data && <Tiles data={data} />}
    </div>
  );
}

function Tiles({ data }: { data: ControlCenter }) {
  const openTotal = data.openChangesByStatus.reduce((sum, group) => sum + group.count, 0);
  const incidentTotal = data.incidentsBySeverity.reduce((sum, group) => sum + group.count, 0);
  return (
    <div className="tiles">
      <Tile title="Blocked moves" count={data.blockedMoves.length}>
        {data.blockedMoves.length === 0 ? (
          <Empty>No blocked moves.</Empty>
        ) : (
          <Capped
            items={data.blockedMoves}
            render={(move) => (
              <RecordLine key={`${move.key}→${move.to}`} recordKey={move.key} title={move.title} meta={<span className="arrow">→ {move.to}</span>}>
                <span className="sub">
                  {move.unmet.length} unmet: {move.unmet.map((u) => u.message).join(' · ')}
                </span>
              </RecordLine>
            )}
          />
        )}
      </Tile>
      <AlertsTile />
      <Tile title="Stale / past SLA" count={data.stale.length}>
        {data.stale.length === 0 ? (
          <Empty>Nothing is stale or past its SLA.</Empty>
        ) : (
          <Capped
            items={data.stale}
            render={(item) => (
              <RecordLine
                key={`${item.key}:${item.reason}`}
                recordKey={item.key}
                title={item.title}
                meta={
                  <span title={`${item.status}: ${item.reason} since ${item.since}`}>
                    {item.reason} · {relativeTime(item.since)}
                  </span>
                }
              />
            )}
          />
        )}
      </Tile>
      <Tile title="Incidents" count={incidentTotal}>
        {incidentTotal === 0 ? (
          <Empty>No open incidents.</Empty>
        ) : (
          <>
            <p className="severity-row">
              {data.incidentsBySeverity.map((group) => (
                <span key={group.severity}>
                  {group.severity} <strong>{group.count}</strong>
                </span>
              ))}
            </p>
            <Capped
              items={data.incidentsBySeverity.flatMap((group) => group.records.map((record) => ({ ...record, severity: group.severity })))}
              render={(record) => <RecordLine key={record.key} recordKey={record.key} title={record.title} meta={<span className="status-pill">{record.severity}</span>} />}
            />
          </>
        )}
      </Tile>
      <Tile title="Open changes" count={openTotal}>
        {openTotal === 0 ? (
          <Empty>No open changes.</Empty>
        ) : (
          <ul className="lines">
            {data.openChangesByStatus.map((group) => (
              <li key={group.status} className="group-line">
                <div className="group-head">
                  {group.status} <strong>{group.count}</strong>
                </div>
                <Capped items={group.records} render={(record) => <RecordLine key={record.key} recordKey={record.key} title={record.title} />} />
              </li>
            ))}
          </ul>
        )}
      </Tile>
      <Tile title="Targets">
        <Suspense fallback={<Loading label="Loading targets" lines={2} />}>
          <TargetsList compact />
        </Suspense>
      </Tile>
      <Tile title="Delivery (last 30 days)">
        <Suspense fallback={<Loading label="Loading delivery metrics" lines={2} />}>
          <DeliveryTile />
        </Suspense>
      </Tile>
      <Tile title="Budget">
        {!data.budget ? (
          <Empty>No budget lines with planned and actual amounts.</Empty>
        ) : (
          <>
            <p className={data.budget.variance > 0 ? 'big over' : 'big'}>
              Variance {formatMoney(data.budget.variance, data.budget.currency)}
              {data.budget.planned !== 0 && <span className="muted"> ({Math.round((data.budget.variance / data.budget.planned) * 100)}%)</span>}
            </p>
            <p className="muted small">
              Planned {formatMoney(data.budget.planned, data.budget.currency)} · actual {formatMoney(data.budget.actual, data.budget.currency)}
            </p>
            <Capped
              items={data.budget.records}
              render={(record) => (
                <RecordLine
                  key={record.key}
                  recordKey={record.key}
                  title={record.title}
                  meta={record.variance !== undefined ? formatMoney(record.variance, data.budget?.currency ?? 'USD') : undefined}
                />
              )}
            />
          </>
        )}
      </Tile>
      <Tile title="Latest decisions" wide>
        {data.latestDecisions.length === 0 ? (
          <Empty>No decisions recorded yet.</Empty>
        ) : (
          <ul className="lines">
            {data.latestDecisions.map((decision) => (
              <li key={decision.id} className="decision-line">
                <code>
                  {decision.scope}.{decision.action}
                </code>
                {decision.recordKey ? (
                  <Link href={recordPath(decision.recordKey)} className="key">
                    {decision.recordKey}
                  </Link>
                ) : null}
                <Link href="/decisions" className="line-title">
                  “{decision.summary}”
                </Link>
                <span className="muted">
                  {decision.actor} · {relativeTime(decision.at)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Tile>
      <Tile title="Audit trail">
        {data.auditCheck === null ? (
          <Empty>Not verified yet: run eos audit verify.</Empty>
        ) : data.auditCheck.ok ? (
          <p className="audit-check ok">
            Intact: {data.auditCheck.entries} entries signed and witnessed <span className="muted">· verified {relativeTime(data.auditCheck.at)}</span>
          </p>
        ) : (
          <p className="audit-check bad" role="alert">
            Broken ({data.auditCheck.check}): {data.auditCheck.reason} <span className="muted">· {relativeTime(data.auditCheck.at)}</span>
          </p>
        )}
      </Tile>
    </div>
  );
}
