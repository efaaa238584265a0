import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { type DecodedCsv, decodeCsvBytes } from '../../app/import/csv-encoding.ts';
import type { ValueMapping } from '../../app/import/import-columns.ts';
import { importCsv } from '../../app/import/import-csv.ts';
import { invalidInput } from '../../core/errors.ts';
import { IMPORT_FORMATS, type ImportFormatId } from '../../core/import/import-format.ts';
import { cliPath } from '../cli-host.ts';
import { collect, globals, withGlobals } from '../command-helpers.ts';
import { progressBar } from '../progress.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

function readInput(file: string, encoding: string | undefined): DecodedCsv {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cliPath(file));
  } catch (error) {
    throw invalidInput(`Can't read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { file });
  }
  return decodeCsvBytes(bytes, { file, encoding });
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

/** `--value 'Status:Todo=Ready'`: the column before the first `:`, the source value before the last `=`. */
function parseValues(pairs: readonly string[]): ValueMapping[] {
  return pairs.map((p) => {
    const colon = p.indexOf(':');
    const eq = p.lastIndexOf('=');
    if (colon <= 0 || eq < colon) throw invalidInput(`--value '${p}' is not Column:source value=eos value (e.g. --value 'Status:Todo=Ready')`);
    return { column: p.slice(0, colon).trim(), from: p.slice(colon + 1, eq).trim(), to: p.slice(eq + 1).trim() };
  });
}

function parseFormat(format: string): ImportFormatId | 'auto' {
  if (format === 'auto' || (IMPORT_FORMATS as readonly string[]).includes(format)) return format as ImportFormatId | 'auto';
  throw invalidInput(`--format '${format}' is not one of auto, ${IMPORT_FORMATS.join(', ')}`, { format });
}

function filesIn(dir: string, prefix = ''): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => prefix + e.name);
  } catch {
    return [];
  }
}

/** The files beside a CSV and in its Notion row-page folder (`Name <id>/` beside `Name <id>_all.csv`), relative to its folder. */
function nearbyFiles(file: string): string[] {
  const dir = dirname(cliPath(file));
  const stem = basename(file).replace(/(_all)?\.csv$/i, '');
  return [...filesIn(dir), ...filesIn(join(dir, stem), `${stem}/`)];
}

export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('import records');
  withGlobals(imports.command('csv <database> <file>'))
    .description('import a CSV file into a database, in one transaction, through the gates')
    .option('--dry-run', 'report what would happen, write nothing')
    .option('--skip-invalid', 'import the good rows; write the bad ones to <file>.errors.csv')
    .option('--map <Column=Field>', 'map a column to a field (repeatable)', collect, [])
    .option('--id-column <column>', "the column with the source's own ID, to match records on re-import")
    .option('--value <Column:from=to>', "read a source value as another, e.g. --value 'Status:Todo=Ready' (repeatable)", collect, [])
    .option('--format <format>', 'auto | plain | notion | linear | jira', 'auto')
    .option('--timezone <zone>', "the IANA time zone the export's dates were written in", 'UTC')
    .option('--as-recorded', 'admins only: take statuses as the file gives them, past every gate (history from Jira or Linear); marks each record imported and logs a decision')
    .option('--encoding <name>', 'the encoding the file was saved in (utf-8, windows-1252, …); detected when absent')
    .action(
      (
        database: string,
        file: string,
        o: {
          dryRun?: boolean;
          skipInvalid?: boolean;
          asRecorded?: boolean;
          map: string[];
          value: string[];
          idColumn?: string;
          format: string;
          timezone: string;
          encoding?: string;
        },
        cmd: Command,
      ) =>
        runCommand('import csv', globals(cmd), async (ctx) => {
          const format = parseFormat(o.format);
          const values = parseValues(o.value);
          const { text, warnings: decoding } = readInput(file, o.encoding);
          const session = await ctx.session();
          const progress = progressBar(`importing ${file}`, !ctx.options.json, ctx.config.progressAfterMs);
          let report: Awaited<ReturnType<typeof importCsv>>;
          try {
            report = await importCsv(session, {
              database,
              file,
              text,
              map: parseMap(o.map),
              values,
              format,
              timeZone: o.timezone,
              files: nearbyFiles(file),
              dryRun: o.dryRun ?? false,
              skipInvalid: o.skipInvalid ?? false,
              asRecorded: o.asRecorded ?? false,
              ...(o.idColumn ? { idColumn: o.idColumn } : {}),
              onProgress: (done, total) => progress.update(done, total),
            });
          } finally {
            progress.stop();
          }
          const errorsFile = report.errorsCsv && !report.dryRun ? `${file}.errors.csv` : undefined;
          if (errorsFile && report.errorsCsv) writeFileSync(cliPath(errorsFile), report.errorsCsv);
          const { errorsCsv: _csv, ...json } = report;
          const excluded = report.excluded > 0 ? `, ${report.excluded} left out` : '';
          const lines = [
            `format: ${report.format} (${report.formatReason})`,
            `${report.dryRun ? style.warn('dry run: ') : ''}${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped} skipped${excluded}`,
          ];
          if (report.problems.length > 0)
            lines.push(
              table(
                ['ROW', 'COLUMN', 'VALUE', 'REASON'],
                report.problems.map((p) => [p.row, p.column, p.value, p.reason]),
              ),
            );
          if (errorsFile) lines.push(`the rejected rows are in ${errorsFile}`);
          return { json: { ...json, ...(errorsFile ? { errorsFile } : {}) }, human: lines.join('\n'), warnings: [...decoding, ...report.warnings] };
        }),
    );
}
