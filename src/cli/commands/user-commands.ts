import type { Command } from 'commander';
import { addUser } from '../../app/auth/add-user.ts';
import { createToken } from '../../app/auth/create-token.ts';
import { listTokens } from '../../app/auth/list-tokens.ts';
import { listUsers } from '../../app/auth/list-users.ts';
import { revokeToken } from '../../app/auth/revoke-token.ts';
import { newSecret } from '../../app/auth/secrets.ts';
import { updateUser } from '../../app/auth/update-user.ts';
import { actorOf } from '../../app/session.ts';
import { ROLES } from '../../core/auth/roles.ts';
import { invalidInput } from '../../core/errors.ts';
import { cliHost } from '../cli-host.ts';
import { collect, globals, withGlobals } from '../command-helpers.ts';
import { style, table } from '../render.ts';
import { runCommand } from '../runtime.ts';

/** A password from --password-stdin, or a random one-time one (shown once) from --one-time-password. */
function passwordOption(o: { passwordStdin?: boolean; oneTimePassword?: boolean }): { password?: string; oneTime: boolean } {
  if (o.passwordStdin && o.oneTimePassword) throw invalidInput('Give --password-stdin or --one-time-password, not both');
  if (o.oneTimePassword) return { password: newSecret(15), oneTime: true };
  return o.passwordStdin ? { password: passwordFromStdin(), oneTime: false } : { oneTime: false };
}

const oneTimeLine = (name: string, password: string) =>
  `one-time password for ${name}: ${password}\n${style.dim('shown this once; hand it over privately. It must be changed at the first login.')}`;

/** The password on standard input: its first line, without the line ending. */
function passwordFromStdin(): string {
  const password = (cliHost().readStdin().split(/\r?\n/)[0] ?? '').trimEnd();
  if (!password) throw invalidInput('--password-stdin: standard input is empty; pipe the password in, e.g. printf %s "$PASSWORD" | eos user add …', { field: 'password' });
  return password;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('people and their roles (admins only)');
  withGlobals(user.command('add <name>'))
    .description(`add a user; roles: ${ROLES.join(', ')}`)
    .requiredOption('--role <role>', 'admin, editor, viewer, or a persona; repeat for several (the first is primary)', collect, [])
    .option('--password-stdin', 'read the password (for the web login) from standard input')
    .option('--one-time-password', 'make up a password, print it once; it must be changed at the first login')
    .option('--email <address>', 'where their notifications are e-mailed')
    .option('--name <display name>', 'the name people see, e.g. "Ana Lima"')
    .action((name: string, o: { role: string[]; passwordStdin?: boolean; oneTimePassword?: boolean; email?: string; name?: string }, cmd: Command) =>
      runCommand('user add', globals(cmd), async (ctx) => {
        const { password, oneTime } = passwordOption(o);
        const session = await ctx.session();
        const added = await addUser(session, actorOf(session), { name, roles: o.role, password, oneTime, email: o.email, displayName: o.name });
        const how = added.hasPassword
          ? 'can log in to the web app'
          : `has no password: give them an API token (eos token create ${name}), or a password with eos user set ${name} --one-time-password`;
        const human = `${style.ok('✓')} added ${added.name} (${added.roles.join(', ')}); ${added.name} ${how}`;
        return oneTime && password
          ? { json: { user: added, oneTimePassword: password }, human: `${human}\n${oneTimeLine(added.name, password)}` }
          : { json: { user: added }, human };
      }),
    );
  withGlobals(user.command('set <name>').alias('update'))
    .description("change a user's role, password, e-mail or display name; a new role or password ends their sessions")
    .option('--role <role>', 'the new role; repeat for several (they replace the old ones, the first is primary)', collect, [])
    .option('--password-stdin', 'read the new password from standard input')
    .option('--one-time-password', 'reset the password to a made-up one, printed once, that must be changed at the next login')
    .option('--email <address>', "a new e-mail address ('' removes it)")
    .option('--name <display name>', "a new display name ('' removes it)")
    .action((name: string, o: { role: string[]; passwordStdin?: boolean; oneTimePassword?: boolean; email?: string; name?: string }, cmd: Command) =>
      runCommand('user set', globals(cmd), async (ctx) => {
        const { password, oneTime } = passwordOption(o);
        const session = await ctx.session();
        const changed = await updateUser(session, actorOf(session), { name, roles: o.role, password, oneTime, email: o.email, displayName: o.name });
        const ended = o.role.length > 0 || password ? '; their sessions have ended' : '';
        const profile = `${changed.displayName !== changed.name ? ` "${changed.displayName}"` : ''}${changed.email ? ` <${changed.email}>` : ''}`;
        const human = `${style.ok('✓')} ${changed.name}${profile} is ${changed.roles.join(', ')}${password ? ', with a new password' : ''}${ended}`;
        return oneTime && password
          ? { json: { user: changed, oneTimePassword: password }, human: `${human}\n${oneTimeLine(changed.name, password)}` }
          : { json: { user: changed }, human };
      }),
    );
  withGlobals(user.command('list'))
    .description('list the users of the workspace')
    .action((_o: unknown, cmd: Command) =>
      runCommand('user list', globals(cmd), async (ctx) => {
        const session = await ctx.session();
        const users = await listUsers(session, actorOf(session));
        const human =
          users.length === 0
            ? style.dim('no users yet: the CLI acts as a local admin (add the first admin with eos user add <name> --role admin)')
            : table(
                ['NAME', 'DISPLAY NAME', 'E-MAIL', 'ROLE', 'PASSWORD', 'CREATED', 'BY'],
                users.map((u) => [
                  u.name,
                  u.displayName,
                  u.email ?? '',
                  u.roles.join(', '),
                  u.mustChangePassword ? 'one-time' : u.hasPassword ? 'yes' : 'no',
                  u.createdAt.slice(0, 16),
                  u.createdBy,
                ]),
              );
        return { json: { users }, human };
      }),
    );

  const token = program.command('token').description('API tokens: printed once, stored only as a hash');
  withGlobals(token.command('create <user>'))
    .description('create an API token for a user (yourself, or anyone as an admin); it is printed once')
    .option('--name <name>', 'what the token is for', 'token')
    .option('--expires <when>', 'stop working after a duration (12h, 30d, 8w) or on a date (2027-01-31); default never')
    .action((userName: string, o: { name: string; expires?: string }, cmd: Command) =>
      runCommand('token create', globals(cmd), async (ctx) => {
        const session = await ctx.session();
        const created = await createToken(session, actorOf(session), { user: userName, name: o.name, expires: o.expires });
        return {
          json: created,
          human: [
            created.token,
            style.dim(
              `token ${created.id} for ${created.user} (${created.name})${created.expiresAt ? `, expires ${created.expiresAt}` : ''}; this is the only time it is shown. Revoke it with: eos token revoke ${created.id}`,
            ),
          ].join('\n'),
        };
      }),
    );
  withGlobals(token.command('revoke <id>'))
    .description('revoke an API token at once')
    .action((id: string, _o: unknown, cmd: Command) =>
      runCommand('token revoke', globals(cmd), async (ctx) => {
        const session = await ctx.session();
        const revoked = await revokeToken(session, actorOf(session), id);
        return { json: { token: revoked }, human: `${style.ok('✓')} token ${revoked.id} of ${revoked.user} is revoked` };
      }),
    );
  withGlobals(token.command('list'))
    .description("list API tokens (all for an admin, one's own otherwise); never the tokens themselves")
    .action((_o: unknown, cmd: Command) =>
      runCommand('token list', globals(cmd), async (ctx) => {
        const session = await ctx.session();
        const tokens = await listTokens(session, actorOf(session));
        const human =
          tokens.length === 0
            ? style.dim('no API tokens')
            : table(
                ['ID', 'USER', 'NAME', 'CREATED', 'LAST USED', 'EXPIRES', 'REVOKED'],
                tokens.map((t) => [
                  t.id,
                  t.user,
                  t.name,
                  t.createdAt.slice(0, 16),
                  t.lastUsedAt?.slice(0, 16) ?? '',
                  t.expiresAt?.slice(0, 16) ?? 'never',
                  t.revokedAt?.slice(0, 16) ?? '',
                ]),
              );
        return { json: { tokens }, human };
      }),
    );
}
