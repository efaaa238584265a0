/**
 * The delivery metrics a gate can read with `metric('name', 'window')`, e.g.
 * `metric('changeFailureRate', '14d') <= 0.10`. Each is computed over the workspace's events
 * in the window that ends at the evaluation's `now`.
 */
export const GATE_METRIC_NAMES = [
  'deployments',
  'deployDays',
  'medianDeployDaysPerWeek',
  'medianDeployDaysPerMonth',
  'leadTimeForChanges',
  'changeFailureRate',
  'failedDeployments',
  'recoveryTime',
  'timeToRestore',
  'timeToRestoreP1',
  'prCycleTime',
  'codingTime',
  'pickupTime',
  'reviewTime',
  'deployTime',
  'prSize',
  'mergedPrs',
  'firstReviewSlaBreaches',
  'approvalSlaBreaches',
] as const;

export type GateMetricName = (typeof GATE_METRIC_NAMES)[number];

const WINDOW = /^(\d{1,4})([hdw])$/;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * A gate metric window (`12h`, `14d`, `4w`) in milliseconds, or null when it isn't one.
 *
 * @example windowMs('14d') // 1209600000
 */
export function windowMs(window: string): number | null {
  const m = WINDOW.exec(window);
  if (!m || Number(m[1]) === 0) return null;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** What is wrong with a `metric()` call's literals, if anything (a pack with one is refused at load). */
export function gateMetricProblem(name: string, window: string): string | null {
  if (!(GATE_METRIC_NAMES as readonly string[]).includes(name)) return `metric('${name}', …): there is no such metric; use one of ${GATE_METRIC_NAMES.join(', ')}`;
  if (windowMs(window) === null) return `metric('${name}', '${window}'): the window must be a number of hours, days or weeks, e.g. '12h', '14d', '4w'`;
  return null;
}

/** What `metric(name, window, scope)` can narrow a metric to (`{'team': record.Team}`, `{'project': 'web'}`). */
export const METRIC_SCOPE_KINDS = ['workspace', 'project', 'team', 'service'] as const;
export type MetricScopeKind = (typeof METRIC_SCOPE_KINDS)[number];

/** The workspace's events, or one project's, team's (the projects it owns) or service's (a service's name is its project). */
export type MetricScope = { readonly kind: 'workspace' } | { readonly kind: Exclude<MetricScopeKind, 'workspace'>; readonly value: string };

export const WORKSPACE_SCOPE: MetricScope = { kind: 'workspace' };

/**
 * A scope as a stable key, for caching one computation per (metric, window, scope).
 *
 * @example scopeKey({ kind: 'team', value: 'Feature Team A' }) // 'team=Feature Team A'
 */
export function scopeKey(scope: MetricScope): string {
  return scope.kind === 'workspace' ? 'workspace' : `${scope.kind}=${scope.value}`;
}

/** A scope in words, for messages: `team 'Feature Team A'`, `the workspace`. */
export function describeScope(scope: MetricScope): string {
  return scope.kind === 'workspace' ? 'the workspace' : `${scope.kind} '${scope.value}'`;
}

/** A scope as a `metric()` call writes it: a literal, or a field of the record (`{'team': record.Team}`), read per record. */
export type MetricScopeRef = MetricScope | { readonly kind: Exclude<MetricScopeKind, 'workspace'>; readonly field: string };

/** A `metric()` call an expression makes: what to compute before evaluating it. */
export interface MetricRef {
  readonly name: string;
  readonly window: string;
  readonly scope: MetricScopeRef;
}

/**
 * The scope a record's field names: a text, or a one-record relation's key (`['Feature Team A']`).
 * Throws, with what is wrong, when it names none or several.
 *
 * @example scopeFromValue('team', ['Feature Team A']) // { kind: 'team', value: 'Feature Team A' }
 */
export function scopeFromValue(kind: MetricScopeKind, value: unknown): MetricScope {
  const read = readScope(kind, value);
  if ('problem' in read) throw new Error(read.problem);
  return read;
}

/** The same, saying what is wrong instead of throwing. */
export function readScope(kind: MetricScopeKind, value: unknown): MetricScope | { readonly problem: string } {
  if (kind === 'workspace') return WORKSPACE_SCOPE;
  const values = (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== undefined && String(v).trim() !== '').map(String);
  if (values.length === 0) return { problem: `the ${kind} scope names no ${kind} (the value is empty)` };
  if (values.length > 1) return { problem: `the ${kind} scope names ${values.length} ${kind}s (${values.join(', ')}); a scope names one` };
  return { kind, value: values[0] as string };
}

/**
 * The scope a `metric()` call evaluated to in CEL (a one-entry map), or undefined for the workspace.
 *
 * @example scopeFromCel({ project: 'web' }) // { kind: 'project', value: 'web' }
 */
export function scopeFromCel(raw: unknown): MetricScope {
  const entries = raw instanceof Map ? [...raw.entries()] : raw && typeof raw === 'object' ? Object.entries(raw) : [];
  const [entry] = entries;
  if (entries.length !== 1 || !entry || !(METRIC_SCOPE_KINDS as readonly string[]).includes(String(entry[0]))) {
    throw new Error(`metric()'s scope is a map with one of ${METRIC_SCOPE_KINDS.join(', ')}, e.g. {'team': record.Team}`);
  }
  return scopeFromValue(String(entry[0]) as MetricScopeKind, entry[1]);
}
