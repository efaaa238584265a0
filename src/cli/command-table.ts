import type { Command } from 'commander';

/** Adds one or more top-level commands to the program. */
export type RegisterCommands = (program: Command) => unknown;

/** One top-level command, as `eos --help` lists it, and how to load the module that defines it. */
export interface CommandEntry {
  readonly name: string;
  /** Its usage as the help lists it, e.g. `backup [options] <file>`. */
  readonly term: string;
  readonly description: string;
  readonly load: () => Promise<RegisterCommands>;
}

const workspace = () => import('./commands/workspace-commands.ts').then((m) => m.registerWorkspaceCommands);
const pack = () => import('./commands/workspace-commands.ts').then((m) => m.registerPackCommands);
const db = () => import('./commands/db-commands.ts').then((m) => m.registerDbCommands);
const record = () => import('./commands/record-commands.ts').then((m) => m.registerRecordCommands);
const sop = () => import('./commands/sop-commands.ts').then((m) => m.registerSopCommands);
const gate = () => import('./commands/gate-commands.ts').then((m) => m.registerGateCommands);
const importing = () => import('./commands/import-commands.ts').then((m) => m.registerImportCommands);
const ingest = () => import('./commands/ingest-commands.ts').then((m) => m.registerIngestCommands);
const metrics = () => import('./commands/metrics-commands.ts').then((m) => m.registerMetricsCommands);
const decision = () => import('./commands/decision-commands.ts').then((m) => m.registerDecisionCommands);
const evidence = () => import('./commands/evidence-commands.ts').then((m) => m.registerEvidenceCommands);
const audit = () => import('./commands/audit-commands.ts').then((m) => m.registerAuditCommands);
const alerts = () => import('./commands/alert-commands.ts').then((m) => m.registerAlertCommands);
const ritual = () => import('./commands/ritual-commands.ts').then((m) => m.registerRitualCommands);
const serve = () => import('./commands/serve-command.ts').then((m) => m.registerServeCommand);
const user = () => import('./commands/user-commands.ts').then((m) => m.registerUserCommands);
const people = () => import('./commands/people-commands.ts').then((m) => m.registerPeopleCommands);
const unlock = () => import('./commands/unlock-command.ts').then((m) => m.registerUnlockCommand);

/**
 * ADR 065: every top-level command, in help order, so `eos --help` and `eos --version` load no command
 * module and a command loads only its own. test/command-table.test.ts holds this table to what the modules
 * register (names, usage, descriptions), so it can't drift from them.
 */
export const COMMAND_TABLE: readonly CommandEntry[] = [
  { name: 'init', term: 'init [options]', description: 'create a workspace from a template pack', load: workspace },
  { name: 'migrate', term: 'migrate [options]', description: 'apply pending migrations (they also run on every start); --status lists them', load: workspace },
  { name: 'backup', term: 'backup [options] <file>', description: 'write the whole workspace to a file', load: workspace },
  { name: 'restore', term: 'restore [options] <file>', description: 'restore a workspace from a backup file, exactly', load: workspace },
  { name: 'pack', term: 'pack', description: "the workspace's template pack", load: pack },
  { name: 'db', term: 'db', description: "the workspace's databases", load: db },
  { name: 'record', term: 'record', description: 'create, read, update and move records', load: record },
  { name: 'link', term: 'link [options] <key> <field> <targets...>', description: 'link records through a relation field', load: record },
  { name: 'unlink', term: 'unlink [options] <key> <field> <targets...>', description: 'remove links from a relation field', load: record },
  { name: 'sop', term: 'sop [options] <key>', description: "show a record's SOP checklist; `sop check` / `sop uncheck` tick steps", load: sop },
  { name: 'gate', term: 'gate', description: 'gates', load: gate },
  { name: 'import', term: 'import', description: 'import records', load: importing },
  { name: 'ingest', term: 'ingest', description: 'load delivery events: pull requests, deployments, incidents, commits (CONTRACT §7)', load: ingest },
  {
    name: 'metrics',
    term: 'metrics [options]',
    description: 'DORA delivery metrics (as Apache DevLake computes them), PR cycle time and review SLAs (CONTRACT §7)',
    load: metrics,
  },
  { name: 'decide', term: 'decide [options]', description: 'append to the decision log', load: decision },
  { name: 'decisions', term: 'decisions [options]', description: 'list the decision log, newest first', load: decision },
  {
    name: 'evidence',
    term: 'evidence [options] <key>',
    description: "show the evidence frozen by a record's latest decision and whether anything changed since",
    load: evidence,
  },
  {
    name: 'audit',
    term: 'audit [options] [key]',
    description: 'list the audit trail (of one record, with a key); `audit verify` checks it end to end; `audit key` shows or rotates its signing key',
    load: audit,
  },
  { name: 'alerts', term: 'alerts', description: "alerts and escalations: the pack's rules, evaluated and sent to the workspace's channels", load: alerts },
  { name: 'ritual', term: 'ritual', description: "rituals whose record the workspace creates on time (the pack's rituals/, docs/rituals.md)", load: ritual },
  { name: 'serve', term: 'serve [options]', description: 'serve the REST API and the web app (creates the demo workspace on first run)', load: serve },
  { name: 'user', term: 'user', description: 'people and their roles (admins only)', load: user },
  { name: 'token', term: 'token', description: 'API tokens: printed once, stored only as a hash', load: user },
  { name: 'comment', term: 'comment', description: 'comments on records: eos comment KEY "text" (Markdown; @user and @team mention)', load: people },
  { name: 'me', term: 'me', description: 'your own work and notifications', load: people },
  {
    name: 'unlock',
    term: 'unlock [options]',
    description: "remove the embedded store's lock left by a process that no longer runs (e.g. on another host); refuses while a live holder exists",
    load: unlock,
  },
];
