import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

// Every table starts its keys with workspace_id, so a sharded Postgres can distribute by it.

export const workspaces = pgTable('workspaces', {
  workspaceId: text('workspace_id').primaryKey(),
  packId: text('pack_id').notNull(),
  packVersion: text('pack_version').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
});

export const databases = pgTable(
  'databases',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    nextNumber: integer('next_number').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const records = pgTable(
  'records',
  {
    workspaceId: text('workspace_id').notNull(),
    id: uuid('id').notNull(),
    database: text('database').notNull(),
    key: text('key').notNull(),
    title: text('title').notNull(),
    status: text('status').notNull(),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    unresolved: jsonb('unresolved').$type<Record<string, string[]>>().notNull().default({}),
    sourceRef: text('source_ref'),
    /** How a record came to be in its status without the gates: `imported` (an as-recorded import) or `starter` (a pack's starters and demo). */
    recordedAs: text('recorded_as'),
    /** A soft delete (archive): set when archived, cleared on restore. */
    archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'string' }),
    archivedBy: text('archived_by'),
    version: integer('version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
    updatedBy: text('updated_by').notNull(),
    /**
     * The full-text index of what search finds: key and title (weight A) above every string in
     * the fields, lists included (weight B). Postgres keeps it in step with each write, on both
     * engines. Comments will carry their own vector in their own table and join the search there.
     */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('english'::regconfig, key || ' ' || title), 'A') || setweight(jsonb_to_tsvector('english'::regconfig, fields, '["string"]'::jsonb), 'B')`,
    ),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('records_search').using('gin', t.searchVector),
    uniqueIndex('records_key').on(t.workspaceId, t.database, t.key),
    uniqueIndex('records_source_ref').on(t.workspaceId, t.database, t.sourceRef),
    index('records_status').on(t.workspaceId, t.database, t.status),
    index('records_updated').on(t.workspaceId, t.database, t.updatedAt),
    // A list without a sort comes in creation order (UUIDv7 ids): read from here, it stops at its limit (issue 13).
    index('records_database_order').on(t.workspaceId, t.database, t.id),
    index('records_title').on(t.workspaceId, t.title),
    // `eos record get KEY` looks a key up across databases.
    index('records_workspace_key').on(t.workspaceId, t.key),
  ],
);

export const links = pgTable(
  'links',
  {
    workspaceId: text('workspace_id').notNull(),
    fromId: uuid('from_id').notNull(),
    field: text('field').notNull(),
    toId: uuid('to_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.fromId, t.field, t.toId] }), index('links_to').on(t.workspaceId, t.toId)],
);

export const unresolvedRefs = pgTable(
  'unresolved_refs',
  {
    workspaceId: text('workspace_id').notNull(),
    fromId: uuid('from_id').notNull(),
    field: text('field').notNull(),
    ref: text('ref').notNull(),
    targetDatabase: text('target_database').notNull(),
  },
  // A reference in a relation into several databases waits in each of them: one row per database.
  (t) => [primaryKey({ columns: [t.workspaceId, t.fromId, t.field, t.ref, t.targetDatabase] }), index('unresolved_target').on(t.workspaceId, t.targetDatabase, t.ref)],
);

export const audit = pgTable(
  'audit',
  {
    workspaceId: text('workspace_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    recordId: uuid('record_id'),
    database: text('database'),
    recordKey: text('record_key'),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** Ed25519 signature of the hash by the workspace key `key_id` (null only on entries written before signing, ADR 050). */
    signature: text('signature'),
    keyId: text('key_id'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.seq] }), index('audit_record').on(t.workspaceId, t.recordId)],
);

export const decisions = pgTable(
  'decisions',
  {
    workspaceId: text('workspace_id').notNull(),
    id: uuid('id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actor: text('actor').notNull(),
    scope: text('scope').notNull(),
    action: text('action').notNull(),
    summary: text('summary').notNull(),
    rationale: text('rationale'),
    recordId: uuid('record_id'),
    recordKey: text('record_key'),
    evidence: jsonb('evidence').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('decisions_at').on(t.workspaceId, t.at)],
);

/**
 * Which steps of its database's SOP a record has ticked. A step is kept with the text it had when
 * ticked, so a pack upgrade that rewrites the step shows it unticked again rather than silently
 * carrying the tick over to different words.
 */
export const sopChecks = pgTable(
  'sop_checks',
  {
    workspaceId: text('workspace_id').notNull(),
    recordId: uuid('record_id').notNull(),
    /** 1-based, as the SOP numbers its steps. */
    step: integer('step').notNull(),
    stepText: text('step_text').notNull(),
    checkedBy: text('checked_by').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.recordId, t.step] })],
);
export * from './schema-alerts.ts';
export * from './schema-auth.ts';
export * from './schema-events.ts';
export * from './schema-monitors.ts';
export * from './schema-people.ts';
export * from './schema-requests.ts';
