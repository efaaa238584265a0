import type { AlertRule } from '../pack/alert-rule-schema.ts';

/** A table cell: pipes escaped, lines joined, so a CEL condition or a seed's table row fits one cell. */
const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** What a rule watches, in a few words. */
function watches(rule: AlertRule): string {
  switch (rule.kind) {
    case 'records':
      return `records of \`${rule.database}\` where \`${rule.where}\`${rule.people ? `; reaches ${rule.people.map((p) => `\`${p}\``).join(', ')}` : ''}`;
    case 'metric':
      return `metric \`${rule.when}\``;
    case 'escalation':
      return 'blocked Work Items, 1/2/3 days (the ladder)';
    case 'review-sla':
      return `review SLAs of PRs open or merged in ${rule.window ?? '7d'}: first review 4 business hours (the reviewers), 8 (level 2: the team lead), approval 24`;
    case 'retro-overdue':
      return 'P1/P2 retros not held 48 hours after the resolution';
    case 'monitor': {
      const limit =
        rule.above !== undefined ? `above ${rule.above}` : rule.below !== undefined ? `below ${rule.below}` : rule.atLeast !== undefined ? `at least ${rule.atLeast}` : '';
      if (rule.signal === 'unacknowledged') return `monitor \`unacknowledged\` ${(rule.severities ?? ['P1']).join('/')} after ${rule.after}`;
      return [
        `monitor \`${rule.signal}\``,
        rule.metric ? `\`${rule.metric}\`` : '',
        limit,
        rule.window ? `over ${rule.window}` : '',
        rule.signal === 'team-metric' ? 'per team' : '',
      ]
        .filter((p) => p !== '')
        .join(' ');
    }
  }
}

function notifies(rule: AlertRule): string {
  const base = rule.notify.map((c) => `\`${c}\``).join(', ');
  const more =
    'escalate' in rule && rule.escalate ? Object.entries(rule.escalate).map(([level, channels]) => `; level ${level} adds ${channels.map((c) => `\`${c}\``).join(', ')}`) : [];
  return `${base}${more.join('')}`;
}

/**
 * The Markdown table of a pack's alert rules, one row each, with the seed line it quotes: what
 * docs/alerts.md shows for engineering-os (`npm run docs:alerts` writes it; a test compares).
 *
 * @example alertRulesTable(pack.alerts).split('\n')[0] // '| rule | watches | severity | repeat | notifies | seed line |'
 */
export function alertRulesTable(rules: readonly AlertRule[]): string {
  const rows = rules.map((r) =>
    [`\`${r.id}\`: ${r.name}`, watches(r), r.severity, r.repeat ?? '', notifies(r), r.seed ? `${r.seed.source}: “${r.seed.line}”` : '(none)'].map(cell).join(' | '),
  );
  return ['| rule | watches | severity | repeat | notifies | seed line |', '| --- | --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r} |`)].join('\n');
}
