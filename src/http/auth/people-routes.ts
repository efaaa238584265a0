import { z } from 'zod';
import { addUser } from '../../app/auth/add-user.ts';
import type { AuthScope } from '../../app/auth/auth-scope.ts';
import { createToken } from '../../app/auth/create-token.ts';
import { listTokens } from '../../app/auth/list-tokens.ts';
import { listUsers } from '../../app/auth/list-users.ts';
import { revokeToken } from '../../app/auth/revoke-token.ts';
import { updateUser } from '../../app/auth/update-user.ts';
import type { UserView } from '../../app/auth/user-view.ts';
import { answerInScope } from '../../app/idempotency.ts';
import type { Actor } from '../../core/auth/roles.ts';
import { unauthenticated } from '../../core/errors.ts';
import type { ApiApp } from '../api-context.ts';
import { errors } from '../api-schemas.ts';
import { createdTokenSchema, tokenViewSchema, userViewSchema } from './auth-schemas.ts';
import { jsonAnswer, withheldToken } from './kept-answers.ts';

function userOf(request: { user: Actor | null }): Actor {
  if (!request.user) throw unauthenticated('Sign in first');
  return request.user;
}

/** GET/POST /users (admins), GET/POST /tokens and DELETE /tokens/{id} (admins, or one's own). */
export function registerPeopleRoutes(app: ApiApp, { scope, prefix, onChange }: { scope: AuthScope; prefix: string; onChange: () => void }): void {
  app.get(
    `${prefix}/users`,
    { schema: { tags: ['auth'], summary: 'Every user of the workspace (admins only)', response: { 200: z.object({ users: z.array(userViewSchema) }), ...errors(401, 403) } } },
    async (request) => ({ users: await listUsers(scope, userOf(request)) }),
  );

  app.post(
    `${prefix}/users`,
    {
      schema: {
        tags: ['auth'],
        summary: 'Add a user (admins only); without a password the user signs in with API tokens only',
        body: z.object({
          name: z.string().min(1),
          role: z.string().min(1).optional().describe('one role, or the primary one with roles'),
          roles: z.array(z.string().min(1)).optional().describe('several roles, e.g. [editor, qa]; the first is primary unless role is given'),
          password: z.string().min(1).optional(),
          oneTime: z.boolean().optional().describe('the password must be changed at the first login with it'),
          email: z.string().optional().describe('where notifications are e-mailed'),
          displayName: z.string().optional().describe('the name people see, e.g. Ana Lima'),
        }),
        response: { 201: z.object({ user: userViewSchema }), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const user = await answerInScope(
        (added: UserView) => jsonAnswer(201, { user: added }),
        () => addUser(scope, userOf(request), request.body),
      );
      return reply.code(201).send({ user });
    },
  );

  app.patch(
    `${prefix}/users/:name`,
    {
      schema: {
        tags: ['auth'],
        summary: "Change a user's role, password, e-mail or display name (admins only); a new role or password ends their sessions",
        params: z.object({ name: z.string().min(1) }),
        body: z.object({
          role: z.string().min(1).optional(),
          roles: z.array(z.string().min(1)).optional().describe('replaces every role, e.g. [editor, qa]'),
          password: z.string().min(1).optional(),
          oneTime: z.boolean().optional().describe('the password must be changed at the next login with it'),
          email: z.string().optional().describe("a new e-mail address; '' removes it"),
          displayName: z.string().optional().describe("a new display name; '' removes it"),
        }),
        response: { 200: z.object({ user: userViewSchema }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = await updateUser(scope, userOf(request), { name: request.params.name, ...request.body });
      onChange();
      return { user };
    },
  );

  app.get(
    `${prefix}/tokens`,
    {
      schema: {
        tags: ['auth'],
        summary: "API tokens: every one for an admin, one's own otherwise (never the token itself)",
        response: { 200: z.object({ tokens: z.array(tokenViewSchema) }), ...errors(401) },
      },
    },
    async (request) => ({ tokens: await listTokens(scope, userOf(request)) }),
  );

  app.post(
    `${prefix}/tokens`,
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (for yourself, or for anyone as an admin); the token is in this answer only',
        body: z.object({
          user: z.string().min(1).optional().describe('default: you'),
          name: z.string().min(1).optional(),
          expiresAt: z
            .string()
            .min(1)
            .optional()
            .describe('when the token stops working: a date or time (2027-01-31, ISO-8601) or a duration from now (12h, 30d, 8w); default never'),
        }),
        response: { 201: createdTokenSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      reply.header('cache-control', 'no-store');
      const created = await answerInScope(withheldToken, () =>
        createToken(scope, actor, { user: request.body.user ?? actor.name, name: request.body.name, expires: request.body.expiresAt }),
      );
      return reply.code(201).send(created);
    },
  );

  app.delete(
    `${prefix}/tokens/:id`,
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token at once (yours, or anyone’s as an admin)',
        params: z.object({ id: z.string().min(1) }),
        response: { 200: z.object({ token: tokenViewSchema }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const token = await revokeToken(scope, userOf(request), request.params.id);
      onChange();
      return { token };
    },
  );
}
