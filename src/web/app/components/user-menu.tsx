import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { toApiError } from '../api/use-resource.ts';
import { useSession } from '../session.tsx';
import { ErrorView } from './error-view.tsx';

export function UserMenu({ user }: { user: User }) {
  const { logout } = useSession();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ApiError>();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={ref}>
      <button type="button" className="ghost" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {user.name} ▾
      </button>
      {open && (
        <div className="menu" role="menu">
          <div className="menu-note">
            Signed in as <strong>{user.name}</strong> · {user.role}
          </div>
          {/* biome-ignore lint/a11y/noAutofocus: an opened menu takes the focus, as menus do */}
          <button type="button" role="menuitem" autoFocus onClick={() => logout().catch((caught: unknown) => setError(toApiError(caught)))}>
            Log out
          </button>
          {error && <ErrorView error={error} />}
        </div>
      )}
    </div>
  );
}
