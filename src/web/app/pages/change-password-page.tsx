import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { toApiError } from '../api/use-resource.ts';
import { ErrorView } from '../components/error-view.tsx';
import { useSession } from '../session.tsx';

const MIN_LENGTH = 10;

/** Shown before anything else to a user signed in with a one-time password (ADR 037): POST /me/password. */
export function ChangePasswordPage({ user }: { user: User }) {
  const { changePassword, logout } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (next !== repeat) {
      setError(new ApiError(400, { code: 'invalid_input', message: 'The two new passwords differ: type the same one twice' }));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await changePassword(current, next);
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="change-password-title">
        <div className="brand-mark" aria-hidden="true" />
        <h1 id="change-password-title">Choose a new password</h1>
        <p className="muted small">
          {user.name}, you signed in with a one-time password. Choose your own (at least {MIN_LENGTH} characters) to continue.
        </p>
        <input type="text" name="username" autoComplete="username" value={user.name} readOnly hidden />
        <label>
          Current password
          {/* biome-ignore lint/a11y/noAutofocus: the page has one thing to do */}
          <input name="current-password" type="password" autoComplete="current-password" autoFocus required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label>
          New password
          <input name="new-password" type="password" autoComplete="new-password" required minLength={MIN_LENGTH} value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        <label>
          Repeat the new password
          <input name="repeat-password" type="password" autoComplete="new-password" required minLength={MIN_LENGTH} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
        {error && <ErrorView error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Change password'}
        </button>
        <button type="button" className="ghost" onClick={() => logout().catch((caught: unknown) => setError(toApiError(caught)))}>
          Sign out
        </button>
      </form>
    </main>
  );
}
