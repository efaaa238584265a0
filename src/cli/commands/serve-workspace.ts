import { createFirstAdmin, type FirstAdmin } from '../../app/auth/create-first-admin.ts';
import { anyoneCanLogIn } from '../../app/auth/list-users.ts';
import { createDemoWorkspace } from '../../app/create-demo-workspace.ts';
import { workspaceReady } from '../../app/init-workspace.ts';
import { readPack } from '../../app/read-pack.ts';
import { createAuthPlugin } from '../../http/auth/auth-plugin.ts';
import { buildServer } from '../../http/build-server.ts';
import { serveUntilSignal } from '../../http/serve-until-signal.ts';
import { registerWebAssets } from '../../http/web-assets.ts';
import { createAlertSender } from '../../integrations/alerts/alert-sender.ts';
import type { Store } from '../../store/store.ts';
import { ensureWebBuild } from '../../web/build/ensure-web-build.ts';
import { createLocalCli } from '../local-cli.ts';
import type { CliStore } from '../open-cli-store.ts';
import { style } from '../render.ts';
import type { CommandContext, CommandResult } from '../runtime.ts';

/** The demo workspace `npm start` serves: engineering-os with every CSV starter. */
async function createDemo(ctx: CommandContext, store: Store): Promise<number> {
  const { starters, demoEvents: e } = await createDemoWorkspace({ store, workspaceId: ctx.options.workspace, ...readPack('engineering-os'), actor: ctx.config.actor });
  ctx.log(`${style.ok('✓')} loaded a ${e.days}-day demo delivery history: ${e.pullRequests} pull requests, ${e.deployments} deployments, ${e.incidents} incidents`);
  return starters.reduce((n, s) => n + s.created, 0);
}

/** The first run's admin, printed once (stderr, never the server's log): where to go, the name and the one-time password. */
function firstAdminLines(admin: FirstAdmin, url: string, actor: string): string[] {
  return [
    '',
    style.bold(`  first run: eos added the user ${admin.name} (role admin) with a one-time password`),
    `    open:      ${url}`,
    `    username:  ${admin.name}`,
    `    password:  ${style.bold(admin.password)}`,
    style.dim('  Sign in and choose a new password: this one must be changed at the first login, and is not shown again.'),
    style.dim(`  The CLI acts as EOS_USER (${actor}); now that the workspace has a user, set EOS_USER=${admin.name} to run commands as this admin (ADR 011).`),
    '',
  ];
}

export async function serve(ctx: CommandContext, cli: CliStore, port: number, host: string, cronFlag?: string): Promise<CommandResult> {
  const { store, lock } = cli;
  const workspace = ctx.options.workspace;
  // On an embedded store, CLI commands of other processes come here (ADR 012).
  const localCli = lock ? createLocalCli(store) : undefined;
  if (!(await workspaceReady(store, workspace))) {
    ctx.log(`creating the demo workspace '${workspace}' (engineering-os with its starters) …`);
    ctx.log(`${style.ok('✓')} loaded ${await createDemo(ctx, store)} starter records`);
  }
  const web = await ensureWebBuild({ onProgress: ctx.log });
  const app = await buildServer({
    store,
    workspaceId: workspace,
    logger: { level: process.env.EOS_LOG_LEVEL ?? 'info' },
    trustProxy: ctx.config.trustProxy,
    auth: createAuthPlugin({ store, workspaceId: workspace, ...(localCli ? { localCli } : {}) }),
    web: (child) => registerWebAssets(child, { dir: web.dir }),
    webhookSecret: process.env.EOS_WEBHOOK_SECRET,
    ritualsCron: ctx.config.ritualsCron,
    alerts: {
      send: createAlertSender({ timeoutMs: ctx.config.alerts.timeoutMs }),
      baseUrl: ctx.config.alerts.publicUrl,
      cron: ctx.config.alerts.enabled ? (cronFlag ?? ctx.config.alerts.cron) : undefined,
      auditCron: ctx.config.audit.verifyCron === 'off' ? undefined : ctx.config.audit.verifyCron,
    },
  });
  let url = '';
  // The serving process owns the store, as `eos init` does: it adds the first admin (ADR 037).
  const firstAdmin = await createFirstAdmin({ store, workspaceId: workspace }, { name: ctx.config.actor, role: 'admin' });
  const nobody = !firstAdmin && !(await anyoneCanLogIn({ store, workspaceId: workspace }));
  await serveUntilSignal(app, {
    port,
    host,
    onListening: (at) => {
      url = at;
      if (lock && localCli) lock.announce({ port: Number(new URL(at).port), token: localCli.token });
      ctx.log(`${style.ok('✓')} eos serves workspace '${workspace}' (${store.location}) at ${at}  ·  API ${at}/api/v1  ·  OpenAPI ${at}/api/openapi.json`);
      for (const line of firstAdmin ? firstAdminLines(firstAdmin, at, ctx.config.actor) : []) ctx.log(line);
      if (nobody) ctx.log(style.warn('no user has a password, so no one can log in to the web app: an admin gives one a password with eos user set <name> --password-stdin'));
    },
    onSignal: (signal) => ctx.log(`${signal}: finishing open requests, then closing the store …`),
  });
  return { json: { workspace, url, stopped: true }, human: style.dim('stopped') };
}
