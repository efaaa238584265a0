import type { Command } from 'commander';
import { databaseOf } from '../../app/session.ts';
import { type InverseRelation, inversesOf } from '../../core/pack/inverse-relations.ts';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { relationTargets } from '../../core/pack/relation-targets.ts';
import { globals, withGlobals } from '../command-helpers.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

function fieldType(f: DatabaseDef['fields'][number]): string {
  if (f.type === 'relation') return `relation → ${relationTargets(f).join(', ')}${f.many === false ? '' : ' (many)'}${f.inverse ? ` (shown there as ${f.inverse})` : ''}`;
  if (f.type === 'formula') return `formula = ${f.expr}`;
  if (f.type === 'rollup') return `rollup ${f.aggregate}(${f.relation}${f.field ? `.${f.field}` : ''})${f.where ? ` where ${f.where}` : ''}`;
  if (f.options) return `${f.type}: ${f.options.join(' | ')}`;
  return f.type;
}

function showDatabase(db: DatabaseDef, inverses: readonly InverseRelation[]): string {
  const lines = [style.bold(`${db.name} (${db.id})`)];
  if (db.purpose) lines.push(db.purpose);
  lines.push(
    '',
    style.bold('Fields'),
    table(['NAME', 'TYPE'], [...db.fields.map((f) => [f.name, fieldType(f)]), ...inverses.map((i) => [i.name, `inverse ← ${i.source}.${i.field} (read-only)`])]),
  );
  lines.push('', style.bold(`Statuses (${db.status.field})`), `  ${db.status.values.join(', ')}${db.status.transitions ? '' : style.dim('  (any status can move to any other)')}`);
  for (const from of db.status.values) {
    const to = db.status.transitions?.[from];
    if (to) lines.push(style.dim(`  ${from} → ${to.join(', ') || '(final)'}`));
  }
  if (db.gates?.length) {
    lines.push('', style.bold('Gates'));
    for (const g of db.gates) {
      const where = [g.from ? `leaving ${g.from.join('/')}` : '', g.into ? `entering ${g.into.join('/')}` : ''].filter(Boolean).join(', ');
      lines.push(`  ${g.id} (${where})`);
      for (const c of g.criteria) lines.push(`    - ${c.id}: ${c.message}  ${style.dim(c.check)}`);
    }
  }
  if (db.definitionOfDone) lines.push('', style.bold('Definition of Done'), `  ${db.definitionOfDone}`);
  if (db.sop?.length) lines.push('', style.bold('SOP'), ...db.sop.map((s, i) => `  ${i + 1}. ${s}`));
  return lines.join('\n');
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description("the workspace's databases");
  withGlobals(db.command('list'))
    .description('list databases')
    .action((_o: unknown, cmd: Command) =>
      runCommand('db list', globals(cmd), async (ctx) => {
        const dbs = [...(await ctx.session()).databases.values()];
        const human = table(
          ['ID', 'NAME', 'KEY', 'STATUSES', 'GATES'],
          dbs
            .map((d) => ['prefix' in d.key ? `${d.key.prefix}-N` : d.key.field, d.name, d.id, d.status.values.length, d.gates?.length ?? 0].map(String))
            .map(([k, n, id, s, g]) => [id, n, k, s, g]),
        );
        return { json: { databases: dbs.map((d) => ({ id: d.id, name: d.name, key: d.key, statuses: d.status.values, gates: (d.gates ?? []).map((g) => g.id) })) }, human };
      }),
    );
  withGlobals(db.command('show <database>'))
    .description("show a database's fields, statuses, gates and SOP")
    .action((id: string, _o: unknown, cmd: Command) =>
      runCommand('db show', globals(cmd), async (ctx) => {
        const session = await ctx.session();
        const def = databaseOf(session, id);
        return { json: def, human: showDatabase(def, inversesOf(session.databases, def.id)) };
      }),
    );
}
