import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { invalidate, toApiError, useResource } from '../api/use-resource.ts';
import { AdminTable } from '../components/admin-table.tsx';
import { ErrorView } from '../components/error-view.tsx';

interface TokenRow {
  readonly id: string;
  readonly user: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  readonly expiresAt: string | null;
}

/** Admin: API tokens (never the secret), creating one (the secret shown once) and revoking (GET/POST/DELETE /tokens). */
export default function TokensPage() {
  const tokens = useResource<{ tokens: TokenRow[] }>('/tokens');
  const [user, setUser] = useState('');
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const body = { ...(user.trim() ? { user: user.trim() } : {}), ...(name.trim() ? { name: name.trim() } : {}), ...(expires.trim() ? { expiresAt: expires.trim() } : {}) };
      const created = await api.post<TokenRow & { token: string }>('/tokens', body);
      setShown({ name: created.name, token: created.token });
      setName('');
      setExpires('');
      invalidate('/tokens');
    } catch (e) {
      setError(toApiError(e));
    }
  };
  const revoke = async (id: string) => {
    setError(null);
    try {
      await api.del(`/tokens/${encodeURIComponent(id)}`);
      invalidate('/tokens');
    } catch (e) {
      setError(toApiError(e));
    }
  };
  return (
    <div className="page tokens-page">
      <header className="page-header">
        <h1>API tokens</h1>
      </header>
      <section aria-label="Create a token">
        <h2>Create a token</h2>
        <form onSubmit={create} className="inline-form">
          <label>
            User <input value={user} onChange={(e) => setUser(e.target.value)} placeholder="you" />
          </label>
          <label>
            Token name <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Expires <input value={expires} onChange={(e) => setExpires(e.target.value)} placeholder="30d, 2027-01-31; empty: never" />
          </label>
          <button type="submit">Create token</button>
        </form>
        {error && <ErrorView error={toApiError(error)} />}
        {shown && (
          <p role="status">
            Token {shown.name}: <code>{shown.token}</code> (shown once: copy it now)
          </p>
        )}
      </section>
      <AdminTable
        title="Tokens"
        resource={tokens}
        lines={4}
        columns={['Name', 'User', 'Expires', 'State']}
        rows={(data) =>
          data.tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.user}</td>
              <td>{t.expiresAt ? t.expiresAt.slice(0, 10) : 'never'}</td>
              <td>{t.revokedAt ? 'revoked' : 'active'}</td>
              <td>
                {!t.revokedAt && (
                  <button type="button" onClick={() => void revoke(t.id)} aria-label={`Revoke ${t.name} of ${t.user}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))
        }
      />
    </div>
  );
}
