import { createHash } from 'node:crypto';
import { type AlertRule, alertDurationMs } from '../pack/alert-rule-schema.ts';

/** A rule firing now for one subject, as one evaluation pass computed it. */
export interface AlertInstance {
  readonly ruleId: string;
  /** What fires: a record key, `<pr id>#<sla>`, or '' for a metric rule. */
  readonly subject: string;
  /** 1 for most rules; the escalation ladder's step (1–3) for blocked work. */
  readonly level: number;
  readonly label: string;
  /** The app's path for the subject (`/records/BUD-0003`), if it has one. */
  readonly link: string | null;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** People the alert names (a reviewer, a team lead): they are notified in person too (ADR 072). */
  readonly people?: readonly string[];
}

export type AlertState = 'firing' | 'resolved';

/** An instance as stored between passes. */
export interface StoredAlertInstance extends AlertInstance {
  readonly fingerprint: string;
  readonly state: AlertState;
  readonly since: string;
  readonly changedAt: string;
  readonly lastNotifiedAt: string | null;
  readonly resolvedAt: string | null;
}

/** What a pass tells the channels: a new alert, a higher level, a reminder, or the end of one. */
export type AlertEventKind = 'firing' | 'escalated' | 'repeat' | 'resolved';

export interface AlertEvent {
  readonly kind: AlertEventKind;
  readonly rule: AlertRule;
  /** The instance as it is stored after the event. */
  readonly instance: StoredAlertInstance;
}

export interface AlertDiff {
  readonly events: readonly AlertEvent[];
  /** Every instance whose stored row changes (with or without an event). */
  readonly changed: readonly StoredAlertInstance[];
}

export interface DiffAlertsInput {
  readonly now: Date;
  readonly rules: readonly AlertRule[];
  /** The rules this pass evaluated; a rule that failed to evaluate keeps its instances as they are. */
  readonly evaluated: ReadonlySet<string>;
  readonly firing: readonly AlertInstance[];
  readonly stored: readonly StoredAlertInstance[];
}

/**
 * The fingerprint of an instance: rule, subject and level. The same subject at another level
 * is another fingerprint, which is what makes a step up the ladder notify again.
 *
 * @example alertFingerprint({ ruleId: 'blocked', subject: 'WI-0003', level: 2 }) // '9f1c…' (16 hex digits)
 */
export function alertFingerprint(instance: Pick<AlertInstance, 'ruleId' | 'subject' | 'level'>): string {
  return createHash('sha256').update(`${instance.ruleId}\u0000${instance.subject}\u0000${instance.level}`).digest('hex').slice(0, 16);
}

const keyOf = (i: Pick<AlertInstance, 'ruleId' | 'subject'>) => `${i.ruleId}\u0000${i.subject}`;

/**
 * Compares what fires now with what was stored and says what to notify: new instances fire,
 * a higher level escalates, a repeat falls due after the rule's `repeat`, and stored firing
 * instances that no longer fire resolve. Nothing else changes a row, so a second pass over
 * the same state yields nothing.
 *
 * @example diffAlerts({ now, rules, evaluated: new Set(['cfr']), firing: [], stored }).events // [{ kind: 'resolved', … }]
 */
export function diffAlerts(input: DiffAlertsInput): AlertDiff {
  const at = input.now.toISOString();
  const rules = new Map(input.rules.map((r) => [r.id, r]));
  const stored = new Map(input.stored.map((s) => [keyOf(s), s]));
  const events: AlertEvent[] = [];
  const changed: StoredAlertInstance[] = [];
  const seen = new Set<string>();
  for (const f of input.firing) {
    const rule = rules.get(f.ruleId);
    if (!rule || seen.has(keyOf(f))) continue;
    seen.add(keyOf(f));
    const before = stored.get(keyOf(f));
    const fingerprint = alertFingerprint(f);
    if (!before || before.state === 'resolved') {
      const instance = { ...f, fingerprint, state: 'firing' as const, since: at, changedAt: at, lastNotifiedAt: at, resolvedAt: null };
      events.push({ kind: 'firing', rule, instance });
      changed.push(instance);
    } else if (f.level > before.level) {
      const instance = { ...f, fingerprint, state: 'firing' as const, since: before.since, changedAt: at, lastNotifiedAt: at, resolvedAt: null };
      events.push({ kind: 'escalated', rule, instance });
      changed.push(instance);
    } else if (f.level < before.level) {
      // Back down the ladder (the block was re-dated): keep the new level, tell no one.
      changed.push({ ...f, fingerprint, state: 'firing', since: before.since, changedAt: at, lastNotifiedAt: before.lastNotifiedAt, resolvedAt: null });
    } else if (repeatDue(rule, before, input.now)) {
      const instance = { ...f, fingerprint, state: 'firing' as const, since: before.since, changedAt: before.changedAt, lastNotifiedAt: at, resolvedAt: null };
      events.push({ kind: 'repeat', rule, instance });
      changed.push(instance);
    }
  }
  for (const s of input.stored) {
    if (s.state !== 'firing' || seen.has(keyOf(s))) continue;
    const rule = rules.get(s.ruleId);
    if (rule && !input.evaluated.has(rule.id)) continue;
    const instance = { ...s, state: 'resolved' as const, changedAt: at, resolvedAt: at, ...(rule ? { lastNotifiedAt: at } : {}) };
    changed.push(instance);
    // A rule the pack no longer has resolves its instances quietly: it names no channels now.
    if (rule) events.push({ kind: 'resolved', rule, instance });
  }
  return { events, changed };
}

function repeatDue(rule: AlertRule, before: StoredAlertInstance, now: Date): boolean {
  const every = rule.repeat ? alertDurationMs(rule.repeat) : null;
  if (every === null) return false;
  const last = Date.parse(before.lastNotifiedAt ?? before.since);
  return now.getTime() - last >= every;
}

/**
 * The channels an event of a rule goes to: its `notify`, plus, for an escalation rule, the
 * `escalate` channels of every level up to the instance's.
 *
 * @example channelsFor(rule, 3) // ['eng-alerts', 'team-leads', 'vp-eng']
 */
export function channelsFor(rule: AlertRule, level: number): string[] {
  const out = [...rule.notify];
  if (rule.kind === 'escalation') {
    for (const [at, channels] of Object.entries(rule.escalate ?? {})) if (Number(at) <= level) out.push(...channels);
  }
  return [...new Set(out)];
}
