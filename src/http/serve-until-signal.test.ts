import { request } from 'node:http';
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { refusesConnections } from '../../test/support/refuses-connections.ts';
import { serveUntilSignal } from './serve-until-signal.ts';

interface Answer {
  readonly status: number;
  readonly connection: string | undefined;
  readonly body: string;
  readonly endedAt: number;
}

function answerOf(req: ReturnType<typeof request>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body, endedAt: Date.now() }));
    });
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server whose keep-alive timeout (60 s) would hold a shutdown back far longer than the test runs. */
function slowServer() {
  const app = Fastify({ forceCloseConnections: 'idle', keepAliveTimeout: 60_000 });
  app.post('/echo', async (req) => ({ got: req.body }));
  app.get('/stream', async (_req, reply) => {
    let n = 0;
    const lines = new Readable({
      read() {
        setTimeout(() => this.push(n < 10 ? `line ${n++}\n` : null), 50);
      },
    });
    return reply.type('text/plain').send(lines);
  });
  return app;
}

/** serveUntilSignal on a free port, stopped by SIGUSR2 (sent to this test process, which handles it). */
async function serve(app: ReturnType<typeof slowServer>): Promise<{ url: string; served: Promise<void> }> {
  let served: Promise<void> = Promise.resolve();
  const url = await new Promise<string>((resolve) => {
    served = serveUntilSignal(app, { port: 0, host: '127.0.0.1', signals: ['SIGUSR2'], onListening: resolve });
  });
  return { url, served };
}

describe('serveUntilSignal', () => {
  it('on the signal stops listening, finishes a request whose body is still arriving, and closes its connection after the answer', async () => {
    const app = slowServer();
    const { url, served } = await serve(app);
    const body = JSON.stringify({ text: 'x'.repeat(1000) });
    const req = request(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const answer = answerOf(req);
    req.write(body.slice(0, 500));
    await sleep(100);
    process.kill(process.pid, 'SIGUSR2');
    for (let i = 0; i < 100 && !(await refusesConnections(url)); i++) await sleep(10);
    expect(await refusesConnections(url)).toBe(true);
    req.end(body.slice(500));
    const got = await answer;
    expect(got).toMatchObject({ status: 200, connection: 'close' });
    expect(JSON.parse(got.body)).toEqual({ got: JSON.parse(body) });
    await served;
  });

  it('closes a connection whose answer was already streaming when the signal came, as soon as the answer is out (not at the keep-alive timeout)', async () => {
    const app = slowServer();
    const { url, served } = await serve(app);
    const req = request(`${url}/stream`);
    const answer = answerOf(req);
    req.end();
    await sleep(150);
    process.kill(process.pid, 'SIGUSR2');
    const got = await answer;
    expect(got.status).toBe(200);
    expect(got.body).toBe(Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join(''));
    await served;
    expect(Date.now() - got.endedAt).toBeLessThan(5_000);
  });
});
