import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { decodeCsv } from '../../app/csv-table.ts';
import { importCsv } from '../../app/import-csv.ts';
import { invalidInput } from '../../core/errors.ts';
import { cliPath } from '../cli-host.ts';
import { collect, globals, withGlobals } from '../command-helpers.ts';
import { progressBar } from '../progress.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

function readInput(file: string): string {
  try {
    return decodeCsv(readFileSync(cliPath(file)));
  } catch (error) {
    throw invalidInput(`Can't read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { file });
  }
}

function parseMap(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((p) => {
      const eq = p.indexOf('=');
      if (eq <= 0) throw invalidInput(`--map '${p}' is not Column=Field`);
      return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()];
    }),
  );
}

export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('import records');
  withGlobals(imports.command('csv <database> <file>'))
    .description('import a CSV file into a database, in one transaction, through the gates')
    .option('--dry-run', 'report what would happen, write nothing')
    .option('--skip-invalid', 'import the good rows; write the bad ones to <file>.errors.csv')
    .option('--map <Column=Field>', 'map a column to a field (repeatable)', collect, [])
    .option('--id-column <column>', "the column with the source's own ID, to match records on re-import")
    .option('--format <format>', 'auto | plain (Notion, Linear and Jira come later)', 'auto')
    .action((database: string, file: string, o: { dryRun?: boolean; skipInvalid?: boolean; map: string[]; idColumn?: string; format: string }, cmd: Command) =>
      runCommand('import csv', globals(cmd), async (ctx) => {
        if (!['auto', 'plain'].includes(o.format)) throw invalidInput(`--format ${o.format} is not supported in this build; use plain (or auto)`, { format: o.format });
        const text = readInput(file);
        const session = await ctx.session();
        const progress = progressBar(`importing ${file}`, !ctx.options.json, ctx.config.progressAfterMs);
        let report: Awaited<ReturnType<typeof importCsv>>;
        try {
          report = await importCsv(session, {
            database,
            file,
            text,
            map: parseMap(o.map),
            dryRun: o.dryRun ?? false,
            skipInvalid: o.skipInvalid ?? false,
            ...(o.idColumn ? { idColumn: o.idColumn } : {}),
            onProgress: (done, total) => progress.update(done, total),
          });
        } finally {
          progress.stop();
        }
        const errorsFile = report.errorsCsv && !report.dryRun ? `${file}.errors.csv` : undefined;
        if (errorsFile && report.errorsCsv) writeFileSync(cliPath(errorsFile), report.errorsCsv);
        const { errorsCsv: _csv, ...json } = report;
        const lines = [
          `${report.dryRun ? style.warn('dry run: ') : ''}${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped} skipped`,
        ];
        if (report.problems.length > 0)
          lines.push(
            table(
              ['ROW', 'COLUMN', 'VALUE', 'REASON'],
              report.problems.map((p) => [p.row, p.column, p.value, p.reason]),
            ),
          );
        if (errorsFile) lines.push(`the rejected rows are in ${errorsFile}`);
        return { json: { ...json, ...(errorsFile ? { errorsFile } : {}) }, human: lines.join('\n'), warnings: report.warnings };
      }),
    );
}
