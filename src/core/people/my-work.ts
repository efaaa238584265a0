import { isSignoffValue, signedContentHash, signingRole } from '../fields/signoff.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import type { EosRecord } from '../records/eos-record.ts';
import { isFinalStatus } from '../records/final-status.ts';

/** One open record in someone's work, and why it is theirs. */
export interface WorkItem {
  readonly key: string;
  readonly title: string;
  readonly database: string;
  readonly status: string;
  /** The field that makes it theirs (`Assignee`, `QA Sign-off`, `Blocked By`). */
  readonly field: string;
  readonly updatedAt: string;
}

export interface MyWork {
  /** Open records a person field names me in (Owner, Assignee…), but for review and blocking fields. */
  readonly owned: readonly WorkItem[];
  /** Open records waiting for my review (a reviewer/approver field names me) or my signature (a sign-off my role gives, unsigned or stale). */
  readonly review: readonly WorkItem[];
  /** Open records blocked on me (a `Blocked By` field names me). */
  readonly blocked: readonly WorkItem[];
}

const REVIEW_FIELD = /review|approv|signer|sign-?off/i;
const BLOCKED_FIELD = /blocked\s*by/i;

/** The names a person or people field holds (`ana`, `['ana', 'bo']`), lower-cased. */
export function namesIn(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim().toLowerCase()] : [];
  if (Array.isArray(value)) return value.flatMap(namesIn);
  return [];
}

function item(record: EosRecord, field: string): WorkItem {
  return { key: record.key, title: record.title, database: record.database, status: record.status, field, updatedAt: record.updatedAt };
}

/**
 * What is a person's among the records: what they own, what waits for their review or signature,
 * what is blocked on them. Only open records count (a final status ends the work). Each list
 * is newest change first.
 *
 * @example myWork(defs, records, { name: 'ana', roles: ['qa'] }).review[0].field // 'QA Sign-off'
 */
export function myWork(defs: ReadonlyMap<string, DatabaseDef>, records: readonly EosRecord[], me: { readonly name: string; readonly roles: readonly string[] }): MyWork {
  const name = me.name.toLowerCase();
  const owned: WorkItem[] = [];
  const review: WorkItem[] = [];
  const blocked: WorkItem[] = [];
  for (const record of records) {
    const def = defs.get(record.database);
    if (!def || isFinalStatus(def, record.status)) continue;
    let hash: string | undefined;
    for (const f of def.fields) {
      const value = record.fields[f.name];
      if (f.type === 'signoff') {
        const role = signingRole(f, record.fields);
        if (!role || !me.roles.includes(role)) continue;
        hash ??= signedContentHash(def, record.fields);
        if (!isSignoffValue(value) || value.contentHash !== hash) review.push(item(record, f.name));
        continue;
      }
      const personLike = f.type === 'person' || f.type === 'people' || BLOCKED_FIELD.test(f.name);
      if (!personLike || !namesIn(value).includes(name)) continue;
      if (BLOCKED_FIELD.test(f.name)) blocked.push(item(record, f.name));
      else if (REVIEW_FIELD.test(f.name)) review.push(item(record, f.name));
      else owned.push(item(record, f.name));
    }
  }
  const newest = (a: WorkItem, b: WorkItem) => b.updatedAt.localeCompare(a.updatedAt) || a.key.localeCompare(b.key);
  return { owned: dedupe(owned).sort(newest), review: review.sort(newest), blocked: blocked.sort(newest) };
}

/** A record two owner fields name (Owner and Assignee) is listed once, by the first. */
function dedupe(items: readonly WorkItem[]): WorkItem[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.key) && seen.add(i.key));
}
