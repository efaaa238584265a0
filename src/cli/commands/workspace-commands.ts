import type { Command } from 'commander';
import { backupWorkspace, restoreWorkspace } from '../../app/backup.ts';
import { createDemoWorkspace } from '../../app/create-demo-workspace.ts';
import { initWorkspace } from '../../app/init-workspace.ts';
import { isBuiltinPack, readPack } from '../../app/read-pack.ts';
import { listMigrations } from '../../app/store-status.ts';
import { upgradePack } from '../../app/upgrade-pack.ts';
import { cliPath } from '../cli-host.ts';
import { globals, withGlobals } from '../command-helpers.ts';
import { style, table } from '../render.ts';
import { type CommandContext, runCommand } from '../runtime.ts';

/** Starter warnings for people: pending references summed up in one line, the rest in full. */
function starterWarnings(starters: readonly { database: string; warnings: readonly string[] }[]): string[] {
  const all = starters.flatMap((s) => s.warnings.map((w) => `${s.database}: ${w}`));
  const pending = all.filter((w) => w.includes('names no record'));
  const rest = all.filter((w) => !w.includes('names no record'));
  return pending.length > 0 ? [...rest, `${pending.length} references named records not yet imported; each was kept and links when its record appears (--json lists them)`] : rest;
}

/** A built-in pack's name as it is; a folder resolved against the command's working directory. */
function packArgument(nameOrPath: string): string {
  return isBuiltinPack(nameOrPath) ? nameOrPath : cliPath(nameOrPath);
}

async function init(ctx: CommandContext, packName: string, demo: boolean) {
  const { pack, dir } = readPack(packArgument(packName));
  const store = await ctx.store();
  const workspace = ctx.options.workspace;
  const actor = ctx.config.actor;
  const made = demo ? await createDemoWorkspace({ store, workspaceId: workspace, pack, dir, actor }) : undefined;
  const created = made ? { workspace: made.workspace, pack: made.pack, databases: made.databases } : await initWorkspace({ store, workspaceId: workspace, pack, actor });
  const starters = made?.starters ?? [];
  const events = made?.demoEvents;
  return {
    ...created,
    location: store.location,
    starters: starters.map((s) => ({ database: s.database, created: s.created, warnings: s.warnings })),
    ...(events ? { demoEvents: events } : {}),
  };
}

export function registerWorkspaceCommands(program: Command): void {
  withGlobals(program.command('init'))
    .description('create a workspace from a template pack')
    .option('--pack <nameOrPath>', 'a built-in pack or a folder with a pack.yaml', 'engineering-os')
    .option('--demo', 'also load every CSV starter of the pack, its demo records (demo/*.csv) and a 90-day demo delivery history')
    .action((o: { pack: string; demo?: boolean }, cmd: Command) =>
      runCommand('init', globals(cmd), async (ctx) => {
        const result = await init(ctx, o.pack, o.demo ?? false);
        const loaded = result.starters.reduce((n, s) => n + s.created, 0);
        const human = [
          `${style.ok('✓')} workspace '${result.workspace}' created from pack ${result.pack} (${result.databases} databases) in ${result.location}`,
          ...(o.demo ? [`  loaded ${loaded} starter and demo records into ${new Set(result.starters.map((s) => s.database)).size} databases`] : []),
          ...(result.demoEvents
            ? [
                `  loaded a ${result.demoEvents.days}-day demo delivery history: ${result.demoEvents.pullRequests} pull requests, ${result.demoEvents.deployments} deployments, ${result.demoEvents.incidents} incidents (see: npx eos metrics)`,
              ]
            : []),
          style.dim('  next: npx eos db list'),
        ].join('\n');
        return { json: result, human, warnings: starterWarnings(result.starters) };
      }),
    );

  withGlobals(program.command('migrate'))
    .description('apply pending migrations (they also run on every start); --status lists them')
    .option('--status', 'list migrations and whether they are applied')
    .action((_o: { status?: boolean }, cmd: Command) =>
      runCommand('migrate', globals(cmd), async (ctx) => {
        const status = await listMigrations(await ctx.store());
        return {
          json: { migrations: status },
          human: table(
            ['MIGRATION', 'APPLIED'],
            status.map((m) => [m.name, m.appliedAt ?? 'pending']),
          ),
        };
      }),
    );

  withGlobals(program.command('backup <file>'))
    .description('write the whole workspace to a file')
    .action((file: string, _o: unknown, cmd: Command) =>
      runCommand('backup', globals(cmd), async (ctx) => {
        const summary = await backupWorkspace(await ctx.store(), ctx.options.workspace, cliPath(file));
        const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
        return {
          json: summary,
          human: `${style.ok('✓')} backed up '${summary.workspace}' to ${file}: ${total} rows (${summary.rows.records} records, ${summary.rows.audit} audit entries)`,
        };
      }),
    );

  withGlobals(program.command('restore <file>'))
    .description('restore a workspace from a backup file, exactly')
    .option('--replace', 'replace an existing workspace of the same name (needs its admin once it has users)')
    .action((file: string, o: { replace?: boolean }, cmd: Command) =>
      runCommand('restore', globals(cmd), async (ctx) => {
        const explicit = cmd.getOptionValueSourceWithGlobals('workspace') === 'cli';
        const summary = await restoreWorkspace({
          store: await ctx.store(),
          file: cliPath(file),
          workspace: explicit ? ctx.options.workspace : undefined,
          replace: o.replace ?? false,
          actor: ctx.config.actor,
        });
        return {
          json: summary,
          human: `${style.ok('✓')} restored '${summary.workspace}' from ${file}: ${summary.rows.records ?? 0} records, ${summary.rows.audit ?? 0} audit entries`,
        };
      }),
    );
}

export function registerPackCommands(program: Command): void {
  const pack = program.command('pack').description("the workspace's template pack");
  withGlobals(pack.command('upgrade'))
    .description('move the workspace to a new version of its pack; records are kept as they are')
    .option('--pack <nameOrPath>', 'a built-in pack or a folder with a pack.yaml', 'engineering-os')
    .option('--dry-run', 'report what would change, change nothing')
    .action((o: { pack: string; dryRun?: boolean }, cmd: Command) =>
      runCommand('pack upgrade', globals(cmd), async (ctx) => {
        const { pack: loaded } = readPack(packArgument(o.pack));
        const report = await upgradePack(await ctx.session(), loaded, { dryRun: o.dryRun ?? false });
        const lines = [`${report.dryRun ? style.warn('dry run: ') : ''}${report.workspace}: ${report.from} → ${report.to}`];
        if (report.added.length) lines.push(`  new databases: ${report.added.join(', ')}`);
        for (const s of report.stranded)
          lines.push(style.warn(`  ${s.records} ${s.database} record(s) are in '${s.status}', which the new version removed; they can move to any current status`));
        return { json: report, human: lines.join('\n') };
      }),
    );
}
