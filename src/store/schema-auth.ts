import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// People, their sessions and API tokens. Secrets are never stored: sessions and tokens are kept
// as the sha256 of the random value the client holds, passwords as scrypt hashes.

export const users = pgTable(
  'users',
  {
    workspaceId: text('workspace_id').notNull(),
    name: text('name').notNull(),
    /** The primary role: the one shown where one is shown. */
    role: text('role').notNull(),
    /** Every role the user holds, the primary first, when more than one (ADR 045); null: just `role`. */
    roles: jsonb('roles').$type<string[]>(),
    /** `scrypt$N$r$p$salt$hash` (base64url), or null for a user who signs in with tokens only. */
    passwordHash: text('password_hash'),
    /** Where notifications are e-mailed (ADR 071); null: in-app only. */
    email: text('email'),
    /** The name people see (`Ana Lima`); null: the user name. */
    displayName: text('display_name'),
    /** Which notification kinds are e-mailed (ADR 072); null: the defaults. */
    emailKinds: jsonb('email_kinds').$type<string[]>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdBy: text('created_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

export const sessions = pgTable(
  'sessions',
  {
    workspaceId: text('workspace_id').notNull(),
    /** sha256 (hex) of the session id in the cookie. */
    idHash: text('id_hash').notNull(),
    userName: text('user_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.idHash] }), index('sessions_user').on(t.workspaceId, t.userName)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    userName: text('user_name').notNull(),
    name: text('name').notNull(),
    /** sha256 (hex) of the token; the token itself is shown once, when it is created. */
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull(),
    createdBy: text('created_by').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'string' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
    /** After this the token is refused (`eos token create --expires`); null never expires. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('api_tokens_hash').on(t.workspaceId, t.tokenHash), index('api_tokens_user').on(t.workspaceId, t.userName)],
);

/**
 * Failed logins, one row per failure and per key (`user:NAME` or `ip:ADDRESS`), so every server
 * process on the database counts the same failures. Rows older than the throttle window are
 * deleted as new ones arrive. A login in progress already has its rows here.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    workspaceId: text('workspace_id').notNull(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    /**
     * The login attempt that wrote the row: an attempt counts as a failure from before its
     * password is checked, and a success deletes its rows again (ADR 053).
     */
    attempt: text('attempt'),
  },
  (t) => [index('login_failures_key').on(t.workspaceId, t.key, t.at)],
);
