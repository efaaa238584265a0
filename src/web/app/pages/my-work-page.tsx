import { Link } from 'wouter';
import type { MyWork, WorkItem } from '../api/people.ts';
import { useResource } from '../api/use-resource.ts';
import { EmailSettings } from '../components/email-settings.tsx';
import { ErrorView } from '../components/error-view.tsx';
import { Loading } from '../components/loading.tsx';
import { recordPath, relativeTime } from '../lib/format.ts';

function WorkList({ id, title, empty, items }: { id: string; title: string; empty: string; items: WorkItem[] }) {
  return (
    <section aria-labelledby={id} className="work-list">
      <h2 id={id}>
        {title} <span className="count">{items.length}</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Record</th>
              <th>Title</th>
              <th>Status</th>
              <th>Why</th>
              <th>Changed</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.key}-${item.field}`}>
                <td>
                  <Link href={recordPath(item.key)}>{item.key}</Link>
                </td>
                <td>{item.title}</td>
                <td>{item.status}</td>
                <td>{item.field}</td>
                <td>{relativeTime(item.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** My work: what I own, what waits for my review or signature, and what is blocked on me (GET /me/work). */
export default function MyWorkPage() {
  const work = useResource<MyWork>('/me/work');
  return (
    <div className="page">
      <h1>My work</h1>
      {work.error && <ErrorView error={work.error} />}
      {!work.data && !work.error && <Loading label="Loading your work" />}
      {work.data && (
        <>
          <WorkList id="work-review" title="Waiting for my review or signature" empty="Nothing waits for you." items={work.data.review} />
          <WorkList id="work-blocked" title="Blocked on me" empty="Nothing is blocked on you." items={work.data.blocked} />
          <WorkList id="work-owned" title="Mine" empty="No open record names you as its owner or assignee." items={work.data.owned} />
        </>
      )}
      <EmailSettings />
    </div>
  );
}
