import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { EosError, toEosError } from '../core/errors.ts';
import { processHost } from './cli-host.ts';
import { mayForward } from './command-name.ts';
import { type Config, loadConfig } from './config.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { type LockHolder, storeHolder } from './open-cli-store.ts';
import { type ForwardedAnswer, replayForwarded } from './replay-forwarded.ts';

/** The path `eos serve` takes CLI commands on (src/http/auth/local-cli-route.ts). */
const LOCAL_CLI_PATH = '/api/internal/cli';

interface Reply {
  readonly status: number;
  readonly body: string;
}

/** How many times a command is sent again after its connection failed mid-request. */
const RETRIES = 5;

function post(port: number, token: string, body: string, key: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // node:http, not fetch: a long import must not meet a client-side timeout.
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: LOCAL_CLI_PATH,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          // The same key on every retry: the server runs the command once (ADR 053).
          'idempotency-key': key,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A server that holds the lock but does not listen yet is waited for, as a CLI holder would be. */
async function announcedServer(home: string, waitMs: number): Promise<LockHolder | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const holder = storeHolder(home);
    if (holder?.command !== 'eos serve') return undefined;
    if (holder.port && holder.token) return holder;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function refused(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
}

function print(answer: ForwardedAnswer): true {
  process.stdout.write(answer.stdout);
  process.stderr.write(answer.stderr);
  process.exitCode = answer.exitCode;
  return true;
}

function printError(error: EosError, args: readonly string[]): true {
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(error.toJSON())}\n`);
  else process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = EXIT_CODES[error.code];
  return true;
}

/**
 * Sends the command to the server, with one Idempotency-Key for all its tries. Returns the
 * server's reply; `refused` when nothing was sent (the server did not take the connection), so
 * the command may run here; `gone` when it may have run on a server that is no longer there.
 */
async function send(config: Config, body: string, key: string): Promise<Reply | 'refused' | 'gone' | EosError> {
  let sent = false;
  let last: unknown;
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    const server = await announcedServer(config.home, attempt === 0 ? config.lockWaitMs : 0);
    if (!server?.port || !server.token) return sent ? 'gone' : 'refused';
    try {
      return await post(server.port, server.token, body, key);
    } catch (error) {
      // Refused: the request never reached a server. Anything else (a reset, a hang-up) may
      // have come after the server ran it: only the same key may try again (issue 11).
      if (refused(error) && !sent) return 'refused';
      sent = true;
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
  return new EosError(
    'internal',
    `The eos server did not answer the command after ${RETRIES + 1} tries (${(last as Error).message}); it may or may not have run. Check before running it again.`,
  );
}

/**
 * ARCHITECTURE "The embedded workspace and other processes": when `eos serve` holds the
 * embedded store, this process can't open it, so it sends its command line to the server,
 * which runs it against its open store and returns what it printed. Returns false when there
 * is no such server, or it refused the connection, and the command runs here as usual. When
 * the server went away after the command reached it, the command runs here only if the
 * server had not run it (its Idempotency-Key says; ADR 053), else its kept answer is printed.
 */
export async function forwardToServer(args: readonly string[]): Promise<boolean> {
  if (!mayForward(args)) return false;
  let config: Config;
  try {
    config = loadConfig();
  } catch {
    return false;
  }
  if (config.databaseUrl) return false;
  const stdin = args.includes('--password-stdin') ? processHost.readStdin() : undefined;
  const body = JSON.stringify({
    argv: args,
    actor: config.actor,
    cwd: process.cwd(),
    ...(stdin !== undefined ? { stdin } : {}),
    ...(config.token ? { token: config.token } : {}),
  });
  const key = randomUUID();
  const reply = await send(config, body, key);
  if (reply === 'refused') return false;
  if (reply instanceof EosError) return printError(reply, args);
  if (reply === 'gone') {
    const replayed = await replayForwarded(config, { actor: config.actor, key, body });
    if (replayed === undefined) return false;
    return replayed instanceof EosError ? printError(replayed, args) : print(replayed);
  }
  if (reply.status === 200) return print(JSON.parse(reply.body) as ForwardedAnswer);
  let error: EosError;
  try {
    const parsed = JSON.parse(reply.body) as { error: { code: EosError['code']; message: string } };
    error = new EosError(parsed.error.code, `The eos server refused the command: ${parsed.error.message}`);
  } catch {
    error = toEosError(new Error(`The eos server answered HTTP ${reply.status}`));
  }
  return printError(error, args);
}
