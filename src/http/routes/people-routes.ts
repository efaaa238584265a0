import { z } from 'zod';
import { addComment } from '../../app/comments/add-comment.ts';
import { deleteComment, editComment } from '../../app/comments/change-comment.ts';
import { listComments } from '../../app/comments/list-comments.ts';
import { watchRecord } from '../../app/comments/watch-record.ts';
import { getMyWork } from '../../app/people/get-my-work.ts';
import { listPeople } from '../../app/people/list-people.ts';
import { markNotificationsRead, myNotifications, notificationSettings, setNotificationSettings } from '../../app/people/my-notifications.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors, keyParams, limitParam } from '../api-schemas.ts';

const commentSchema = z
  .object({
    id: z.string(),
    record: z.string(),
    author: z.string(),
    body: z.string().describe('Markdown'),
    createdAt: z.string(),
    updatedAt: z.string(),
    edited: z.boolean(),
    history: z
      .array(z.object({ body: z.string(), at: z.string(), by: z.string() }))
      .readonly()
      .describe('earlier bodies, oldest first'),
    mentions: z.array(z.string()).readonly(),
  })
  .meta({ id: 'Comment' });

const watcherSchema = z.object({ name: z.string(), reason: z.string().describe('author, assignee, mention, comment or watch') });

const workItemSchema = z.object({ key: z.string(), title: z.string(), database: z.string(), status: z.string(), field: z.string(), updatedAt: z.string() });

const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.string().describe('mention, comment, assignment, move_refused, signature_requested, review_sla, blocked or alert'),
    record: z.string().nullable(),
    by: z.string(),
    at: z.string(),
    text: z.string(),
    read: z.boolean(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Notification' });

const settingsSchema = z.object({ email: z.string().nullable(), emailKinds: z.array(z.string()).readonly(), kinds: z.array(z.string()).readonly() });

const commentParams = keyParams.extend({ id: z.string().min(1) });
const bodySchema = z.object({ body: z.string().describe('Markdown; @user and @team (a role) mention') });

/** People, My work, notifications (ADR 071, 072), and comments and watchers on records. */
export function registerPeopleRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: 'Everyone who is a user, for person fields and mentions',
        response: { 200: z.object({ people: z.array(z.object({ name: z.string(), displayName: z.string() })) }), ...errors(401) },
      },
    },
    async (request) => ({ people: await listPeople(await ctx.session(request)) }),
  );

  app.get(
    '/me/work',
    {
      schema: {
        tags: ['people'],
        summary: 'My work: open records I own, that wait for my review or signature, and that are blocked on me',
        response: {
          200: z.object({ owned: z.array(workItemSchema).readonly(), review: z.array(workItemSchema).readonly(), blocked: z.array(workItemSchema).readonly() }),
          ...errors(401),
        },
      },
    },
    async (request) => getMyWork(await ctx.session(request)),
  );

  app.get(
    '/me/notifications',
    {
      schema: {
        tags: ['people'],
        summary: 'My notifications, newest first, and how many are unread',
        querystring: z.object({ limit: limitParam(500).describe('at most this many (default 50)') }),
        response: { 200: z.object({ items: z.array(notificationSchema), unread: z.number().int() }), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return myNotifications(await ctx.session(request), { limit: request.query.limit });
    },
  );

  app.post(
    '/me/notifications/read',
    {
      schema: {
        tags: ['people'],
        summary: 'Mark my notifications read: the ids given, or every one',
        body: z.object({ ids: z.array(z.string().min(1)).max(500).optional().describe('default: all') }).optional(),
        response: { 200: z.object({ marked: z.number().int(), unread: z.number().int() }), ...errors(400, 401) },
      },
    },
    async (request) => markNotificationsRead(await ctx.session(request), request.body?.ids),
  );

  app.get(
    '/me/notification-settings',
    { schema: { tags: ['people'], summary: 'Which kinds of notification are e-mailed to me', response: { 200: settingsSchema, ...errors(401) } } },
    async (request) => notificationSettings(await ctx.session(request)),
  );

  app.put(
    '/me/notification-settings',
    {
      schema: {
        tags: ['people'],
        summary: 'Choose which kinds of notification are e-mailed to me',
        body: z.object({ emailKinds: z.array(z.string()) }),
        response: { 200: settingsSchema, ...errors(400, 401) },
      },
    },
    async (request) => setNotificationSettings(await ctx.session(request), request.body),
  );

  app.get(
    '/records/:key/comments',
    {
      schema: {
        tags: ['comments'],
        summary: "A record's comments, oldest first, and who watches it",
        params: keyParams,
        response: { 200: z.object({ record: z.string(), comments: z.array(commentSchema), watchers: z.array(watcherSchema) }), ...errors(401, 404) },
      },
    },
    async (request) => listComments(await ctx.session(request), request.params.key),
  );

  app.post(
    '/records/:key/comments',
    {
      schema: {
        tags: ['comments'],
        summary: 'Comment on a record; mentioned people and teams are notified, watchers hear of it',
        params: keyParams,
        body: bodySchema,
        response: { 201: z.object({ comment: commentSchema, warnings: z.array(z.string()).readonly() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await addComment(await ctx.session(request), request.params.key, request.body.body)),
  );

  app.patch(
    '/records/:key/comments/:id',
    {
      schema: {
        tags: ['comments'],
        summary: 'Edit a comment (its author); the old body is kept in its history',
        params: commentParams,
        body: bodySchema,
        response: { 200: z.object({ comment: commentSchema }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({ comment: await editComment(await ctx.session(request), request.params.key, request.params.id, request.body.body) }),
  );

  app.delete(
    '/records/:key/comments/:id',
    {
      schema: {
        tags: ['comments'],
        summary: 'Delete a comment (its author, or an admin); the audit trail keeps what it said',
        params: commentParams,
        response: { 200: z.object({ comment: commentSchema }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ comment: await deleteComment(await ctx.session(request), request.params.key, request.params.id) }),
  );

  for (const [method, watch] of [
    ['post', true],
    ['delete', false],
  ] as const) {
    app[method](
      '/records/:key/watch',
      {
        schema: {
          tags: ['comments'],
          summary: watch ? 'Watch a record: hear of its comments' : 'Stop watching a record',
          params: keyParams,
          response: { 200: z.object({ record: z.string(), watching: z.boolean(), watchers: z.array(watcherSchema) }), ...errors(401, 404) },
        },
      },
      async (request) => watchRecord(await ctx.session(request), request.params.key, watch),
    );
  }
}
