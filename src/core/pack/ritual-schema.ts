import { Cron } from 'croner';
import { z } from 'zod';
import type { DatabaseDef, FieldType } from './pack-schema.ts';
import { type Target, targetSchema, toTarget } from './target-schema.ts';

/**
 * A ritual: a recurring meeting whose record the workspace creates on time (issue 12, point 3).
 * Each kind has its producer in src/app/rituals; the pack says when and into which database.
 */

export const RITUAL_KINDS = ['weekly-delivery-review', 'call-prep', 'quarter-review'] as const;
export type RitualKind = (typeof RITUAL_KINDS)[number];

const name = z.string().trim().min(1, 'must not be empty');
const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case kebab-case, e.g. weekly-delivery-review');
const seed = z.object({ source: name, line: name }).strict().optional();

/** A cron pattern (UTC) croner accepts. */
const cron = z.string().refine(
  (p) => {
    try {
      new Cron(p, { paused: true, timezone: 'UTC' }).stop();
      return true;
    } catch {
      return false;
    }
  },
  { message: "is not a cron pattern (UTC), e.g. '0 9 * * 1' for Mondays at 09:00" },
);

const base = { id, name, description: z.string().optional(), database: id, seed };

const weeklySchema = z
  .object({
    ...base,
    kind: z.literal('weekly-delivery-review'),
    /** When the review of the week before is due. */
    cron,
    /** How many weeks the snapshot's trend shows (the reviewed week the last). */
    trendWeeks: z.number().int().min(1).max(26).default(8),
  })
  .strict();

const callPrepSchema = z
  .object({
    ...base,
    kind: z.literal('call-prep'),
    /** The calls: a database and its date (or date-time) field; a bare date means 00:00 UTC that day. */
    calls: z.object({ database: id, field: name }).strict(),
    /** How long before each call its checklist is created. */
    hoursBefore: z
      .number()
      .positive()
      .max(24 * 60),
  })
  .strict();

const quarterSchema = z
  .object({
    ...base,
    kind: z.literal('quarter-review'),
    /** When the review of the quarter before is due. */
    cron,
    /** What must not get worse: thresholds in the targets' shape, measured over the quarter. */
    guardrails: z.array(targetSchema.omit({ window: true }).extend({ window: z.string().default('90d') })).default([]),
  })
  .strict();

export const ritualSchema = z.discriminatedUnion('kind', [weeklySchema, callPrepSchema, quarterSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? `unknown kind '${String((issue.input as { kind?: unknown })?.kind)}'; use one of ${RITUAL_KINDS.join(', ')}` : undefined),
});

/** A file under a pack's `rituals/` folder: a list of rituals. */
export const ritualFileSchema = z.array(ritualSchema);

type RitualInput = z.infer<typeof ritualSchema>;
export type WeeklyRitual = Extract<RitualInput, { kind: 'weekly-delivery-review' }>;
export type CallPrepRitual = Extract<RitualInput, { kind: 'call-prep' }>;
export type QuarterRitual = Omit<Extract<RitualInput, { kind: 'quarter-review' }>, 'guardrails'> & { readonly guardrails: readonly Target[] };
export type Ritual = WeeklyRitual | CallPrepRitual | QuarterRitual;

/** The guardrails' scopes normalised like targets'. */
export function toRitual(input: RitualInput): Ritual {
  return input.kind === 'quarter-review' ? { ...input, guardrails: input.guardrails.map((g) => toTarget(g)) } : input;
}

/** The fields each kind writes, with their types: the database must have them. */
export const RITUAL_FIELDS: Record<RitualKind, Readonly<Record<string, FieldType>>> = {
  'weekly-delivery-review': {
    Date: 'date',
    'Metrics Snapshot': 'text',
    Targets: 'text',
    Blocked: 'text',
    Stale: 'text',
    'SLA Breaches': 'text',
    'Snapshot SHA-256': 'text',
  },
  'call-prep': { Call: 'relation', 'Call Date': 'date', Due: 'datetime' },
  'quarter-review': { From: 'date', To: 'date', Targets: 'text', Guardrails: 'text', 'Metrics Snapshot': 'text', 'Snapshot SHA-256': 'text' },
};

/** Checks a pack's rituals beyond their shape: unique ids, databases and fields that exist. */
export function checkRituals(rituals: readonly Ritual[], databases: readonly DatabaseDef[]): { index: number; path: (string | number)[]; message: string }[] {
  const problems: { index: number; path: (string | number)[]; message: string }[] = [];
  const seen = new Set<string>();
  const byId = new Map(databases.map((d) => [d.id, d]));
  rituals.forEach((r, index) => {
    if (seen.has(r.id)) problems.push({ index, path: ['id'], message: `duplicate ritual '${r.id}'` });
    seen.add(r.id);
    const def = byId.get(r.database);
    if (!def) {
      problems.push({ index, path: ['database'], message: `ritual '${r.id}': there is no database '${r.database}'` });
      return;
    }
    if (!def.fields.some((f) => f.type === 'title'))
      problems.push({ index, path: ['database'], message: `ritual '${r.id}': ${def.id} has no title field to name each occurrence` });
    for (const [field, type] of Object.entries(RITUAL_FIELDS[r.kind])) {
      const found = def.fields.find((f) => f.name === field);
      if (!found || found.type !== type) problems.push({ index, path: ['database'], message: `ritual '${r.id}': ${def.id} needs a ${type} field '${field}'` });
    }
    if (r.kind === 'call-prep') {
      const calls = byId.get(r.calls.database);
      const field = calls?.fields.find((f) => f.name === r.calls.field);
      if (!calls) problems.push({ index, path: ['calls', 'database'], message: `ritual '${r.id}': there is no database '${r.calls.database}'` });
      else if (!field || (field.type !== 'date' && field.type !== 'datetime'))
        problems.push({ index, path: ['calls', 'field'], message: `ritual '${r.id}': ${calls.id} has no date field '${r.calls.field}'` });
      const relation = def.fields.find((f) => f.name === 'Call');
      if (relation?.type === 'relation' && relation.to !== undefined && ![relation.to].flat().includes(r.calls.database))
        problems.push({ index, path: ['database'], message: `ritual '${r.id}': ${def.id}.Call must relate to ${r.calls.database}` });
    }
  });
  return problems;
}
