import type { Command } from 'commander';
import { computeDeliveryMetrics, type DeliveryMetrics, listPrMetrics, type MetricsOptions } from '../../app/compute-metrics.ts';
import { computeRecordFlow } from '../../app/compute-record-flow.ts';
import { setTeamSettings } from '../../app/delivery-scope.ts';
import { hoursLabel } from '../../core/metrics/dora-levels.ts';
import type { RecordFlowMetrics } from '../../core/metrics/record-flow-metrics.ts';
import { globals, withGlobals } from '../command-helpers.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

interface WindowFlags {
  from?: string;
  to?: string;
  project?: string;
  team?: string;
  report?: string;
}

const windowOptions = (command: Command): Command =>
  command
    .option('--from <date>', 'window start (YYYY-MM-DD or ISO date-time); default 90 days before --to')
    .option('--to <date>', 'window end (a bare date means the end of that day); default now')
    .option('--project <project>', 'one project')
    .option('--team <team>', "a team's projects");

const toOptions = (o: WindowFlags): MetricsOptions => ({ from: o.from, to: o.to, project: o.project, team: o.team, report: o.report });
const minutes = (m: number | null): string => (m === null ? '–' : `${m} min (${hoursLabel(m)} h)`);
const level = (l: string | null): string => (l === null ? style.dim('n/a') : l === 'elite' || l === 'high' ? style.ok(l) : l === 'medium' ? style.warn(l) : style.bad(l));

function humanMetrics(m: DeliveryMetrics): string {
  const df = m.deploymentFrequency;
  const lt = m.leadTimeForChanges;
  const cfr = m.changeFailureRate;
  const rt = m.recoveryTime;
  const pr = m.prCycleTime;
  const scope = m.team ? `team ${m.team} (${(m.projects ?? []).join(', ') || 'no projects'})` : m.projects ? `project ${m.projects.join(', ')}` : 'all projects';
  const keys = table(
    ['METRIC', 'VALUE', 'LEVEL', 'DETAIL'],
    [
      [
        'Deployment frequency',
        `${df.medianDeployDaysPerWeek} days/week, ${df.medianDeployDaysPerMonth} days/month`,
        level(df.level),
        `${df.deployments} deployments on ${df.deployDays} days; DevLake: ${df.label}`,
      ],
      ['Lead time for changes', minutes(lt.medianMinutes), level(lt.level), lt.reason ?? `${lt.changes} changes`],
      [
        'Change failure rate',
        cfr.value === null ? '–' : `${(cfr.value * 100).toFixed(1)}%`,
        level(cfr.level),
        cfr.reason ?? `${cfr.failedDeployments} of ${cfr.deployments} deployments failed`,
      ],
      [
        rt.kind === 'failedDeploymentRecoveryTime' ? 'Failed deployment recovery' : 'Time to restore service',
        minutes(rt.medianMinutes),
        level(rt.level),
        rt.reason ?? `${rt.incidents} incidents`,
      ],
    ],
  );
  const stages = table(
    ['PR STAGE (median)', 'MINUTES'],
    [
      ['cycle', pr.medianMinutes ?? '–'],
      ['coding', pr.codingMinutes ?? '–'],
      ['pickup (first review)', pr.pickupMinutes ?? '–'],
      ['review', pr.reviewMinutes ?? '–'],
      ['deploy', pr.deployMinutes ?? '–'],
      ['PR size (lines)', pr.medianPrSize ?? '–'],
    ],
  );
  const sla = `Review SLA breaches (business hours): ${m.reviewSla.firstReviewOver4h} first reviews over 4 h, ${m.reviewSla.approvalOver24h} approvals over 24 h`;
  return [`${style.bold('Delivery metrics')} ${m.from} → ${m.to}, ${scope}, DORA ${m.report} report`, keys, '', `${pr.prs} merged PRs`, stages, sla].join('\n');
}

function humanRecords(r: RecordFlowMetrics): string {
  const lines = [style.bold('From records')];
  lines.push(`WIP per person: ${r.workInProgress.map((w) => `${w.person} ${w.items}`).join(', ') || 'nothing In Progress'}`);
  lines.push(`In Progress over 5 days without an update: ${r.staleInProgress.map((w) => `${w.key} (${w.daysSinceUpdate} d)`).join(', ') || 'none'}`);
  if (r.blocked.length > 0)
    lines.push(
      table(
        ['BLOCKED', 'AGE (DAYS)', 'BY', 'ESCALATION'],
        r.blocked.map((b) => [b.key, b.ageDays, b.blockedBy ?? '–', b.escalation ?? 'within a day']),
      ),
    );
  else lines.push('Blocked items: none');
  lines.push(`P1/P2 incidents per month: ${r.p1p2IncidentsPerMonth.map((m) => `${m.month} ${m.incidents}`).join(', ') || 'none'}`);
  const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
  lines.push(`P1/P2 retros held within 48 h: ${r.retrosWithin48h.within48h} of ${r.retrosWithin48h.due} (${pct(r.retrosWithin48h.rate)})`);
  lines.push(`Retro action items completed: ${r.retroActionItems.completed} of ${r.retroActionItems.total} (${pct(r.retroActionItems.rate)})`);
  return lines.join('\n');
}

export function registerMetricsCommands(program: Command): void {
  const metrics = windowOptions(withGlobals(program.command('metrics')))
    .description('DORA delivery metrics (as Apache DevLake computes them), PR cycle time and review SLAs (CONTRACT §7)')
    .option('--report <year>', 'DORA benchmark report: 2023 or 2021', '2023')
    .action((o: WindowFlags, cmd: Command) =>
      runCommand('metrics', globals(cmd), async (ctx) => {
        const session = await ctx.session();
        const m = await computeDeliveryMetrics(session, toOptions(o));
        const records = await computeRecordFlow(session, { from: m.from, to: m.to });
        return { json: { ...m, records }, human: [humanMetrics(m), ...(records ? [humanRecords(records)] : [])].join('\n\n'), warnings: m.warnings };
      }),
    );
  windowOptions(withGlobals(metrics.command('prs')))
    .description("each PR merged in the window with its stage times (DevLake's project_pr_metrics)")
    .action((o: WindowFlags, cmd: Command) =>
      runCommand('metrics prs', globals(cmd), async (ctx) => {
        // `metrics` declares the same window flags, so commander may hand them to it.
        const result = await listPrMetrics(await ctx.session(), toOptions({ ...(cmd.parent?.opts() as WindowFlags), ...o }));
        const rows = result.prs.map((p) => [
          p.prId,
          p.project,
          p.codingMinutes,
          p.pickupMinutes,
          p.reviewMinutes,
          p.deployMinutes,
          p.cycleMinutes,
          p.prMergedAt,
          p.deploymentPartId,
        ]);
        const human = `${result.prs.length} PRs merged ${result.from} → ${result.to} (minutes; – = no such stage)\n${table(['PR', 'PROJECT', 'CODING', 'PICKUP', 'REVIEW', 'DEPLOY', 'CYCLE', 'MERGED', 'DEPLOYED BY'], rows)}`;
        return { json: result, human };
      }),
    );
  withGlobals(metrics.command('team <team>'))
    .description("set a team's projects and business hours (review SLAs count business hours)")
    .option('--projects <list>', 'comma-separated projects the team owns')
    .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/Berlin (default UTC)')
    .option('--days <days>', 'ISO weekdays, e.g. 1-5 (default Monday to Friday)')
    .option('--hours <range>', 'working hours, e.g. 09:00-17:00 (the default)')
    .action((team: string, o: { projects?: string; timeZone?: string; days?: string; hours?: string }, cmd: Command) =>
      runCommand('metrics team', globals(cmd), async (ctx) => {
        const row = await setTeamSettings(await ctx.session(), {
          team,
          projects: o.projects
            ?.split(',')
            .map((p) => p.trim())
            .filter((p) => p !== ''),
          timeZone: o.timeZone,
          workDays: o.days,
          hours: o.hours,
        });
        return { json: row, human: `${row.team}: projects ${row.projects.join(', ') || '(none)'}; ${row.dayStart}–${row.dayEnd} ${row.timeZone}, days ${row.workDays.join(',')}` };
      }),
    );
}
