import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EVENT_KINDS, type IngestResult, ingestEvents } from '../../app/ingest-events.ts';
import { invalidInput } from '../../core/errors.ts';
import { MONITOR_EVENT_KINDS } from '../../core/monitors/monitor-events.ts';
import { globals, withGlobals } from '../command-helpers.ts';
import { table } from '../render.ts';
import { runCommand } from '../runtime.ts';
import { registerIngestSourceCommands } from './ingest-source-commands.ts';

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw invalidInput(`Can't read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { file });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalidInput(`${file} is not valid JSON: ${(error as Error).message}`, { file });
  }
}

/** The per-kind counts of an ingest, as a table. */
export function ingestTable(result: IngestResult): string {
  return table(
    ['KIND', 'INSERTED', 'UPDATED', 'UNCHANGED'],
    [...EVENT_KINDS, ...MONITOR_EVENT_KINDS.filter((k) => result[k] !== undefined)].map((k) => {
      const counts = result[k] ?? { inserted: 0, updated: 0, unchanged: 0 };
      return [k, counts.inserted, counts.updated, counts.unchanged];
    }),
  );
}

export function registerIngestCommands(program: Command): Command {
  const ingest = program.command('ingest').description('load delivery events: pull requests, deployments, incidents, commits (CONTRACT §7)');
  withGlobals(ingest.command('events <file>'))
    .description('load a JSON file of delivery events; re-loading the same file changes nothing')
    .action((file: string, _o: unknown, cmd: Command) =>
      runCommand('ingest events', globals(cmd), async (ctx) => {
        const input = readJson(file);
        const result = await ingestEvents(await ctx.session(), input, { source: file });
        return { json: { file, ...result }, human: ingestTable(result) };
      }),
    );
  registerIngestSourceCommands(ingest);
  return ingest;
}
