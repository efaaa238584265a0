import { Link } from 'wouter';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { ErrorView } from '../components/error-view.tsx';
import { Empty, Loading } from '../components/loading.tsx';
import { formatMinutes } from '../metrics/delivery-format.ts';
import type { PullRequestDetail } from '../metrics/delivery-types.ts';
import '../metrics/metrics.css';

/** One ingested pull request: what eos knows of it, its stage times, its reviews. The review-SLA list links here. */
export default function PullRequestPage({ prId }: { prId: string }) {
  const { data, error } = useResource<PullRequestDetail>(`/metrics/pull-request${query({ id: prId })}`);
  return (
    <div className="page">
      <p className="crumbs">
        <Link href="/delivery">Metrics</Link> / pull request
      </p>
      <h1>{data?.pullRequest.title ? `${prId} ${data.pullRequest.title}` : prId}</h1>
      {error && <ErrorView error={error} />}
      {!data && !error && <Loading label="Loading the pull request" />}
      {data && <Detail detail={data} />}
    </div>
  );
}

function Detail({ detail }: { detail: PullRequestDetail }) {
  const pr = detail.pullRequest;
  const s = detail.stages;
  return (
    <>
      {detail.url && (
        <p>
          <a href={detail.url} target="_blank" rel="noopener noreferrer">
            Open on GitHub ↗
          </a>
        </p>
      )}
      <dl className="pr-facts">
        <dt>Project</dt>
        <dd>{pr.project ?? pr.repo}</dd>
        <dt>Author</dt>
        <dd>{pr.author ?? '—'}</dd>
        <dt>Created</dt>
        <dd>{pr.createdAt}</dd>
        <dt>Merged</dt>
        <dd>{pr.mergedAt ?? 'not merged'}</dd>
        <dt>Size</dt>
        <dd>{pr.additions !== null && pr.additions !== undefined ? `+${pr.additions} −${pr.deletions ?? 0}` : '—'}</dd>
      </dl>
      <section className="tile wide metrics-section" aria-label="Stage times">
        <h2>Stage times</h2>
        {!s ? (
          <Empty>Stage times come once the PR is merged.</Empty>
        ) : (
          <p>
            Coding {formatMinutes(s.codingMinutes)} · pickup {formatMinutes(s.pickupMinutes)} · review {formatMinutes(s.reviewMinutes)} · deploy {formatMinutes(s.deployMinutes)} ·
            cycle <strong>{formatMinutes(s.cycleMinutes)}</strong>
            <br />
            <span className="muted small">
              first review after {formatMinutes(s.firstReviewBusinessMinutes)} and approval after {formatMinutes(s.approvalBusinessMinutes)} of business time
              {s.deploymentPartId ? ` · deployed by ${s.deploymentPartId}` : ' · not deployed yet'}
            </span>
          </p>
        )}
      </section>
      <section className="tile wide metrics-section" aria-label="Reviews">
        <h2>
          Reviews <span className="count">{pr.reviews?.length ?? 0}</span>
        </h2>
        {(pr.reviews ?? []).length === 0 ? (
          <Empty>No reviews.</Empty>
        ) : (
          <ul className="lines">
            {(pr.reviews ?? []).map((r) => (
              <li key={r.id}>
                {r.author ?? 'someone'} <span className="status-pill">{r.state}</span> <span className="muted">{r.submittedAt}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
