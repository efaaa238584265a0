import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { EosError, toEosError } from '../core/errors.ts';
import { type LockHolder, liveHolder } from '../store/data-lock.ts';
import { commandName } from './command-name.ts';
import { loadConfig } from './config.ts';
import { EXIT_CODES } from './exit-codes.ts';

/** The path `eos serve` takes CLI commands on (src/http/auth/local-cli-route.ts). */
const LOCAL_CLI_PATH = '/api/internal/cli';
// Commands that never go to a server: a second server must meet the lock itself.
const LOCAL_ONLY = new Set(['serve', 'help']);

interface Reply {
  readonly status: number;
  readonly body: string;
}

function post(port: number, token: string, payload: unknown): Promise<Reply> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    // node:http, not fetch: a long import must not meet a client-side timeout.
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: LOCAL_CLI_PATH,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
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
async function announcedServer(lockPath: string, waitMs: number): Promise<LockHolder | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const holder = liveHolder(lockPath);
    if (holder?.command !== 'eos serve') return undefined;
    if (holder.port && holder.token) return holder;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * ARCHITECTURE "The embedded workspace and other processes": when `eos serve` holds the
 * embedded store, this process can't open it, so it sends its command line to the server,
 * which runs it against its open store and returns what it printed. Returns false when there
 * is no such server, and the command runs here as usual.
 */
export async function forwardToServer(args: readonly string[]): Promise<boolean> {
  const name = commandName(args);
  if (!name || LOCAL_ONLY.has(name)) return false;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch {
    return false;
  }
  if (config.databaseUrl) return false;
  const server = await announcedServer(join(config.home, 'data.lock'), config.lockWaitMs);
  if (!server?.port || !server.token) return false;
  const stdin = args.includes('--password-stdin') ? readFileSync(0, 'utf8') : undefined;
  let reply: Reply;
  try {
    reply = await post(server.port, server.token, {
      argv: args,
      actor: config.actor,
      cwd: process.cwd(),
      ...(stdin !== undefined ? { stdin } : {}),
      ...(config.token ? { token: config.token } : {}),
    });
  } catch {
    // The server is going away: the command waits for the lock as usual.
    return false;
  }
  if (reply.status === 200) {
    const result = JSON.parse(reply.body) as { stdout: string; stderr: string; exitCode: number };
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
    return true;
  }
  let error: EosError;
  try {
    const parsed = JSON.parse(reply.body) as { error: { code: EosError['code']; message: string } };
    error = new EosError(parsed.error.code, `The eos server (pid ${server.pid}, port ${server.port}) refused the command: ${parsed.error.message}`);
  } catch {
    error = toEosError(new Error(`The eos server (pid ${server.pid}, port ${server.port}) answered HTTP ${reply.status}`));
  }
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(error.toJSON())}\n`);
  else process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = EXIT_CODES[error.code];
  return true;
}
