import type { Command } from 'commander';
import { addChannel, listChannels, removeChannel, testChannel } from '../../app/alerts/alert-channels.ts';
import { listAlertDeliveries, listAlertRules, listAlerts } from '../../app/alerts/list-alerts.ts';
import { type AlertPassReport, runAlertPass } from '../../app/alerts/run-alert-pass.ts';
import { describeChannel } from '../../core/alerts/alert-channel.ts';
import { createAlertSender } from '../../integrations/alerts/alert-sender.ts';
import { globals, wholeNumber, withGlobals } from '../command-helpers.ts';
import type { Config } from '../config.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

const senderFor = (config: Config) => createAlertSender({ timeoutMs: config.alerts.timeoutMs });

/** How a pass reads for people: each event, each delivery, then the count still firing. */
export function humanPass(report: AlertPassReport): string {
  const lines: string[] = [];
  for (const e of report.events) {
    const level = e.level > 1 ? ` (level ${e.level})` : '';
    const mark = e.event === 'resolved' ? style.ok('✓ resolved') : e.event === 'repeat' ? style.warn('↻ still firing') : style.bad(`! ${e.event}`);
    lines.push(`${mark} ${e.rule} ${e.label}${level}: ${e.message}${style.dim(` → ${e.channels.join(', ')}`)}`);
  }
  const missing = new Set<string>();
  for (const d of report.deliveries) {
    if (d.status === 'skipped') {
      missing.add(d.channel);
      lines.push(`  ${style.dim(`skipped ${d.channel} ${d.event} ${d.rule} ${d.subject}: no such channel`)}`);
      continue;
    }
    const how = d.status === 'sent' ? style.ok('sent') : style.bad('failed');
    const code = d.statusCode !== null ? ` ${d.statusCode}` : '';
    const retry = d.retryAt ? `; retry after ${d.retryAt}` : '';
    lines.push(`  ${how}${code} ${d.channel} ${d.event} ${d.rule} ${d.subject} (attempt ${d.attempt})${d.error ? style.dim(`: ${d.error}${retry}`) : ''}`);
  }
  for (const name of missing) lines.push(style.dim(`  (add the channel with: eos alerts channel add ${name} --webhook <url>, or --email …)`));
  for (const e of report.errors) lines.push(`${style.warn('warning:')} rule ${e.rule} was not evaluated: ${e.message}`);
  const verb = report.dryRun ? 'would notify' : 'notified';
  lines.push(
    style.dim(
      `${report.firing} alert${report.firing === 1 ? '' : 's'} firing over ${report.rules} rules; ${verb} ${report.events.length} event${report.events.length === 1 ? '' : 's'}`,
    ),
  );
  return lines.join('\n');
}

function registerChannelCommands(alerts: Command): void {
  const channel = alerts.command('channel').description('where notifications go (admins only): webhooks and email');
  withGlobals(channel.command('add <name>'))
    .description('add a channel, or replace the one of that name')
    .option('--webhook <url>', 'POST each notification as JSON to this URL')
    .option('--secret-env <VAR>', 'sign webhook bodies (X-Eos-Signature-256) with the secret in this environment variable')
    .option('--email <to>', 'send email to these addresses (comma-separated)')
    .option('--smtp <host:port>', 'the SMTP server (port 465 is TLS; others upgrade with STARTTLS when offered)')
    .option('--from <address>', 'the sender address')
    .option('--user <user>', 'log in to the SMTP server as this user')
    .option('--password-env <VAR>', 'with the password in this environment variable')
    .action((name: string, o: Record<string, string | undefined>, cmd: Command) =>
      runCommand('alerts channel add', globals(cmd), async (ctx) => {
        const added = await addChannel(await ctx.session(), {
          name,
          webhook: o.webhook,
          secretEnv: o.secretEnv,
          email: o.email,
          smtp: o.smtp,
          from: o.from,
          user: o.user,
          passwordEnv: o.passwordEnv,
        });
        return { json: { channel: added }, human: `${style.ok('✓')} channel ${added.name}: ${describeChannel(added)}; try it with: eos alerts test ${added.name}` };
      }),
    );
  withGlobals(channel.command('list'))
    .description("list the workspace's channels (secrets show as the variables that hold them)")
    .action((_o: unknown, cmd: Command) =>
      runCommand('alerts channel list', globals(cmd), async (ctx) => {
        const channels = await listChannels(await ctx.session());
        const human =
          channels.length === 0
            ? style.dim('no channels yet: eos alerts channel add <name> --webhook <url>')
            : table(
                ['NAME', 'KIND', 'SENDS', 'ADDED', 'BY'],
                channels.map((c) => [c.name, c.kind, describeChannel(c), c.createdAt.slice(0, 16), c.createdBy]),
              );
        return { json: { channels }, human };
      }),
    );
  withGlobals(channel.command('remove <name>'))
    .description('remove a channel')
    .action((name: string, _o: unknown, cmd: Command) =>
      runCommand('alerts channel remove', globals(cmd), async (ctx) => {
        const removed = await removeChannel(await ctx.session(), name);
        return { json: { channel: removed }, human: `${style.ok('✓')} removed channel ${removed.name}` };
      }),
    );
}

export function registerAlertCommands(program: Command): void {
  const alerts = program.command('alerts').description("alerts and escalations: the pack's rules, evaluated and sent to the workspace's channels");
  registerChannelCommands(alerts);
  withGlobals(alerts.command('test <channel>'))
    .description('send a test notification to a channel now and print how it answered')
    .action((name: string, _o: unknown, cmd: Command) =>
      runCommand('alerts test', globals(cmd), async (ctx) => {
        const result = await testChannel(await ctx.session(), name, senderFor(ctx.config));
        const code = result.statusCode !== null ? ` ${result.statusCode}` : '';
        const human = result.ok
          ? `${style.ok('✓')} ${name} answered${code}${result.response ? style.dim(` ${result.response}`) : ''}`
          : `${style.bad('✗')} ${name} failed${code}: ${result.error}`;
        return { json: result, human, ...(result.ok ? {} : { exitCode: 1 }) };
      }),
    );
  withGlobals(alerts.command('run'))
    .description('run one alert pass: evaluate every rule, notify what fired, escalated, repeats or resolved, retry failed deliveries')
    .option('--dry-run', 'report what would be notified; write and send nothing')
    .action((o: { dryRun?: boolean }, cmd: Command) =>
      runCommand('alerts run', globals(cmd), async (ctx) => {
        const report = await runAlertPass(await ctx.session(), { dryRun: o.dryRun ?? false, send: senderFor(ctx.config), baseUrl: ctx.config.alerts.publicUrl });
        return { json: report, human: humanPass(report) };
      }),
    );
  withGlobals(alerts.command('list'))
    .description('the alerts firing now (as the last pass left them)')
    .option('--all', 'resolved ones too')
    .action((o: { all?: boolean }, cmd: Command) =>
      runCommand('alerts list', globals(cmd), async (ctx) => {
        const found = await listAlerts(await ctx.session(), { all: o.all ?? false });
        const human =
          found.length === 0
            ? style.dim(o.all ? 'no alerts yet' : 'nothing is firing')
            : table(
                ['RULE', 'SEVERITY', 'SUBJECT', 'LEVEL', 'STATE', 'SINCE', 'NOTIFIED', 'MESSAGE'],
                found.map((a) => [a.ruleId, a.rule?.severity ?? '', a.label, a.level, a.state, a.since.slice(0, 16), a.lastNotifiedAt?.slice(0, 16) ?? '', a.message]),
              );
        return { json: { alerts: found }, human };
      }),
    );
  withGlobals(alerts.command('rules'))
    .description("the pack's alert rules")
    .action((_o: unknown, cmd: Command) =>
      runCommand('alerts rules', globals(cmd), async (ctx) => {
        const rules = await listAlertRules(await ctx.session());
        return {
          json: { rules },
          human: table(
            ['ID', 'KIND', 'SEVERITY', 'NOTIFY', 'REPEAT', 'NAME'],
            rules.map((r) => [r.id, r.kind, r.severity, r.notify, r.repeat ?? '', r.name]),
          ),
        };
      }),
    );
  withGlobals(alerts.command('log'))
    .description('the delivery log, newest first: each attempt with its HTTP status or SMTP reply')
    .option('--limit <n>', 'how many attempts', wholeNumber, 50)
    .action((o: { limit: number }, cmd: Command) =>
      runCommand('alerts log', globals(cmd), async (ctx) => {
        const deliveries = await listAlertDeliveries(await ctx.session(), o.limit);
        const human =
          deliveries.length === 0
            ? style.dim('nothing sent yet')
            : table(
                ['AT', 'CHANNEL', 'EVENT', 'RULE', 'SUBJECT', 'ATTEMPT', 'STATUS', 'CODE', 'ERROR'],
                deliveries.map((d) => [d.at.slice(0, 19), d.channel, d.event, d.ruleId, d.subject, d.attempt, d.status, d.statusCode ?? '', d.error ?? '']),
              );
        return { json: { deliveries }, human };
      }),
    );
}
