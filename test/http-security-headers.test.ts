import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthPlugin } from '../src/http/auth/auth-plugin.ts';
import { buildServer } from '../src/http/build-server.ts';
import { API_CSP, WEB_APP_CSP } from '../src/http/security-headers.ts';
import { registerWebAssets } from '../src/http/web-assets.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import type { Store } from '../src/store/store.ts';
import { ensureWebBuild } from '../src/web/build/ensure-web-build.ts';
import { createTestUsers, type TestUsers } from './support/http-users.ts';
import { newWorkspace } from './support/workspace.ts';

// Issue 11, point 8: the web app and the API send a Content-Security-Policy without inline script and
// with frame-ancestors 'none', plus nosniff and friends, on every answer: HTML, assets, JSON, errors.

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name ?? '', values]),
  );
}

const COMMON = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

describe('security headers', () => {
  let store: Store;
  let app: FastifyInstance;
  let dir: string;
  let headers: TestUsers['headers'];

  beforeAll(async () => {
    store = await openPglite();
    const session = await newWorkspace(store);
    headers = (await createTestUsers(store, session.workspaceId)).headers;
    dir = (await ensureWebBuild()).dir;
    app = await buildServer({
      store,
      workspaceId: session.workspaceId,
      auth: createAuthPlugin({ store, workspaceId: session.workspaceId }),
      web: (child) => registerWebAssets(child, { dir }),
    });
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("the web app's policy allows no inline or eval'd script, no framing, and nothing from another origin", () => {
    const policy = directives(WEB_APP_CSP);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(WEB_APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
    expect(directives(API_CSP)).toEqual(
      new Map([
        ['default-src', ["'none'"]],
        ['frame-ancestors', ["'none'"]],
      ]),
    );
  });

  it('the built index.html has no inline script, no inline event handler and no javascript: URL', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\/[^"]+\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<style\b/i);
  });

  it('sends the web app policy with the app and its client routes, and the common headers with its assets', async () => {
    for (const url of ['/', '/records/ECR-0001']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers).toMatchObject({ 'content-security-policy': WEB_APP_CSP, ...COMMON });
    }
    const entry = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(dir, 'index.html'), 'utf8'))?.[1] ?? '';
    const asset = await app.inject({ url: entry });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers).toMatchObject(COMMON);
  });

  it('sends the API policy with JSON, errors, health and metrics', async () => {
    const cases: [string, Record<string, string>, number][] = [
      ['/api/v1/databases', headers('ana'), 200],
      ['/api/v1/databases', {}, 401],
      ['/api/v1/nope', headers('ana'), 404],
      ['/healthz', {}, 200],
      ['/metrics', headers('ana'), 200],
      ['/api/openapi.json', {}, 200],
    ];
    for (const [url, auth, status] of cases) {
      const res = await app.inject({ url, headers: auth });
      expect(res.statusCode, url).toBe(status);
      expect(res.headers, url).toMatchObject({ 'content-security-policy': API_CSP, ...COMMON });
    }
  });
});
