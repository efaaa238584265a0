import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.ts';
import { ingestCodeowners } from '../../integrations/codeowners/ingest-codeowners.ts';
import { ingestGit } from '../../integrations/git/ingest-git.ts';
import { ingestGitHub } from '../../integrations/github/ingest-github.ts';
import { ingestIncidentsCsv } from '../../integrations/incidents/ingest-incidents-csv.ts';
import { collect, globals, withGlobals } from '../command-helpers.ts';
import { progressBar } from '../progress.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';
import { ingestTable } from './ingest-commands.ts';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw invalidInput(`Can't read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { file });
  }
}

function teamMap(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((p) => {
      const eq = p.indexOf('=');
      if (eq <= 0) throw invalidInput(`--team-name '${p}' is not @org/team=Name`);
      return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()];
    }),
  );
}

/** `eos ingest git|github|codeowners|incidents`: the adapters that turn outside data into delivery events. */
export function registerIngestSourceCommands(ingest: Command): void {
  withGlobals(ingest.command('git <repoPath>'))
    .description('load a git repository: commits with parents, merge commits as changes, matching tags as production deployments')
    .option('--deploy-tags <glob>', "tags that are production deployments, e.g. 'v*'")
    .option('--project <project>', 'the project its events belong to (default: the repo name)')
    .option('--repo <name>', "the repository's name in eos (default: the folder's name)")
    .option('--no-merges', "don't turn merge commits into changes (when GitHub supplies the real pull requests)")
    .action((path: string, o: { deployTags?: string; project?: string; repo?: string; merges: boolean }, cmd: Command) =>
      runCommand('ingest git', globals(cmd), async (ctx) => {
        const report = await ingestGit(await ctx.session(), { path, deployTags: o.deployTags, project: o.project, repo: o.repo, merges: o.merges });
        const warnings = report.skippedTags.length ? [`${report.skippedTags.length} matching tags name no commit and were skipped: ${report.skippedTags.join(', ')}`] : [];
        if (!o.deployTags) warnings.push('no --deploy-tags: no deployments were read (e.g. --deploy-tags "v*")');
        const human = [
          `${style.ok('✓')} ${report.repo} (project ${report.project}): ${report.commits} commits, ${report.changes} merge changes, ${report.deployments} deployments`,
          ingestTable(report.stored),
        ];
        return { json: report, human: human.join('\n'), warnings };
      }),
    );

  withGlobals(ingest.command('github'))
    .description('load pull requests (with reviews and commits) and deployments (with statuses) through the GitHub REST API')
    .requiredOption('--repo <owner/name>', 'the repository')
    .option('--token <token>', 'a GitHub token (default: $GITHUB_TOKEN)')
    .option('--api-url <url>', 'the API root, e.g. https://github.example.com/api/v3', 'https://api.github.com')
    .option('--since <date>', 'only PRs updated, and deployments created, since then')
    .option('--project <project>', 'the project its events belong to (default: owner/name)')
    .option('--production <regex>', 'environments that count as production, besides GitHub’s own flag', 'prod')
    .option('--no-compare', "don't ask GitHub what each production deployment shipped (saves one request per deployment)")
    .action((o: { repo: string; token?: string; apiUrl: string; since?: string; project?: string; production: string; compare: boolean }, cmd: Command) =>
      runCommand('ingest github', globals(cmd), async (ctx) => {
        const session = await ctx.session();
        const bars = {
          'pull requests': progressBar('pull requests', !ctx.options.json, ctx.config.progressAfterMs),
          deployments: progressBar('deployments  ', !ctx.options.json, ctx.config.progressAfterMs),
        };
        let report: Awaited<ReturnType<typeof ingestGitHub>>;
        try {
          report = await ingestGitHub(session, {
            repo: o.repo,
            token: o.token ?? process.env.GITHUB_TOKEN,
            apiUrl: o.apiUrl,
            since: o.since,
            project: o.project,
            production: o.production,
            compare: o.compare,
            onProgress: (p) => {
              if (p.phase === 'deployments') bars['pull requests'].stop();
              bars[p.phase].update(p.done, p.total);
            },
            onWait: (seconds, limit) => ctx.log(style.warn(`GitHub's rate limit is used up${limit ? ` (${limit.limit} an hour)` : ''}: waiting ${seconds}s for it to reset…`)),
          });
        } finally {
          bars['pull requests'].stop();
          bars.deployments.stop();
        }
        const limit = report.rateLimit;
        const human = [
          `${style.ok('✓')} ${report.repo}: ${report.pullRequests} pull requests (${report.reviews} reviews, ${report.prCommits} commits), ${report.deployments} deployments`,
          ingestTable(report.stored),
          style.dim(
            `${report.requests} requests${limit ? `; rate limit ${limit.remaining}/${limit.limit} left, resets ${limit.resetAt}` : ''}${report.waitedSeconds ? `; waited ${report.waitedSeconds}s` : ''}`,
          ),
        ];
        const warnings = [
          ...(report.pendingDeployments ? [`${report.pendingDeployments} deployments have not finished yet; they are stored once they succeed or fail (run again)`] : []),
          ...(report.inferredDeployments
            ? [
                `${report.inferredDeployments} deployments have only an 'inactive' status left (GitHub deletes statuses after 90 days): stored as successful, finished when they were created`,
              ]
            : []),
        ];
        return { json: report, human: human.join('\n'), warnings };
      }),
    );

  withGlobals(ingest.command('codeowners <file>'))
    .description("read a CODEOWNERS file: the repository's owning teams get its project, and its rules are kept")
    .requiredOption('--repo <name>', 'the repository the file belongs to')
    .option('--project <project>', 'the project its events belong to (default: the repo)')
    .option('--team-name <@org/team=Name>', 'name a GitHub team as an eos team (repeatable)', collect, [])
    .action((file: string, o: { repo: string; project?: string; teamName: string[] }, cmd: Command) =>
      runCommand('ingest codeowners', globals(cmd), async (ctx) => {
        const report = await ingestCodeowners(await ctx.session(), { file, text: readText(file), repo: o.repo, project: o.project, teamNames: teamMap(o.teamName) });
        const human = [
          `${style.ok('✓')} ${report.repo}: ${report.rules} rules; owned by ${report.owningTeams.join(', ') || 'no team'} (project ${report.project})`,
          table(
            ['OWNER', 'TEAM', 'PATTERNS'],
            report.teams.map((t) => [t.owner, t.team, t.patterns.join(' ')]),
          ),
        ];
        return { json: report, human: human.join('\n') };
      }),
    );

  withGlobals(ingest.command('incidents <file>'))
    .description('load a PagerDuty or Opsgenie incidents CSV (a DevLake raw table, or API JSON one object per row)')
    .option('--project <project>', 'the project the incidents belong to')
    .action((file: string, o: { project?: string }, cmd: Command) =>
      runCommand('ingest incidents', globals(cmd), async (ctx) => {
        const report = await ingestIncidentsCsv(await ctx.session(), { file, text: readText(file), project: o.project });
        return { json: report, human: [`${style.ok('✓')} ${file}: ${report.incidents} ${report.source} incidents`, ingestTable(report.stored)].join('\n') };
      }),
    );
}
