import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPack } from '../src/app/read-pack.ts';
import { alertRulesTable } from '../src/core/alerts/alert-rules-table.ts';

// Issue 12, point 5: docs/alerts.md lists every alert rule of engineering-os with its seed line.

const START = '<!-- alert-rules:start (npm run docs:alerts) -->\n';
const END = '\n<!-- alert-rules:end -->';

describe('docs/alerts.md', () => {
  it('lists every engineering-os alert rule with its seed line, as the pack has them (npm run docs:alerts rewrites it)', () => {
    const doc = readFileSync(new URL('../docs/alerts.md', import.meta.url), 'utf8');
    const listed = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END));
    const { pack } = readPack('engineering-os');
    expect(listed).toBe(alertRulesTable(pack.alerts));
    // One row per rule, each naming its id and quoting its seed line.
    const rows = listed.split('\n').slice(2);
    expect(rows.map((r) => /^\| `([a-z0-9-]+)`/.exec(r)?.[1])).toEqual(pack.alerts.map((a) => a.id));
    for (const rule of pack.alerts) expect(rule.seed?.line, rule.id).toBeTruthy();
    expect(rows[pack.alerts.findIndex((a) => a.id === 'team-mttr-p1')]).toContain('001 §4 Clock Speed Targets: “\\| MTTR \\| Unknown \\| <2 hours for P1 \\|”');
  });
});
