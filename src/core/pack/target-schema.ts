import { z } from 'zod';
import { GATE_METRIC_NAMES, type GateMetricName, METRIC_SCOPE_KINDS, type MetricScope, WORKSPACE_SCOPE, windowMs } from '../metrics/gate-metric.ts';

/**
 * A target: a delivery metric the operating model commits to, as data (issue 12, point 1).
 * `leadTimeForChanges` over 30 days for the whole workspace below 240 minutes, say; the
 * control center and the Metrics page show each against its actual, met or not, with its trend.
 */

export const TARGET_DIRECTIONS = ['below', 'atMost', 'above', 'atLeast'] as const;
export type TargetDirection = (typeof TARGET_DIRECTIONS)[number];

export const TARGET_SEVERITIES = ['info', 'warning', 'critical'] as const;

const name = z.string().trim().min(1, 'must not be empty');

const scopeSchema = z.union(
  [
    z.literal('workspace'),
    z.record(z.string(), name).refine((o) => Object.keys(o).length === 1 && (METRIC_SCOPE_KINDS as readonly string[]).includes(Object.keys(o)[0] ?? ''), {
      message: `name one of ${METRIC_SCOPE_KINDS.join(', ')}, e.g. { team: Feature Team A }`,
    }),
  ],
  { error: () => `use 'workspace' or one of { project: P }, { team: T }, { service: S }` },
);

export const targetSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case kebab-case, e.g. pr-cycle-time'),
    name,
    description: z.string().optional(),
    metric: z.enum(GATE_METRIC_NAMES, { error: (issue) => `there is no metric '${String(issue.input)}'; use one of ${GATE_METRIC_NAMES.join(', ')}` }),
    /** The window each actual is measured over, ending now: `12h`, `14d`, `4w`. */
    window: z.string().refine((w) => windowMs(w) !== null, { message: "use a number of hours, days or weeks, e.g. '12h', '14d', '4w'" }),
    /** `workspace` (the default), or one project, team or service. */
    scope: scopeSchema.default('workspace'),
    /** In the metric's unit (minutes for times, a fraction for the change failure rate, a count otherwise). */
    threshold: z
      .object({
        value: z.number({ error: 'must be a number' }),
        direction: z.enum(TARGET_DIRECTIONS, { error: (issue) => `unknown direction '${String(issue.input)}'; use one of ${TARGET_DIRECTIONS.join(', ')}` }),
      })
      .strict(),
    severity: z.enum(TARGET_SEVERITIES, { error: (issue) => `unknown severity '${String(issue.input)}'; use one of ${TARGET_SEVERITIES.join(', ')}` }),
    /** The seed line the target quotes, verbatim. */
    seed: z.object({ source: name, line: name }).strict().optional(),
  })
  .strict();

export type TargetInput = z.infer<typeof targetSchema>;

/** A target as loaded: its scope normalised to `{ kind, value }`. */
export interface Target extends Omit<TargetInput, 'scope' | 'metric'> {
  readonly metric: GateMetricName;
  readonly scope: MetricScope;
}

/** A file under a pack's `targets/` folder: a list of targets. */
export const targetFileSchema = z.array(targetSchema);

/** `{ team: 'A' }` → `{ kind: 'team', value: 'A' }`; `'workspace'` → `{ kind: 'workspace' }`. */
export function toTarget(input: TargetInput): Target {
  const entry = input.scope === 'workspace' ? undefined : Object.entries(input.scope)[0];
  const scope: MetricScope = !entry || entry[0] === 'workspace' ? WORKSPACE_SCOPE : ({ kind: entry[0], value: entry[1] } as MetricScope);
  return { ...input, scope };
}

/**
 * Whether an actual meets its threshold.
 *
 * @example meetsThreshold(180, { value: 240, direction: 'below' }) // true
 */
export function meetsThreshold(actual: number, threshold: { readonly value: number; readonly direction: TargetDirection }): boolean {
  switch (threshold.direction) {
    case 'below':
      return actual < threshold.value;
    case 'atMost':
      return actual <= threshold.value;
    case 'above':
      return actual > threshold.value;
    case 'atLeast':
      return actual >= threshold.value;
  }
}

/** Checks a pack's targets beyond their shape: unique ids. */
export function checkTargets(targets: readonly Target[]): { index: number; path: string[]; message: string }[] {
  const seen = new Set<string>();
  const problems: { index: number; path: string[]; message: string }[] = [];
  targets.forEach((t, index) => {
    if (seen.has(t.id)) problems.push({ index, path: ['id'], message: `duplicate target '${t.id}'` });
    seen.add(t.id);
  });
  return problems;
}

/** What a metric's numbers are: minutes, a fraction (0.05 = 5 %), deployment days, lines changed, or a count. */
export type TargetUnit = 'minutes' | 'ratio' | 'days' | 'lines' | 'count';

const UNITS: Partial<Record<GateMetricName, TargetUnit>> = {
  leadTimeForChanges: 'minutes',
  recoveryTime: 'minutes',
  timeToRestore: 'minutes',
  timeToRestoreP1: 'minutes',
  prCycleTime: 'minutes',
  codingTime: 'minutes',
  pickupTime: 'minutes',
  reviewTime: 'minutes',
  deployTime: 'minutes',
  changeFailureRate: 'ratio',
  deployDays: 'days',
  medianDeployDaysPerWeek: 'days',
  medianDeployDaysPerMonth: 'days',
  prSize: 'lines',
};

/** @example metricUnit('prCycleTime') // 'minutes' */
export const metricUnit = (metric: GateMetricName): TargetUnit => UNITS[metric] ?? 'count';
