import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { invalidate, toApiError, useResource } from '../api/use-resource.ts';
import { AdminTable } from '../components/admin-table.tsx';
import { ErrorView } from '../components/error-view.tsx';

interface ChannelRow {
  readonly name: string;
  readonly kind: 'webhook' | 'email';
  readonly sends: string;
}

interface TestResult {
  readonly channel: string;
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
}

/** Admin: the workspace's alert channels; add a webhook or SMTP email one, send a test notification, remove. */
export default function ChannelsPage() {
  const channels = useResource<{ channels: ChannelRow[] }>('/alerts/channels');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'webhook' | 'email'>('webhook');
  const [target, setTarget] = useState('');
  const [smtp, setSmtp] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
      invalidate('/alerts/channels');
    } catch (e) {
      setError(toApiError(e));
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const body = kind === 'webhook' ? { name: name.trim(), webhook: target.trim() } : { name: name.trim(), email: target.trim(), ...(smtp.trim() ? { smtp: smtp.trim() } : {}) };
    void run(async () => {
      await api.post('/alerts/channels', body);
      setResult(`Added ${name.trim()}`);
      setName('');
      setTarget('');
    });
  };
  const test = (channel: string) =>
    run(async () => {
      const r = await api.post<TestResult>(`/alerts/channels/${encodeURIComponent(channel)}/test`, {});
      setResult(r.ok ? `Test sent to ${r.channel}${r.statusCode !== null ? ` (HTTP ${r.statusCode})` : ''}` : `Test to ${r.channel} failed: ${r.error ?? `HTTP ${r.statusCode}`}`);
    });
  const remove = (channel: string) =>
    run(async () => {
      await api.del(`/alerts/channels/${encodeURIComponent(channel)}`);
      setResult(`Removed ${channel}`);
    });
  return (
    <div className="page channels-page">
      <header className="page-header">
        <h1>Alert channels</h1>
      </header>
      <section aria-label="Add a channel">
        <h2>Add a channel</h2>
        <form onSubmit={add} className="inline-form">
          <label>
            Channel name <input value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
          <label>
            Kind{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as 'webhook' | 'email')}>
              <option value="webhook">webhook</option>
              <option value="email">email</option>
            </select>
          </label>
          <label>
            {kind === 'webhook' ? 'Webhook URL' : 'Email addresses'} <input value={target} onChange={(e) => setTarget(e.target.value)} required />
          </label>
          {kind === 'email' && (
            <label>
              SMTP host:port <input value={smtp} onChange={(e) => setSmtp(e.target.value)} />
            </label>
          )}
          <button type="submit">Add channel</button>
        </form>
        {error && <ErrorView error={toApiError(error)} />}
        {result && <p role="status">{result}</p>}
      </section>
      <AdminTable
        title="Channels"
        resource={channels}
        lines={3}
        columns={['Name', 'Kind', 'Sends to']}
        rows={(data) =>
          data.channels.map((c) => (
            <tr key={c.name}>
              <td>{c.name}</td>
              <td>{c.kind}</td>
              <td>{c.sends}</td>
              <td>
                <button type="button" onClick={() => void test(c.name)} aria-label={`Test ${c.name}`}>
                  Test
                </button>{' '}
                <button type="button" onClick={() => void remove(c.name)} aria-label={`Remove ${c.name}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))
        }
      />
    </div>
  );
}
