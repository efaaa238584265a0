import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressAssets } from '../web/build/compress-assets.ts';
import { registerWebAssets } from './web-assets.ts';

// A bundle laid out as Vite writes it, served by the real plugin over Fastify's inject.
describe('registerWebAssets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eos-web-assets-'));
  const script = `console.log(${JSON.stringify('x'.repeat(2000))});`;
  let app: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>eos</title><script type="module" src="/assets/index-AbC123.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), script);
    await compressAssets(dir);
    app = Fastify();
    app.get('/api/v1/ping', async () => ({ ok: true }));
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url}` } }));
    await app.register(async (child) => registerWebAssets(child, { dir }));
    await app.ready();
  });

  afterAll(() => app.close());

  it('serves hashed assets for a year, immutable, brotli when asked for', async () => {
    const res = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBeLessThan(script.length / 10);
    const plain = await app.inject({ url: '/assets/index-AbC123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('answers the root and every client route with index.html, revalidated on each load', async () => {
    for (const url of ['/', '/records/ECR-0001', '/databases/change-control?view=board']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>eos</title>');
    }
  });

  it("leaves the API's routes and its 404s alone", async () => {
    expect((await app.inject({ url: '/api/v1/ping' })).json()).toEqual({ ok: true });
    for (const url of ['/api/v1/nope', '/api/openapi.jsonx', '/healthz/extra', '/metrics/x']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual({ error: { code: 'not_found', message: `No route GET ${url}` } });
    }
  });

  it('is a 404 for a missing hashed asset, not the index', async () => {
    const res = await app.inject({ url: '/assets/index-Gone99.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /assets/index-Gone99.js' } });
  });
});
