import { type FormEvent, useState } from 'react';
import type { ApiError } from '../api/client.ts';
import { toApiError } from '../api/use-resource.ts';
import { ErrorView } from '../components/error-view.tsx';
import { useSession } from '../session.tsx';

export function LoginPage({ error: initialError }: { error?: ApiError | undefined }) {
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | undefined>(initialError);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username, password);
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand-mark" aria-hidden="true" />
        <h1 id="login-title">Sign in to eos</h1>
        <label>
          Username
          {/* biome-ignore lint/a11y/noAutofocus: the login page has one thing to do */}
          <input name="username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <ErrorView error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          First start? Sign in as <code>admin</code> with the one-time password <code>eos serve</code> printed. An admin adds people with <code>eos user add NAME --role ROLE</code>
          .
        </p>
      </form>
    </main>
  );
}
