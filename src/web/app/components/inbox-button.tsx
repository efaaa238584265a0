import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { type Inbox, markAllRead } from '../api/people.ts';
import { invalidate, useResource } from '../api/use-resource.ts';
import { recordPath, relativeTime } from '../lib/format.ts';

const REFRESH_MS = 60_000;

/** The bell in the top bar: the unread count, and the inbox with Mark all read. */
export function InboxButton() {
  const inbox = useResource<Inbox>('/me/notifications');
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const timer = window.setInterval(() => invalidate('/me/notifications'), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => panel.current && !panel.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onClick);
    };
  }, [open]);
  const unread = inbox.data?.unread ?? 0;
  return (
    <div className="inbox" ref={panel}>
      <button type="button" className="inbox-button" aria-expanded={open} aria-label={`Notifications, ${unread} unread`} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">🔔</span>
        {unread > 0 && (
          <span className="badge" data-testid="unread-count">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div className="inbox-panel" role="dialog" aria-label="Notifications">
          <div className="inbox-head">
            <strong>Notifications</strong>
            <button type="button" className="link-button" disabled={unread === 0} onClick={() => void markAllRead()}>
              Mark all read
            </button>
          </div>
          {inbox.data && inbox.data.items.length === 0 && <p className="muted small">Nothing yet: mentions, assignments and refusals of your records show here.</p>}
          <ul className="inbox-list">
            {inbox.data?.items.map((n) => (
              <li key={n.id} className={n.read ? 'read' : 'unread'}>
                {n.record ? (
                  <Link href={recordPath(n.record)} onClick={() => setOpen(false)}>
                    {n.text}
                  </Link>
                ) : (
                  <span>{n.text}</span>
                )}
                <span className="small muted"> · {relativeTime(n.at)}</span>
              </li>
            ))}
          </ul>
          <Link href="/my-work" className="small" onClick={() => setOpen(false)}>
            My work →
          </Link>
        </div>
      )}
    </div>
  );
}
