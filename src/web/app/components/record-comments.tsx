import { useState } from 'react';
import { addComment, type CommentsResponse, deleteComment, editComment, watch } from '../api/people.ts';
import { toApiError, useResource } from '../api/use-resource.ts';
import { relativeTime } from '../lib/format.ts';
import { Markdown } from '../lib/markdown.tsx';
import { useSession } from '../session.tsx';
import { ErrorView } from './error-view.tsx';
import { Loading } from './loading.tsx';
import { PersonName, usePeople } from './person-input.tsx';

/**
 * A record's comments, oldest first: Markdown with @mentions, edit (with history) and delete by
 * the author (an admin may delete any), a box to add one, and Watch / Unwatch.
 */
export function RecordComments({ recordKey }: { recordKey: string }) {
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user : null;
  const canWrite = me !== null && me.role !== 'viewer';
  const isAdmin = me !== null && (me.role === 'admin' || (me.roles ?? []).includes('admin'));
  const people = usePeople();
  const comments = useResource<CommentsResponse>(`/records/${encodeURIComponent(recordKey)}/comments`);
  const [body, setBody] = useState('');
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const watching = me !== null && (comments.data?.watchers ?? []).some((w) => w.name === me.name);
  return (
    <section aria-labelledby="comments-title" className="comments">
      <div className="comments-head">
        <h2 id="comments-title">Comments</h2>
        {me && comments.data && (
          <button type="button" className="button small" disabled={busy} aria-pressed={watching} onClick={() => run(() => watch(recordKey, !watching))}>
            {watching ? 'Unwatch' : 'Watch'}
          </button>
        )}
      </div>
      {comments.data && comments.data.watchers.length > 0 && (
        <p className="small muted">
          Watching:{' '}
          {comments.data.watchers.map((w, i) => (
            <span key={w.name}>
              {i > 0 && ', '}
              <PersonName name={w.name} people={people} />
            </span>
          ))}
        </p>
      )}
      {comments.error && <ErrorView error={comments.error} />}
      {!comments.data && !comments.error && <Loading label="Loading comments" lines={2} />}
      {comments.data && comments.data.comments.length === 0 && <p className="muted small">No comments yet.</p>}
      <ol className="comment-list">
        {comments.data?.comments.map((c) => (
          <li key={c.id} className="comment" aria-label={`Comment by ${c.author}`}>
            <div className="comment-meta small">
              <strong>
                <PersonName name={c.author} people={people} />
              </strong>{' '}
              <time dateTime={c.createdAt} title={c.createdAt}>
                {relativeTime(c.createdAt)}
              </time>
              {c.edited && (
                <span className="muted" title={c.history.map((h) => `${h.at}: ${h.body}`).join('\n')}>
                  {' '}
                  (edited)
                </span>
              )}
              {me?.name === c.author && editing?.id !== c.id && (
                <button type="button" className="link-button" onClick={() => setEditing({ id: c.id, body: c.body })}>
                  Edit
                </button>
              )}
              {(me?.name === c.author || isAdmin) && (
                <button type="button" className="link-button" disabled={busy} onClick={() => run(() => deleteComment(recordKey, c.id))}>
                  Delete
                </button>
              )}
            </div>
            {editing?.id === c.id ? (
              <form
                className="comment-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void run(async () => {
                    await editComment(recordKey, c.id, editing.body);
                    setEditing(null);
                  });
                }}
              >
                <textarea aria-label="Edit comment" rows={3} value={editing.body} onChange={(e) => setEditing({ id: c.id, body: e.target.value })} />
                <button type="submit" className="button small" disabled={busy}>
                  Save comment
                </button>
                <button type="button" className="link-button" onClick={() => setEditing(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <Markdown text={c.body} />
            )}
          </li>
        ))}
      </ol>
      {error !== null && <ErrorView error={toApiError(error)} />}
      {notice && <p className="small warning">{notice}</p>}
      {canWrite ? (
        <form
          className="comment-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const result = await addComment(recordKey, body);
              setBody('');
              setNotice(result.warnings.length ? result.warnings.join(' ') : null);
            });
          }}
        >
          <label htmlFor="new-comment" className="small muted">
            Markdown; @name mentions a person, @role a team
          </label>
          <textarea id="new-comment" rows={3} value={body} onChange={(e) => setBody(e.target.value)} placeholder="Write a comment…" />
          <button type="submit" className="button primary small" disabled={busy || body.trim() === ''}>
            Comment
          </button>
        </form>
      ) : (
        me && <p className="small muted">A viewer can read comments and watch, not write them.</p>
      )}
    </section>
  );
}
