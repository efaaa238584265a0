import { type ReactNode, useEffect, useState } from 'react';
import type { User } from '../api/types.ts';
import { InboxButton } from './inbox-button.tsx';
import { SearchDialog } from './search-dialog.tsx';
import { Sidebar } from './sidebar.tsx';
import { UserMenu } from './user-menu.tsx';

/** The frame of every signed-in page: the sidebar, the top bar with ⌘K search and the user menu. */
export function AppShell({ user, children }: { user: User; children: ReactNode }) {
  const [searching, setSearching] = useState(false);
  const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setSearching(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar />
      <div className="shell-main">
        <header className="topbar">
          <button type="button" className="search-trigger" onClick={() => setSearching(true)} aria-keyshortcuts="Control+K Meta+K">
            <span className="kbd">{isMac ? '⌘K' : 'Ctrl K'}</span>
            <span>Search records, databases, decisions…</span>
          </button>
          <InboxButton />
          <UserMenu user={user} />
        </header>
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
      {searching && <SearchDialog onClose={() => setSearching(false)} />}
    </div>
  );
}
