import { useState } from 'react';
import { request } from '../api/client.ts';
import { invalidate, toApiError, useResource } from '../api/use-resource.ts';
import { ErrorView } from './error-view.tsx';

type Settings = { email: string | null; emailKinds: string[]; kinds: string[] };

const LABELS: Record<string, string> = {
  mention: 'Mentions',
  comment: 'Comments on records I watch',
  assignment: 'Being named in a person field',
  move_refused: 'A refused move of my record',
  signature_requested: 'A signature asked of my role',
  review_sla: 'Review-SLA breaches naming me',
  blocked: 'Blocked work naming me',
  alert: 'Other alerts naming me',
};

/** Which notifications are e-mailed to me (PUT /me/notification-settings). */
export function EmailSettings() {
  const settings = useResource<Settings>('/me/notification-settings');
  const [error, setError] = useState<unknown>(null);
  // The choice shows at once; the saved settings replace it when they come back.
  const [chosen, setChosen] = useState<string[] | null>(null);
  if (!settings.data) return settings.error ? <ErrorView error={settings.error} /> : null;
  const { email, kinds } = settings.data;
  const emailKinds = chosen ?? settings.data.emailKinds;
  const toggle = async (kind: string, on: boolean) => {
    setError(null);
    const next = on ? [...emailKinds, kind] : emailKinds.filter((k) => k !== kind);
    setChosen(next);
    try {
      await request('/me/notification-settings', { method: 'PUT', body: { emailKinds: next } });
      invalidate('/me/notification-settings');
    } catch (e) {
      setChosen(null);
      setError(e);
    }
  };
  return (
    <section aria-labelledby="email-settings-title" className="work-list">
      <h2 id="email-settings-title">E-mail me</h2>
      <p className="small muted">
        {email ? `To ${email}, through the workspace's e-mail channel.` : 'You have no e-mail address: an admin sets it with eos user set NAME --email ….'} Everything also shows in
        the bell.
      </p>
      <fieldset className="checks">
        <legend className="visually-hidden">Kinds e-mailed</legend>
        {kinds.map((kind) => (
          <label key={kind}>
            <input type="checkbox" checked={emailKinds.includes(kind)} onChange={(e) => void toggle(kind, e.target.checked)} /> {LABELS[kind] ?? kind}
          </label>
        ))}
      </fieldset>
      {error !== null && <ErrorView error={toApiError(error)} />}
    </section>
  );
}
