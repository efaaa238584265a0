import { createHash } from 'node:crypto';
import type { DatabaseDef, FieldDef } from '../pack/pack-schema.ts';

/** The two verdicts a signature gives. */
export const VERDICTS = ['go', 'no_go'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * A signature as a record stores it in its `signoff` field (ADR 044): who signed, in which role,
 * when, at which version of the record, and the hash of the record's other fields then.
 */
export interface SignoffValue {
  readonly verdict: Verdict;
  readonly by: string;
  readonly role: string;
  readonly at: string;
  readonly note: string | null;
  readonly contentHash: string;
  /** The record's version the signature created. */
  readonly version: number;
  /** Signed by an admin who does not hold `role` (the break-glass account; the decision says so). */
  readonly asAdmin?: boolean;
}

/** A signature as it is read: plus whether the record is still what was signed. */
export interface SignoffView extends SignoffValue {
  readonly current: boolean;
}

/** Whether a stored value is a signature (a signoff field holds nothing else). */
export function isSignoffValue(value: unknown): value is SignoffValue {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { verdict?: unknown }).verdict === 'string';
}

/** Reads a verdict as written (`go`, `GO`, `no-go`, `NO_GO`), or undefined. */
export function parseVerdict(text: string): Verdict | undefined {
  const v = text.trim().toLowerCase().replace('-', '_');
  return (VERDICTS as readonly string[]).includes(v) ? (v as Verdict) : undefined;
}

/** The fields a signature does not cover: other signatures, and values computed from the rest. */
function coveredFields(def: DatabaseDef): FieldDef[] {
  return def.fields.filter((f) => f.type !== 'signoff' && f.type !== 'formula' && f.type !== 'rollup');
}

/**
 * The SHA-256 (hex) of what a signature covers: every field of the record but its sign-offs,
 * formulas and rollups, by name in a fixed order, unset as null. The status is not covered, so
 * the move a sign-off allows leaves it current (ADR 044).
 *
 * @example signedContentHash(def, { Title: 'Ship it', Points: 3 }) // 'b1946a…'
 */
export function signedContentHash(def: DatabaseDef, fields: Readonly<Record<string, unknown>>): string {
  const entries = coveredFields(def)
    .map((f) => f.name)
    .sort()
    .map((name) => [name, fields[name] ?? null]);
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

/** A stored signature with `current` computed against the record's fields now. */
export function signoffView(value: SignoffValue, presentHash: string): SignoffView {
  return { ...value, current: value.contentHash === presentHash };
}

/**
 * The record's fields as they are read: each signature gains `current`. Fields that hold no
 * signature are returned as they are.
 */
export function withSignoffStatus<T>(def: DatabaseDef | undefined, fields: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  const signoffs = def?.fields.filter((f) => f.type === 'signoff' && isSignoffValue(fields[f.name])) ?? [];
  if (!def || signoffs.length === 0) return fields;
  const hash = signedContentHash(def, fields);
  const out: Record<string, T> = { ...fields };
  for (const f of signoffs) out[f.name] = signoffView(fields[f.name] as SignoffValue, hash) as T;
  return out;
}

/** The role that signs a signoff field of a record: fixed, or mapped from a select; null when the select is unset or unmapped. */
export function signingRole(field: FieldDef, fields: Readonly<Record<string, unknown>>): string | null {
  const role = field.role;
  if (role === undefined) return null;
  if (typeof role === 'string') return role;
  const option = fields[role.field];
  return typeof option === 'string' ? (role.map[option] ?? null) : null;
}

/**
 * The CEL function `signed(record['QA Sign-off'])`: true when the field holds a current GO
 * signature. CEL sees an unsigned or stale sign-off as null, so that is false, and so is a NO-GO.
 *
 * @example signed({ verdict: 'go', by: 'ana', … }) // true
 * @example signed(null) // false
 */
export function signedGo(value: unknown): boolean {
  if (value instanceof Map) return value.get('verdict') === 'go';
  return value !== null && typeof value === 'object' && (value as { verdict?: unknown }).verdict === 'go';
}

/** A record as it is read: its signatures say whether they are `current` (ADR 044). */
export function withSignoffs<R extends { readonly fields: Readonly<Record<string, unknown>> }>(def: DatabaseDef | undefined, record: R): R {
  const fields = withSignoffStatus(def, record.fields);
  return fields === record.fields ? record : { ...record, fields };
}
