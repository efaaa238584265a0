import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChannel, testChannel } from '../src/app/alerts/alert-channels.ts';
import { runAlertPass } from '../src/app/alerts/run-alert-pass.ts';
import { auditTrail } from '../src/app/audit-trail.ts';
import { addUser } from '../src/app/auth/add-user.ts';
import { createToken } from '../src/app/auth/create-token.ts';
import { listUsers } from '../src/app/auth/list-users.ts';
import { updateUser } from '../src/app/auth/update-user.ts';
import { addComment } from '../src/app/comments/add-comment.ts';
import { deleteComment, editComment } from '../src/app/comments/change-comment.ts';
import { listComments } from '../src/app/comments/list-comments.ts';
import { watchRecord } from '../src/app/comments/watch-record.ts';
import { getMyWork } from '../src/app/people/get-my-work.ts';
import { markNotificationsRead, myNotifications, setNotificationSettings } from '../src/app/people/my-notifications.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { moveRecord, updateRecord } from '../src/app/records/update-record.ts';
import { openSession, type Session } from '../src/app/session.ts';
import type { Role } from '../src/core/auth/roles.ts';
import { createAuthPlugin } from '../src/http/auth/auth-plugin.ts';
import { buildServer } from '../src/http/build-server.ts';
import { createAlertSender } from '../src/integrations/alerts/alert-sender.ts';
import type { Store } from '../src/store/store.ts';
import { type HttpReceiver, type SmtpReceiver, startHttpReceiver, startSmtpReceiver } from './support/alert-receivers.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const PACK = fileURLToPath(new URL('./fixtures/packs/people', import.meta.url));
const PEOPLE: Record<string, Role> = { ana: 'editor', bo: 'editor', quinn: 'qa', vic: 'viewer' };
const ROOT = { name: 'root', role: 'admin' as const };
const send = createAlertSender({ env: {}, timeoutMs: 10_000 });

describe.each(ENGINES)('people, comments and notifications on %s', (engine) => {
  let store: Store;
  let root: Session;
  let smtp: SmtpReceiver;
  let hook: HttpReceiver;
  let app: FastifyInstance;
  const tokens = new Map<string, string>();
  const as = (name: string) => openSession({ store, workspaceId: root.workspaceId, actor: name, role: PEOPLE[name] ?? 'admin' });
  const kinds = async (name: string) => (await myNotifications(await as(name))).items.map((n) => [n.kind, n.record, n.by]);
  const task = async (fields: Record<string, string>) => (await createRecord(root, { database: 'tasks', set: Object.entries({ Title: 'a task', ...fields }) })).record.key;

  beforeAll(async () => {
    store = await openEngine(engine);
    smtp = await startSmtpReceiver();
    hook = await startHttpReceiver();
    root = await newWorkspace(store, { pack: PACK, actor: 'root' });
    const scope = { store, workspaceId: root.workspaceId };
    await addUser(scope, ROOT, { name: 'root', role: 'admin' });
    for (const [name, role] of Object.entries(PEOPLE)) {
      await addUser(scope, ROOT, { name, role, ...(name === 'ana' ? { email: ' Ana@Example.com ', displayName: 'Ana Lima' } : {}) });
      tokens.set(name, (await createToken(scope, ROOT, { user: name, name: 'people' })).token);
    }
    app = await buildServer({ store, workspaceId: root.workspaceId, auth: createAuthPlugin({ store, workspaceId: root.workspaceId }) });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await hook.close();
    await store.close();
  });

  it('users have an e-mail and a display name: set, shown, cleared, refused when malformed, audited', async () => {
    const scope = { store, workspaceId: root.workspaceId };
    const ana = (await listUsers(scope, ROOT)).find((u) => u.name === 'ana');
    expect(ana).toMatchObject({ name: 'ana', email: 'ana@example.com', displayName: 'Ana Lima' });
    expect((await listUsers(scope, ROOT)).find((u) => u.name === 'bo')).toMatchObject({ email: null, displayName: 'bo' });
    const bad = await failure(updateUser(scope, ROOT, { name: 'bo', email: 'bo at example' }));
    expect(bad).toMatchObject({ code: 'invalid_input', message: "'bo at example' is not an e-mail address for bo: write it as name@example.com", details: { field: 'email' } });
    expect(await updateUser(scope, ROOT, { name: 'bo', email: 'bo@example.com', displayName: 'Bo Berg' })).toMatchObject({ email: 'bo@example.com', displayName: 'Bo Berg' });
    expect(await updateUser(scope, ROOT, { name: 'bo', email: '', displayName: '' })).toMatchObject({ email: null, displayName: 'bo' });
    const [entry] = (await auditTrail(root, { newestFirst: true, limit: 1 })).filter((e) => e.action === 'user.update');
    expect(entry?.before).toEqual({ user: 'bo', role: 'editor', email: 'bo@example.com', displayName: 'Bo Berg' });
    expect(entry?.after).toEqual({ user: 'bo', role: 'editor', email: null, displayName: null });
  });

  it('comments: Markdown, @user and @team mentions notify, watchers hear, edit keeps history, delete by author or admin, each audited', async () => {
    const key = await task({ Owner: 'ana' });
    const ana = await as('ana');
    const added = await addComment(ana, key, 'Please look, @bo and @qa. Not `@vic`, and @zed');
    expect(added.warnings).toEqual(['@zed is neither a user nor a team (role) of this workspace: no one was notified for it']);
    expect(added.comment).toMatchObject({
      record: key,
      author: 'ana',
      body: 'Please look, @bo and @qa. Not `@vic`, and @zed',
      edited: false,
      history: [],
      mentions: ['bo', 'qa', 'zed'],
    });
    expect((await kinds('bo')).slice(0, 1)).toEqual([['mention', key, 'ana']]);
    expect((await kinds('quinn')).slice(0, 1)).toEqual([['mention', key, 'ana']]);
    expect((await kinds('root')).slice(0, 1)).toEqual([['comment', key, 'ana']]);
    expect(await kinds('vic')).toEqual([]);
    expect((await myNotifications(await as('bo'))).items[0]?.text).toBe(`ana mentioned you on ${key}: "Please look, @bo and @qa. Not \`@vic\`, and @zed"`);

    expect(await failure(editComment(await as('bo'), key, added.comment.id, 'mine now'))).toMatchObject({
      code: 'forbidden',
      message: `Only ana, who wrote comment ${added.comment.id}, can edit it`,
    });
    const edited = await editComment(ana, key, added.comment.id, 'Please look, @bo.');
    expect(edited).toMatchObject({ body: 'Please look, @bo.', edited: true, history: [{ body: added.comment.body, by: 'ana' }] });
    expect(await failure(deleteComment(await as('bo'), key, added.comment.id))).toMatchObject({
      code: 'forbidden',
      message: `Only ana, who wrote comment ${added.comment.id}, or an admin can delete it`,
    });
    expect(await failure(addComment(await as('vic'), key, 'hi'))).toMatchObject({ code: 'forbidden' });
    expect(await failure(addComment(ana, key, '   '))).toMatchObject({
      code: 'invalid_input',
      message: 'A comment needs a body: write some Markdown text',
      details: { field: 'body' },
    });
    expect(await failure(addComment(ana, 'TSK-9999', 'hi'))).toMatchObject({ code: 'not_found', message: "No record has the key or title 'TSK-9999'" });

    const listed = await listComments(ana, key);
    expect(listed.comments.map((c) => c.body)).toEqual(['Please look, @bo.']);
    expect(listed.watchers).toEqual([
      { name: 'root', reason: 'author' },
      { name: 'ana', reason: 'assignee' },
      { name: 'bo', reason: 'mention' },
      { name: 'quinn', reason: 'mention' },
    ]);
    await deleteComment(root, key, added.comment.id);
    expect((await listComments(ana, key)).comments).toEqual([]);
    const trail = (await auditTrail(root, { ref: key })).filter((e) => e.action.startsWith('comment.'));
    expect(trail.map((e) => [e.action, e.actor, e.recordKey])).toEqual([
      ['comment.add', 'ana', key],
      ['comment.edit', 'ana', key],
      ['comment.delete', 'root', key],
    ]);
    expect(trail[2]?.before).toEqual({ comment: added.comment.id, body: 'Please look, @bo.', author: 'ana' });
  });

  it('watch and unwatch: a viewer may watch; unwatching an implied watch sticks', async () => {
    const key = await task({ Owner: 'ana' });
    expect((await watchRecord(await as('vic'), key, true)).watchers).toEqual([
      { name: 'root', reason: 'author' },
      { name: 'ana', reason: 'assignee' },
      { name: 'vic', reason: 'watch' },
    ]);
    const off = await watchRecord(await as('ana'), key, false);
    expect(off.watching).toBe(false);
    await addComment(await as('bo'), key, 'progress?');
    expect((await kinds('vic'))[0]).toEqual(['comment', key, 'bo']);
    expect((await kinds('ana')).some(([kind, record]) => kind === 'comment' && record === key)).toBe(false);
  });

  it('assignments, refused moves and asked signatures reach the named people; My work sorts what is mine', async () => {
    const owned = await task({});
    await updateRecord(root, { ref: owned, set: [['Owner', 'ana']] });
    expect((await kinds('ana'))[0]).toEqual(['assignment', owned, 'root']);
    const review = await task({ Owner: 'bo', Reviewers: 'ana; outsider' });
    const blocked = await task({ Owner: 'bo', 'Blocked By': 'ana' });
    await moveRecord(root, { ref: owned, to: 'Ready' });
    const refusal = await failure(moveRecord(await as('bo'), { ref: owned, to: 'Done' }));
    expect(refusal).toMatchObject({ code: 'gate_blocked' });
    expect((await myNotifications(await as('ana'))).items[0]).toMatchObject({
      kind: 'move_refused',
      record: owned,
      by: 'bo',
      text: `bo could not move ${owned} to Done: QA signs GO`,
    });
    expect((await myNotifications(await as('quinn'))).items[0]).toMatchObject({
      kind: 'signature_requested',
      record: owned,
      text: `${owned} "a task" waits for your QA Sign-off (qa) to move to Done`,
    });
    // The same refusal again notifies no one twice.
    const before = (await myNotifications(await as('ana'))).items.length;
    await failure(moveRecord(await as('bo'), { ref: owned, to: 'Done' }));
    expect((await myNotifications(await as('ana'))).items.length).toBe(before);

    const work = await getMyWork(await as('ana'));
    expect(work.owned.map((w) => [w.key, w.field])).toContainEqual([owned, 'Owner']);
    expect(work.review.map((w) => [w.key, w.field])).toEqual([[review, 'Reviewers']]);
    expect(work.blocked.map((w) => [w.key, w.field])).toEqual([[blocked, 'Blocked By']]);
    expect((await getMyWork(await as('quinn'))).review.map((w) => w.field)).toContain('QA Sign-off');
  });

  it('the API: /people, /me/work, /me/notifications {items, unread}, mark read, comments CRUD with exact codes', async () => {
    const bearer = (name: string) => ({ authorization: `Bearer ${tokens.get(name)}` });
    const people = await app.inject({ method: 'GET', url: '/api/v1/people', headers: bearer('vic') });
    expect(people.json().people).toContainEqual({ name: 'ana', displayName: 'Ana Lima' });
    const key = await task({ Owner: 'bo' });
    const posted = await app.inject({ method: 'POST', url: `/api/v1/records/${key}/comments`, headers: bearer('ana'), payload: { body: '**Ship it**, @bo' } });
    expect(posted.statusCode).toBe(201);
    const id = posted.json().comment.id as string;
    const inbox = await app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: bearer('bo') });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().items[0]).toMatchObject({ kind: 'mention', record: key, by: 'ana', read: false });
    expect(inbox.json().unread).toBeGreaterThan(0);
    const read = await app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: bearer('bo'), payload: {} });
    expect(read.json()).toMatchObject({ unread: 0 });
    expect((await app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: bearer('bo') })).json().items[0].read).toBe(true);
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/records/${key}/comments/${id}`, headers: bearer('ana'), payload: { body: 'Ship it' } });
    expect(patched.json().comment).toMatchObject({ body: 'Ship it', edited: true });
    const foreign = await app.inject({ method: 'DELETE', url: `/api/v1/records/${key}/comments/${id}`, headers: bearer('bo') });
    expect(foreign.statusCode).toBe(403);
    const missing = await app.inject({ method: 'DELETE', url: `/api/v1/records/${key}/comments/nope`, headers: bearer('ana') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe(`${key} has no comment 'nope'; list them with eos comment list ${key}`);
    const empty = await app.inject({ method: 'POST', url: `/api/v1/records/${key}/comments`, headers: bearer('ana'), payload: {} });
    expect(empty.statusCode).toBe(400);
    const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/records/${key}/comments/${id}`, headers: bearer('ana') });
    expect(deleted.statusCode).toBe(200);
    const listed = await app.inject({ method: 'GET', url: `/api/v1/records/${key}/comments`, headers: bearer('vic') });
    expect(listed.json().comments).toEqual([]);
    const work = await app.inject({ method: 'GET', url: '/api/v1/me/work', headers: bearer('bo') });
    expect(work.json().owned.map((w: { key: string }) => w.key)).toContain(key);
  });

  it('e-mails notifications through the SMTP channel to the person, by their settings, and webhooks carry a Slack text and blocks', async () => {
    await addChannel(root, { name: 'mail', email: 'ops@example.com', smtp: `127.0.0.1:${smtp.port}`, from: 'eos@example.com' });
    await addChannel(root, { name: 'slack', webhook: hook.url('/slack') });
    const key = await task({});
    await addComment(await as('bo'), key, 'ping @ana');
    smtp.messages.length = 0;
    await runAlertPass(root, { send });
    expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([[['ana@example.com'], `[eos ${root.workspaceId}] bo mentioned you on ${key}: "ping @ana"`]]);
    expect(smtp.messages[0]?.text.trim().split('\n')).toEqual([
      `For you: bo mentioned you on ${key}: "ping @ana"`,
      '',
      `Record: ${key}`,
      `Link: /records/${key}`,
      `Workspace: ${root.workspaceId}`,
    ]);
    // Sent once: the next pass sends nothing.
    await runAlertPass(root, { send });
    expect(smtp.messages).toHaveLength(1);
    // ana turns mentions off by e-mail: in-app only.
    expect(await failure(setNotificationSettings(await as('ana'), { emailKinds: ['mentions'] }))).toMatchObject({ code: 'invalid_input', details: { field: 'emailKinds' } });
    await setNotificationSettings(await as('ana'), { emailKinds: ['assignment'] });
    await addComment(await as('bo'), key, 'again @ana');
    await runAlertPass(root, { send });
    expect(smtp.messages).toHaveLength(1);
    expect((await myNotifications(await as('ana'))).items[0]).toMatchObject({ kind: 'mention', text: `bo mentioned you on ${key}: "again @ana"` });
    expect((await markNotificationsRead(await as('ana'))).unread).toBe(0);

    await testChannel(root, 'slack', send);
    expect(hook.requests.at(-1)?.json).toMatchObject({
      event: 'test',
      text: `Test info: Test notification — This is a test notification from eos (workspace ${root.workspaceId}) to channel slack.`,
      blocks: [{ type: 'section' }, { type: 'context' }],
    });
  });
});
