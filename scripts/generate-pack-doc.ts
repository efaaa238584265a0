// Writes docs/pack.md from a template pack: every database with its fields, statuses, each seed
// line (gate, checklist or Definition of Done sentence) with the criteria that enforce it, gates
// (each criterion with its message and CEL check), SOP and definition of done.
//
//   node bin/run-ts.js scripts/generate-pack-doc.ts [pack name or folder] [output file]
//   npm run docs:pack
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { readPack } from '../src/app/read-pack.ts';
import type { DatabaseDef, FieldDef, Gate } from '../src/core/pack/pack-schema.ts';
import { relationTargets } from '../src/core/pack/relation-targets.ts';

const [packArg = 'engineering-os', outArg = 'docs/pack.md'] = process.argv.slice(2);

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code safe inside a Markdown table cell (a backtick inside widens the fence). */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${cell(padded)}${fence}`;
}

function anchor(db: DatabaseDef): string {
  return `db-${db.id}`;
}

function fieldDetails(field: FieldDef, byId: ReadonlyMap<string, DatabaseDef>): string {
  const parts: string[] = [];
  if (field.options) parts.push(`options: ${field.options.map((o) => code(o)).join(', ')}`);
  if (field.type === 'relation') {
    const targets = relationTargets(field).map((id) => {
      const target = byId.get(id);
      return `[${cell(target?.name ?? id)}](#${target ? anchor(target) : id})`;
    });
    parts.push(`${field.many === false ? 'one' : 'many'} → ${targets.join(', ')}${field.inverse ? `, shown there as ${cell(field.inverse)}` : ''}`);
    const labels = Object.entries(field.refTypes ?? {});
    if (labels.length > 0) parts.push(`references: ${labels.map(([label, id]) => `${code(`${label}:…`)} → ${cell(byId.get(id)?.name ?? id)}`).join(', ')}`);
  }
  if (field.type === 'formula' && field.expr) parts.push(`= ${code(field.expr)}`);
  if (field.type === 'rollup')
    parts.push(`${field.aggregate}(${cell(field.relation ?? '')}${field.field ? ` › ${cell(field.field)}` : ''})${field.where ? ` where ${code(field.where)}` : ''}`);
  if (field.note) parts.push(`a note beside the amount goes to ${cell(field.note)}`);
  if (field.points) parts.push('a bare number is percentage points (90 → 90%)');
  if (field.currency) parts.push(field.currency);
  if (field.required) parts.push('required');
  if (field.description) parts.push(cell(field.description));
  return parts.join('; ');
}

function gateWhere(gate: Gate): string {
  const list = (statuses: readonly string[]) => statuses.map((s) => `**${s}**`).join(' or ');
  if (gate.from && gate.into) return `A transition gate: it holds on a move from ${list(gate.from)} into ${list(gate.into)}.`;
  if (gate.from) return `An exit gate: it holds on every move out of ${list(gate.from)}.`;
  return `An entrance gate: it holds on every move into ${list(gate.into ?? [])}, and on a record created there.`;
}

function renderDatabase(db: DatabaseDef, byId: ReadonlyMap<string, DatabaseDef>): string {
  const out: string[] = [];
  out.push(`<a id="${anchor(db)}"></a>`, '', `## ${db.name} \`${db.id}\``, '');
  if (db.purpose) out.push(`**Purpose.** ${db.purpose}`, '');
  if (db.definitionOfDone) out.push(`**Definition of Done.** ${db.definitionOfDone}`, '');
  const key = 'field' in db.key ? `keyed by ${db.key.field}` : `keyed ${db.key.prefix}-0001, ${db.key.prefix}-0002, …`;
  const extras = [key];
  if (db.starter) extras.push(`starter: \`packs/engineering-os/${db.starter}\``);
  if (db.role === 'waivers' && db.waiver) {
    extras.push(
      `the waivers database: record → ${db.waiver.record}, criteria → ${db.waiver.criteria}, approver → ${db.waiver.approver}, expires → ${db.waiver.expires}, approved when \`${db.waiver.approvedWhen}\``,
    );
  }
  out.push(`Records are ${extras.join('; ')}.`, '');

  out.push('### Fields', '', '| Field | Type | Details |', '| --- | --- | --- |');
  for (const field of db.fields) out.push(`| ${cell(field.name)} | ${field.type} | ${fieldDetails(field, byId)} |`);
  out.push('');

  out.push('### Statuses', '');
  const initial = db.status.initial ?? db.status.values[0];
  out.push(`In order: ${db.status.values.map((s) => (s === initial ? `**${s}** (initial)` : s)).join(', ')}.`, '');
  if (db.status.transitions) {
    out.push('Allowed moves:', '');
    for (const [from, to] of Object.entries(db.status.transitions)) out.push(`- ${from} → ${to.length > 0 ? to.join(', ') : '(none)'}`);
    out.push('');
  } else {
    out.push('Any status may move to any other, through the gates below.', '');
  }

  out.push(...seedLines(db, byId));

  out.push('### Gates', '');
  if (!db.gates || db.gates.length === 0) out.push('None.', '');
  for (const gate of db.gates ?? []) {
    out.push(`#### \`${gate.id}\`${gate.name ? `: ${gate.name}` : ''}`, '', gateWhere(gate), '');
    if (gate.requiresRole) {
      const who = Array.isArray(gate.requiresRole) ? gate.requiresRole.map((r) => `\`${r}\``).join(' or ') : `the role named in ${cell(gate.requiresRole.field)}`;
      out.push(`Only ${who} (or an admin) may make this move.`, '');
    }
    if (gate.criteria.length === 0) continue;
    out.push('| Criterion | Message | Check (CEL) |', '| --- | --- | --- |');
    for (const c of gate.criteria) out.push(`| \`${gate.id}/${c.id}\` | ${cell(c.message)} | ${code(c.check)} |`);
    out.push('');
  }

  out.push('### SOP', '');
  if (!db.sop || db.sop.length === 0) out.push('None.', '');
  else out.push(...db.sop.map((step, i) => `${i + 1}. ${step}`), '');
  return out.join('\n');
}

/** A criterion that needs a person's judgement is a ticked checkbox (or a ticked checklist option). */
function isChecklistItem(check: string): boolean {
  return /(\]|\.[\w]+) == true(?!\s*&&)|in record\.Ticked/.test(check);
}

/** The criterion a seed line names, `gate/criterion` here or `database:gate/criterion` in another database. */
function enforcer(db: DatabaseDef, ref: string, byId: ReadonlyMap<string, DatabaseDef>): string {
  const [otherId, own] = ref.includes(':') ? (ref.split(':', 2) as [string, string]) : [db.id, ref];
  const other = byId.get(otherId);
  const [gateId, criterionId] = own.split('/');
  const criterion = other?.gates?.find((g) => g.id === gateId)?.criteria.find((c) => c.id === criterionId);
  const where = otherId === db.id ? '' : `[${cell(other?.name ?? otherId)}](#${other ? anchor(other) : otherId}) `;
  const kind = criterion && isChecklistItem(criterion.check) ? ' (checklist item, ticked)' : '';
  return `${where}\`${own}\`${kind}: ${cell(criterion?.message ?? '')}`;
}

/** Each seed line of a database, verbatim, with the criteria that enforce it. */
function seedLines(db: DatabaseDef, byId: ReadonlyMap<string, DatabaseDef>): string[] {
  if (!db.seed) return [];
  const source = db.seed.source === 'pack' ? 'this pack (the seeds name the database but do not define it)' : `seed ${db.seed.source}`;
  const out = ['### Seed lines and the criteria that enforce them', '', `From ${source}.`, '', '| Seed line | Enforced by |', '| --- | --- |'];
  for (const line of db.seed.lines) out.push(`| **${cell(line.gate)}**: ${cell(line.line)} | ${line.by.map((ref) => enforcer(db, ref, byId)).join('<br>')} |`);
  out.push('');
  return out;
}

function provisionalFields(databases: readonly DatabaseDef[]): string {
  const rows = databases.flatMap((db) =>
    db.fields.filter((f) => f.description && /for now/i.test(f.description)).map((f) => `| ${cell(db.name)} | ${cell(f.name)} | ${f.type} | ${cell(f.description ?? '')} |`),
  );
  if (rows.length === 0) return '';
  return [
    '## Fields typed provisionally',
    '',
    'These fields carry a looser type than their seed states, because a seed starter cell would not import otherwise. Each says why.',
    '',
    '| Database | Field | Type now | Why |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

const { pack, dir } = readPack(packArg);
const byId = new Map(pack.databases.map((db) => [db.id, db]));
const criteria = pack.databases.reduce((n, db) => n + (db.gates ?? []).reduce((m, g) => m + g.criteria.length, 0), 0);
const gates = pack.databases.reduce((n, db) => n + (db.gates ?? []).length, 0);
const lines = pack.databases.reduce((n, db) => n + (db.seed?.lines.length ?? 0), 0);
const notesFile = join(dir, 'NOTES.md');
const output = resolve(outArg);

const doc = [
  `# Pack \`${pack.manifest.id}\` ${pack.manifest.version}: ${pack.manifest.name}`,
  '',
  `<!-- Generated by scripts/generate-pack-doc.ts from ${relative(dirname(output), dir) || '.'}; run \`npm run docs:pack\` after changing the pack. Do not edit by hand. -->`,
  '',
  pack.manifest.description ?? '',
  '',
  `${pack.databases.length} databases, ${gates} gates, ${criteria} criteria (a line that needs judgement is a ticked checklist item), ${lines} seed lines each quoted with the criteria that enforce it, ${pack.databases.filter((d) => d.starter).length} CSV starters.`,
  '',
  '## Databases',
  '',
  '| Database | Id | Source | Statuses | Gates | Seed lines | Starter |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...pack.databases.map(
    (db) =>
      `| [${cell(db.name)}](#${anchor(db)}) | \`${db.id}\` | ${cell(db.seed?.source ?? '')} | ${db.status.values.length} | ${(db.gates ?? []).length} | ${db.seed?.lines.length ?? 0} | ${db.starter ? `\`${db.starter}\`` : ''} |`,
  ),
  '',
  provisionalFields(pack.databases),
  pack.alerts.length === 0
    ? ''
    : [
        '## Alert rules',
        '',
        'From `alerts/*.yaml` (docs/alerts.md): what a pass notifies, and the seed line each rule enforces.',
        '',
        '| Rule | Kind | Severity | Notifies | Repeat | Seed line |',
        '| --- | --- | --- | --- | --- | --- |',
        ...pack.alerts.map(
          (a) =>
            `| \`${a.id}\`: ${cell(a.name)} | ${a.kind} | ${a.severity} | ${[a.notify.join(', '), ...(a.kind === 'escalation' ? Object.entries(a.escalate ?? {}).map(([l, c]) => `level ${l}: ${c.join(', ')}`) : [])].join('; ')} | ${a.repeat ?? ''} | ${a.seed ? `${cell(a.seed.source)}: “${cell(a.seed.line)}”` : ''} |`,
        ),
        '',
      ].join('\n'),
  existsSync(notesFile) ? readFileSync(notesFile, 'utf8').trim().replace(/^# /m, '## ') : '',
  '',
  ...pack.databases.map((db) => renderDatabase(db, byId)),
]
  .join('\n')
  .replace(/\n{3,}/g, '\n\n');

mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, `${doc.trimEnd()}\n`);
process.stdout.write(`wrote ${relative(process.cwd(), output)}: ${pack.databases.length} databases, ${gates} gates, ${criteria} criteria, ${lines} seed lines\n`);
