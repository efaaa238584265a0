import type { Command, OptionValues } from 'commander';
import { InvalidArgumentError } from 'commander';
import { globals, withGlobals } from '../command-helpers.ts';
import { openCliStore } from '../open-cli-store.ts';
import { runCommand } from '../runtime.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError(`'${value}' is not a port (0-65535)`);
  return n;
}

export function registerServeCommand(program: Command): void {
  withGlobals(program.command('serve'))
    .description('serve the REST API and the web app (creates the demo workspace on first run)')
    .option('--port <port>', 'port (0 picks a free one)', port, 4300)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--alerts-cron <pattern>', 'when to run alert passes (cron, UTC); default $EOS_ALERTS_CRON or every 5 minutes; EOS_ALERTS=off runs none')
    .action((o: OptionValues, cmd: Command) =>
      runCommand('serve', globals(cmd), async (ctx) => {
        const cli = await openCliStore(ctx.config, 'eos serve', ctx.log, { port: o.port as number });
        try {
          // The server's modules (Fastify, the web build) load only when serving, not for every command.
          const { serve } = await import('./serve-workspace.ts');
          return await serve(ctx, cli, o.port as number, o.host as string, o.alertsCron as string | undefined);
        } finally {
          await cli.close();
        }
      }),
    );
}
