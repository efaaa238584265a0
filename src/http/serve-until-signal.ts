import type { Server, ServerResponse } from 'node:http';
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
 * Keeps track of the responses in flight, so that a shutdown can end each connection as soon
 * as its response is out. Without it, a keep-alive connection whose request was in flight when
 * the shutdown began stays open, idle, until its keep-alive timeout, and holds the exit back.
 * Returns the function that starts the shutdown of connections.
 */
function drainConnections(server: Server): () => void {
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  const endAfter = (res: ServerResponse) => {
    // Tell the client not to reuse the connection; Node then closes it once the response is sent.
    if (!res.headersSent) res.setHeader('connection', 'close');
    // A response already under way (its headers sent) leaves an idle connection: close it then.
    else res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
  };
  server.on('request', (_req, res: ServerResponse) => {
    if (closing) return endAfter(res);
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  return () => {
    closing = true;
    for (const res of inFlight) endAfter(res);
  };
}

/**
 * Listens, then waits for SIGTERM or SIGINT and shuts down gracefully: no new connections,
 * in-flight requests finish (Fastify's close) and their connections close as their answers
 * are sent, idle keep-alive connections close at once. The caller closes the store (and
 * releases the embedded lock) when this resolves. A second signal exits at once.
 */
export async function serveUntilSignal(app: FastifyInstance, options: ServeOptions): Promise<void> {
  const url = await app.listen({ port: options.port, host: options.host });
  const drain = drainConnections(app.server);
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
        drain();
        app.close().then(resolve, reject);
      };
      for (const s of signals) process.on(s, onSignal);
    });
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}
