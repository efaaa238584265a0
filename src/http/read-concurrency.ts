import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * How many API reads run at once; the rest wait their turn without using the CPU. Under a burst
 * (50 connections listing records) every admitted read does its CPU work in the same event loop, so
 * admitting them all makes each event-loop turn long and `/healthz`, a write or a page load waits
 * behind the whole burst. Writes are not counted: they queue on the workspace lock already, and reads
 * must never wait behind writes queued there.
 */
export const READ_CONCURRENCY = 8;

const HELD = Symbol('eos.readSlot');

type SlotRequest = FastifyRequest & { [HELD]?: boolean };

/**
 * Admits at most `limit` GET/HEAD requests under `/api/` at a time, first come first served.
 *
 * @example limitReadConcurrency(app, READ_CONCURRENCY)
 */
export function limitReadConcurrency(app: FastifyInstance, limit: number = READ_CONCURRENCY): void {
  let active = 0;
  const waiting: { request: SlotRequest; admit: () => void }[] = [];
  const admit = (request: SlotRequest, done: () => void) => {
    request[HELD] = true;
    done();
  };
  const release = (request: SlotRequest) => {
    if (!request[HELD]) {
      // Aborted while waiting: it leaves the queue, and held no slot.
      const at = waiting.findIndex((w) => w.request === request);
      if (at >= 0) waiting.splice(at, 1);
      return;
    }
    request[HELD] = false;
    const next = waiting.shift();
    if (next) next.admit();
    else active--;
  };
  app.addHook('onRequest', (request: SlotRequest, _reply, done) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !request.url.startsWith('/api/')) return done();
    if (active < limit) {
      active++;
      return admit(request, done);
    }
    waiting.push({ request, admit: () => admit(request, done) });
  });
  app.addHook('onResponse', (request: SlotRequest, _reply, done) => {
    release(request);
    done();
  });
  app.addHook('onRequestAbort', (request: SlotRequest, done) => {
    release(request);
    done();
  });
}
