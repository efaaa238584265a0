// Writes the table of engineering-os's alert rules into docs/alerts.md, between its markers,
// from packs/engineering-os/alerts/ (test/alert-doc.test.ts checks the two agree).
//
// Usage: npm run docs:alerts
import { readFileSync, writeFileSync } from 'node:fs';
import { readPack } from '../src/app/read-pack.ts';
import { alertRulesTable } from '../src/core/alerts/alert-rules-table.ts';

const DOC = 'docs/alerts.md';
const START = '<!-- alert-rules:start (npm run docs:alerts) -->';
const END = '<!-- alert-rules:end -->';

const { pack } = readPack('engineering-os');
const text = readFileSync(DOC, 'utf8');
const from = text.indexOf(START);
const to = text.indexOf(END);
if (from < 0 || to < from) throw new Error(`${DOC} has no ${START} … ${END} markers`);
writeFileSync(DOC, `${text.slice(0, from + START.length)}\n${alertRulesTable(pack.alerts)}\n${text.slice(to)}`);
console.log(`wrote ${DOC}: ${pack.alerts.length} rules`);
