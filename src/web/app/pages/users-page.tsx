import { type FormEvent, useState } from 'react';
import { api, request } from '../api/client.ts';
import { invalidate, toApiError, useResource } from '../api/use-resource.ts';
import { AdminTable } from '../components/admin-table.tsx';
import { ErrorView } from '../components/error-view.tsx';

interface UserRow {
  readonly name: string;
  readonly role: string;
  readonly roles: string[];
  readonly hasPassword: boolean;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** A one-time password from the browser's CSPRNG: shown once, changed by its owner at the first login (ADR 037). */
function oneTimePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Admin: every user with their roles, and adding one with a one-time password shown once (GET/POST /users). */
export default function UsersPage() {
  const users = useResource<{ users: UserRow[] }>('/users');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState('viewer');
  const [shown, setShown] = useState<{ name: string; password: string } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const password = oneTimePassword();
    const list = roles
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '');
    try {
      await api.post('/users', { name: name.trim(), roles: list, password, oneTime: true });
      setShown({ name: name.trim(), password });
      setName('');
      invalidate('/users');
    } catch (e) {
      setError(toApiError(e));
    }
  };
  const reset = async (user: string) => {
    setError(null);
    const password = oneTimePassword();
    try {
      await request(`/users/${encodeURIComponent(user)}`, { method: 'PATCH', body: { password, oneTime: true } });
      setShown({ name: user, password });
      invalidate('/users');
    } catch (e) {
      setError(toApiError(e));
    }
  };
  return (
    <div className="page users-page">
      <header className="page-header">
        <h1>Users</h1>
      </header>
      <section aria-label="Add a user">
        <h2>Add a user</h2>
        <form onSubmit={submit} className="inline-form">
          <label>
            Name <input value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
          <label>
            Roles <input value={roles} onChange={(e) => setRoles(e.target.value)} aria-describedby="roles-help" />
          </label>
          <span id="roles-help" className="muted small">
            comma-separated, the primary first (admin, editor, viewer, sre, qa, …)
          </span>
          <button type="submit">Add user</button>
        </form>
        {error && <ErrorView error={toApiError(error)} />}
        {shown && (
          <p role="status">
            One-time password for {shown.name}: <code>{shown.password}</code> (shown once; they must change it at their first login)
          </p>
        )}
      </section>
      <AdminTable
        title="Users"
        resource={users}
        lines={4}
        columns={['Name', 'Roles', 'Password', 'Added by']}
        rows={(data) =>
          data.users.map((u) => (
            <tr key={u.name}>
              <td>{u.name}</td>
              <td>{u.roles.join(', ')}</td>
              <td>{!u.hasPassword ? 'API tokens only' : u.mustChangePassword ? 'one-time' : 'set'}</td>
              <td>{u.createdBy}</td>
              <td>
                <button type="button" onClick={() => void reset(u.name)} aria-label={`Reset the password of ${u.name}`}>
                  Reset password
                </button>
              </td>
            </tr>
          ))
        }
      />
    </div>
  );
}
