import { sameSecret, sha256Hex } from '../../app/auth/secrets.ts';
import { EosError } from '../../core/errors.ts';
import type { ApiApp } from '../api-context.ts';
import { errors } from '../api-schemas.ts';
import { cliRequestSchema, cliResultSchema } from './auth-schemas.ts';

/** A CLI command sent by another process on this host, and what it printed. */
export interface ForwardedCommand {
  readonly argv: readonly string[];
  readonly actor: string;
  readonly cwd: string;
  readonly stdin?: string | undefined;
  /** The CLI's EOS_TOKEN: the command acts as its user, with proof (ADR 044). */
  readonly token?: string | undefined;
}

export interface ForwardedResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** What `eos serve` gives the plugin: the sha256 of the token it wrote for local CLIs, and how to run a command. */
export interface LocalCli {
  readonly tokenHash: string;
  run(command: ForwardedCommand): Promise<ForwardedResult>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The local CLI route: authenticated by the server's local token, from loopback only. */
    localCli?: true;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The path CLI processes post to (outside /api/v1: it is not part of the public API). */
export const LOCAL_CLI_PATH = '/api/internal/cli';

/**
 * POST /api/internal/cli: runs one CLI command in the server's process, against its open
 * store, as the CLI's EOS_USER (resolved as the CLI resolves it, ADR 011), and returns what it
 * printed and its exit code. Only from loopback, and only with the token that `eos serve`
 * wrote to the lock file (readable by its owner only).
 */
export function registerLocalCliRoute(app: ApiApp, cli: LocalCli): void {
  app.post(
    LOCAL_CLI_PATH,
    {
      config: { public: true, localCli: true },
      schema: { hide: true, body: cliRequestSchema, response: { 200: cliResultSchema, ...errors(400, 401, 403) } },
      // Checked before the Idempotency-Key is looked at (a route's own hooks run first).
      preHandler: (request, _reply, done) => {
        if (!LOOPBACK.has(request.ip)) return done(new EosError('forbidden', `CLI commands are only taken from this host, not from ${request.ip}`));
        const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        if (!token || !sameSecret(sha256Hex(token), cli.tokenHash)) return done(new EosError('unauthenticated', "This is not the server's local CLI token"));
        done();
      },
    },
    async (request) => cli.run(request.body),
  );
}
