import type { Command } from 'commander';
import { addComment } from '../../app/comments/add-comment.ts';
import { deleteComment, editComment } from '../../app/comments/change-comment.ts';
import type { CommentView } from '../../app/comments/comment-view.ts';
import { listComments } from '../../app/comments/list-comments.ts';
import { watchRecord } from '../../app/comments/watch-record.ts';
import { getMyWork } from '../../app/people/get-my-work.ts';
import { markNotificationsRead, myNotifications } from '../../app/people/my-notifications.ts';
import type { WorkItem } from '../../core/people/my-work.ts';
import { globals, withGlobals } from '../command-helpers.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

function commentLines(c: CommentView): string {
  return `${style.dim(`${c.id}  ${c.author}  ${c.createdAt.slice(0, 16)}${c.edited ? ' (edited)' : ''}`)}\n${c.body}`;
}

function workTable(title: string, items: readonly WorkItem[]): string {
  if (items.length === 0) return `${title}: ${style.dim('nothing')}`;
  return `${title}:\n${table(
    ['KEY', 'TITLE', 'STATUS', 'BY FIELD'],
    items.map((i) => [i.key, i.title, i.status, i.field]),
  )}`;
}

/** `eos comment KEY "text"` (and list, edit, delete, watch, unwatch), `eos me work`, `eos me notifications`. */
export function registerPeopleCommands(program: Command): void {
  const comment = program.command('comment').description('comments on records: eos comment KEY "text" (Markdown; @user and @team mention)');
  withGlobals(comment.command('add <key> <text>', { isDefault: true }))
    .description('comment on a record; mentioned people and teams are notified')
    .action((key: string, text: string, _o: unknown, cmd: Command) =>
      runCommand('comment add', globals(cmd), async (ctx) => {
        const result = await addComment(await ctx.session(), key, text);
        return { json: result, human: `${style.ok('✓')} commented on ${result.comment.record} (${result.comment.id})`, warnings: [...result.warnings] };
      }),
    );
  withGlobals(comment.command('list <key>'))
    .description("a record's comments, oldest first, and its watchers")
    .action((key: string, _o: unknown, cmd: Command) =>
      runCommand('comment list', globals(cmd), async (ctx) => {
        const result = await listComments(await ctx.session(), key);
        const watchers = style.dim(`watchers: ${result.watchers.map((w) => `${w.name} (${w.reason})`).join(', ') || 'none'}`);
        const human =
          result.comments.length === 0 ? `${style.dim(`no comments on ${result.record} yet`)}\n${watchers}` : `${result.comments.map(commentLines).join('\n\n')}\n\n${watchers}`;
        return { json: result, human };
      }),
    );
  withGlobals(comment.command('edit <key> <id> <text>'))
    .description('edit your comment; the old text is kept in its history')
    .action((key: string, id: string, text: string, _o: unknown, cmd: Command) =>
      runCommand('comment edit', globals(cmd), async (ctx) => {
        const edited = await editComment(await ctx.session(), key, id, text);
        return { json: { comment: edited }, human: `${style.ok('✓')} edited comment ${edited.id} on ${edited.record}` };
      }),
    );
  withGlobals(comment.command('delete <key> <id>'))
    .description('delete a comment (yours, or any as an admin); the audit trail keeps it')
    .action((key: string, id: string, _o: unknown, cmd: Command) =>
      runCommand('comment delete', globals(cmd), async (ctx) => {
        const deleted = await deleteComment(await ctx.session(), key, id);
        return { json: { comment: deleted }, human: `${style.ok('✓')} deleted comment ${deleted.id} on ${deleted.record}` };
      }),
    );
  for (const [name, watch] of [
    ['watch', true],
    ['unwatch', false],
  ] as const) {
    withGlobals(comment.command(`${name} <key>`))
      .description(watch ? 'watch a record: hear of its comments' : 'stop watching a record')
      .action((key: string, _o: unknown, cmd: Command) =>
        runCommand(`comment ${name}`, globals(cmd), async (ctx) => {
          const result = await watchRecord(await ctx.session(), key, watch);
          return { json: result, human: `${style.ok('✓')} ${result.watching ? 'watching' : 'not watching'} ${result.record}` };
        }),
      );
  }

  const me = program.command('me').description('your own work and notifications');
  withGlobals(me.command('work'))
    .description('open records you own, that wait for your review or signature, and that are blocked on you')
    .action((_o: unknown, cmd: Command) =>
      runCommand('me work', globals(cmd), async (ctx) => {
        const work = await getMyWork(await ctx.session());
        return {
          json: work,
          human: [workTable('Owned', work.owned), workTable('Waiting for my review or signature', work.review), workTable('Blocked on me', work.blocked)].join('\n\n'),
        };
      }),
    );
  withGlobals(me.command('notifications'))
    .description('your notifications, newest first')
    .option('--read', 'then mark them all read')
    .action((o: { read?: boolean }, cmd: Command) =>
      runCommand('me notifications', globals(cmd), async (ctx) => {
        const session = await ctx.session();
        const inbox = await myNotifications(session);
        const marked = o.read ? await markNotificationsRead(session) : null;
        const lines = inbox.items.map((n) => `${n.read ? ' ' : style.warn('•')} ${n.at.slice(0, 16)}  ${n.text}`);
        const human = `${inbox.unread} unread${marked ? ` (${marked.marked} now marked read)` : ''}\n${lines.join('\n') || style.dim('no notifications')}`;
        return { json: { ...inbox, ...(marked ? { marked: marked.marked, unread: marked.unread } : {}) }, human };
      }),
    );
}
