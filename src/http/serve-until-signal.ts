import type { FastifyInstance } from 'fastify';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  /** Told once the server listens, and again when a signal starts the shutdown. */
  readonly onListening?: (url: string) => void;
  readonly onSignal?: (signal: NodeJS.Signals) => void;
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * Listens, then waits for SIGTERM or SIGINT and shuts down gracefully: no new connections,
 * in-flight requests finish (Fastify's close), idle keep-alive connections close. The caller
 * closes the store (and releases the embedded lock) when this resolves. A second signal exits at once.
 */
export async function serveUntilSignal(app: FastifyInstance, options: ServeOptions): Promise<void> {
  const url = await app.listen({ port: options.port, host: options.host });
  options.onListening?.(url);
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let closing = false;
      onSignal = (signal) => {
        if (closing) process.exit(130);
        closing = true;
        options.onSignal?.(signal);
        app.close().then(resolve, reject);
      };
      for (const s of signals) process.on(s, onSignal);
    });
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}
