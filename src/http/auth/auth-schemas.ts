import { z } from 'zod';
import { ROLES } from '../../core/auth/roles.ts';

// The shapes of the auth routes (docs/api.md "Auth"), for validation and the OpenAPI document.

export const actorSchema = z
  .object({ name: z.string(), role: z.enum(ROLES).describe('the primary role'), roles: z.array(z.enum(ROLES)).describe('every role the user holds, the primary first') })
  .meta({ id: 'User' });

export const meSchema = z
  .object({
    user: actorSchema,
    csrfToken: z.string().nullable().describe('send it as X-CSRF-Token with every cookie-authenticated write; null for a bearer token'),
    mustChangePassword: z
      .boolean()
      .describe('the session was opened with a one-time password: until POST /me/password changes it, every other route answers 403; false for a bearer token'),
  })
  .meta({ id: 'Me' });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1),
  newPassword: z.string().min(1).describe('at least 10 characters, not the current one'),
});

export const userViewSchema = z
  .object({
    name: z.string(),
    role: z.enum(ROLES),
    roles: z.array(z.enum(ROLES)),
    email: z.string().nullable().describe('where notifications are e-mailed; null: in-app only'),
    displayName: z.string().describe('the name people see (the user name when none is set)'),
    hasPassword: z.boolean(),
    mustChangePassword: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'UserView' });

export const tokenViewSchema = z
  .object({
    id: z.string(),
    user: z.string(),
    name: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable().describe('after this the token answers 401; null never expires'),
  })
  .meta({ id: 'TokenView' });

export const createdTokenSchema = tokenViewSchema
  .extend({ token: z.string().describe('the token itself: shown this once, stored only as its sha256') })
  .meta({ id: 'CreatedToken' });

export const cliRequestSchema = z.object({
  argv: z.array(z.string()).describe('the arguments after `eos`'),
  actor: z.string().min(1).describe("the CLI's EOS_USER"),
  cwd: z.string().min(1).describe('where the CLI runs, to resolve relative file paths'),
  stdin: z.string().optional().describe('standard input, for --password-stdin'),
  token: z.string().min(1).optional().describe("the CLI's EOS_TOKEN: the command then acts as the token's user, who may sign (ADR 044)"),
});

export const cliResultSchema = z.object({ stdout: z.string(), stderr: z.string(), exitCode: z.number().int() });
