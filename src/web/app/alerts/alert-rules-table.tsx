import type { AlertRule } from '../api/types.ts';

/** The channels a rule notifies: its own, then those its escalation ladder adds from a level up. */
function channels(rule: AlertRule): string {
  const escalated = Object.entries(rule.escalate ?? {}).map(([level, names]) => `level ${level}+: ${names.join(', ')}`);
  const people = rule.people?.length ? [`people in ${rule.people.join(', ')}`] : [];
  return [rule.notify.join(', '), ...escalated, ...people].join('; ');
}

/** The pack's alert rules, read-only (they change with `eos pack upgrade`, not here). */
export function AlertRulesTable({ rules }: { rules: readonly AlertRule[] }) {
  return (
    <div className="table-wrap">
      <table className="records alert-rules">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Kind</th>
            <th scope="col">Severity</th>
            <th scope="col">Channels</th>
            <th scope="col">Repeat</th>
            <th scope="col">Seed line</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id}>
              <td>
                <code>{rule.id}</code>
                <div>{rule.name}</div>
              </td>
              <td>{rule.signal ? `${rule.kind}: ${rule.signal}` : rule.kind}</td>
              <td>
                <span className={`status-pill alert-${rule.severity}`}>{rule.severity}</span>
              </td>
              <td>{channels(rule)}</td>
              <td>{rule.repeat ?? '—'}</td>
              <td>
                {rule.seed ? (
                  <blockquote className="seed-line">
                    “{rule.seed.line}” <cite>{rule.seed.source}</cite>
                  </blockquote>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
