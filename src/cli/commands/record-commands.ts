import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { archiveRecord } from '../../app/records/archive-record.ts';
import { createRecord } from '../../app/records/create-record.ts';
import { exportFormat, exportRecord } from '../../app/records/export-record.ts';
import { linkRecords } from '../../app/records/link-records.ts';
import { splitAssignments } from '../../app/records/parse-set.ts';
import { listRecords } from '../../app/records/read-records.ts';
import { getRecordView, type RecordView } from '../../app/records/record-view.ts';
import { signRecord } from '../../app/records/sign-record.ts';
import { moveRecord, updateRecord } from '../../app/records/update-record.ts';
import { cliPath } from '../cli-host.ts';
import { collect, globals, wholeNumber, withGlobals } from '../command-helpers.ts';
import { fieldLines, style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

function describe(record: RecordView): string {
  const unresolved = Object.entries(record.unresolved).map(([f, refs]) => `  ${style.warn(`${f} (pending):`)} ${refs.join('; ')}`);
  const inverse = Object.entries(record.inverse ?? {}).map(
    ([name, linked]) => `  ${style.dim(`${name} (linking here):`)} ${linked.map((r) => r.key).join('; ') || style.dim('none')}`,
  );
  return [
    `${style.bold(record.key)}  ${record.title !== record.key ? record.title : ''}`.trimEnd(),
    `  ${style.dim('database:')} ${record.database}   ${style.dim('status:')} ${record.status}   ${style.dim('version:')} ${record.version}`,
    fieldLines(record.fields),
    ...unresolved,
    ...inverse,
    style.dim(`  created ${record.createdAt} by ${record.createdBy}; updated ${record.updatedAt} by ${record.updatedBy}`),
    // Came in as recorded (ADR 043): its status passed no gate.
    record.recordedAs ? style.warn(`  recorded as ${record.recordedAs}: its status was taken as given, past no gate`) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function registerRecordCommands(program: Command): void {
  const record = program.command('record').description('create, read, update and move records');

  withGlobals(record.command('create <database>'))
    .description('create a record and print its key')
    .option('-s, --set <Field=value>', 'a field value, parsed by the field type (repeatable)', collect, [])
    .action((database: string, o: { set: string[] }, cmd: Command) =>
      runCommand('record create', globals(cmd), async (ctx) => {
        const result = await createRecord(await ctx.session(), { database, set: splitAssignments(o.set) });
        return { json: { ...result.record, warnings: result.warnings }, human: result.record.key, warnings: result.warnings };
      }),
    );

  withGlobals(record.command('get <key>'))
    .description('print a record, by key or by exact title')
    .action((key: string, _o: unknown, cmd: Command) =>
      runCommand('record get', globals(cmd), async (ctx) => {
        const r = await getRecordView(await ctx.session(), key);
        return { json: r, human: describe(r) };
      }),
    );

  withGlobals(record.command('list <database>'))
    .description('list records')
    .option('--where <cel>', "a CEL filter over record, e.g. \"record['Risk Level'] == 'High'\"")
    .option('--sort <field>', 'sort by a field (or key, title, status, createdAt, updatedAt); -Field sorts descending')
    .option('--limit <n>', 'at most this many records', wholeNumber)
    .addOption(new Option('--archived <which>', 'archived records: hide (the default), include, or only').choices(['hide', 'include', 'only']))
    .action((database: string, o: { where?: string; sort?: string; limit?: number; archived?: 'hide' | 'include' | 'only' }, cmd: Command) =>
      runCommand('record list', globals(cmd), async (ctx) => {
        const records = await listRecords(await ctx.session(), { database, where: o.where, sort: o.sort, limit: o.limit, archived: o.archived });
        const human =
          records.length === 0
            ? style.dim('no records')
            : table(
                ['KEY', 'STATUS', 'TITLE', 'UPDATED'],
                records.map((r) => [r.key, r.status, r.title, r.updatedAt.slice(0, 16)]),
              );
        return { json: { records, count: records.length }, human };
      }),
    );

  withGlobals(record.command('update <key>'))
    .description('update fields (not the status: use move)')
    .option('-s, --set <Field=value>', 'a field value (repeatable); Field= clears it', collect, [])
    .option('--if-version <n>', 'refuse (exit 5) unless the record is still at this version', wholeNumber)
    .action((key: string, o: { set: string[]; ifVersion?: number }, cmd: Command) =>
      runCommand('record update', globals(cmd), async (ctx) => {
        const result = await updateRecord(await ctx.session(), { ref: key, set: splitAssignments(o.set), ifVersion: o.ifVersion });
        return { json: { ...result.record, warnings: result.warnings }, human: `${result.record.key} is now at version ${result.record.version}`, warnings: result.warnings };
      }),
    );

  withGlobals(record.command('move <key> <status>'))
    .description('move a record through its lifecycle, past its gates')
    .option('--waiver <key>', 'an approved, unexpired waiver for the criteria it names')
    .option('--if-version <n>', 'refuse (exit 5) unless the record is still at this version', wholeNumber)
    .action((key: string, status: string, o: { waiver?: string; ifVersion?: number }, cmd: Command) =>
      runCommand('record move', globals(cmd), async (ctx) => {
        const result = await moveRecord(await ctx.session(), { ref: key, to: status, waiver: o.waiver, ifVersion: o.ifVersion });
        return { json: { ...result.record, warnings: result.warnings }, human: `${result.record.key} → ${result.record.status}`, warnings: result.warnings };
      }),
    );

  withGlobals(record.command('export <key>'))
    .description("export a record as Markdown or PDF, with its snapshot's trend charts when a ritual created it")
    .option('--format <format>', 'md or pdf', 'md')
    .option('--out <file>', 'write to this file (a PDF goes to KEY.pdf without it; Markdown to stdout)')
    .action((key: string, o: { format: string; out?: string }, cmd: Command) =>
      runCommand('record export', globals(cmd), async (ctx) => {
        const format = exportFormat(o.format);
        const file = await exportRecord(await ctx.session(), key, format);
        const out = o.out ?? (format === 'pdf' ? file.filename : undefined);
        if (out === undefined)
          return { json: { filename: file.filename, contentType: file.contentType, text: file.body.toString('utf8') }, human: file.body.toString('utf8').trimEnd() };
        writeFileSync(cliPath(out), file.body);
        return { json: { filename: file.filename, contentType: file.contentType, out: cliPath(out), bytes: file.body.length }, human: `wrote ${out} (${file.body.length} bytes)` };
      }),
    );

  for (const action of ['archive', 'restore'] as const) {
    withGlobals(record.command(`${action} <key>`))
      .description(action === 'archive' ? 'archive a record (a soft delete): lists, boards and search leave it out; gates are unaffected' : 'restore an archived record')
      .option('--if-version <n>', 'refuse (exit 5) unless the record is still at this version', wholeNumber)
      .action((key: string, o: { ifVersion?: number }, cmd: Command) =>
        runCommand(`record ${action}`, globals(cmd), async (ctx) => {
          const result = await archiveRecord(await ctx.session(), { ref: key, archived: action === 'archive', ifVersion: o.ifVersion });
          const human = `${result.record.key} ${action === 'archive' ? 'archived' : 'restored'} (version ${result.record.version})`;
          return { json: { ...result.record, warnings: result.warnings }, human, warnings: result.warnings };
        }),
      );
  }

  withGlobals(record.command('sign <key> <field>'))
    .description("sign a record's sign-off field as its role (needs EOS_TOKEN: EOS_USER alone never signs)")
    .requiredOption('--verdict <go|no_go>', 'go or no_go')
    .option('--note <text>', 'why: kept with the signature and in the decision log')
    .option('--if-version <n>', 'refuse (exit 5) unless the record is still at this version', wholeNumber)
    .action((key: string, field: string, o: { verdict: string; note?: string; ifVersion?: number }, cmd: Command) =>
      runCommand('record sign', globals(cmd), async (ctx) => {
        const result = await signRecord(await ctx.session(), { ref: key, field, verdict: o.verdict, note: o.note, ifVersion: o.ifVersion });
        const signature = result.record.fields[field] as { verdict?: string; by?: string; role?: string } | undefined;
        return {
          json: { ...result.record, warnings: result.warnings },
          human: `${result.record.key} ${field}: ${signature?.verdict === 'go' ? 'GO' : 'NO-GO'} signed by ${signature?.by} as ${signature?.role} (version ${result.record.version})`,
          warnings: result.warnings,
        };
      }),
    );

  for (const mode of ['link', 'unlink'] as const) {
    withGlobals(program.command(`${mode} <key> <field> <targets...>`))
      .description(mode === 'link' ? 'link records through a relation field' : 'remove links from a relation field')
      .option('--if-version <n>', 'refuse (exit 5) unless the record is still at this version', wholeNumber)
      .action((key: string, field: string, targets: string[], o: { ifVersion?: number }, cmd: Command) =>
        runCommand(mode, globals(cmd), async (ctx) => {
          const result = await linkRecords(await ctx.session(), { ref: key, field, targets, ifVersion: o.ifVersion }, mode);
          const shown = result.record.fields[field] ?? [];
          return {
            json: { ...result.record, warnings: result.warnings },
            human: `${result.record.key} ${field}: ${[shown].flat().join('; ') || '(none)'}`,
            warnings: result.warnings,
          };
        }),
      );
  }
}
