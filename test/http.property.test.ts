import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/store.ts';
import { writtenCounts } from './support/audit-count.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { type HttpWorkspace, httpWorkspace } from './support/http-workspace.ts';

// Property tests over the API (issue 11, point 5): whatever a client sends to the record, import,
// search, decision and filter routes, eos never answers 5xx, and a refused request writes nothing.
const RUNS = { numRuns: 40 };

/** A URL component; a lone surrogate can't travel in a URL (UTF-8 has no form for it), so it goes as U+FFFD. */
const enc = (s: string) => encodeURIComponent((s as string & { toWellFormed(): string }).toWellFormed());

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\ud83d', '\udc00', "'", '"', '\\', '%', '_', '(', ')', '[', ']', ';', ',', '\n', 'a', 'CHG-1', '😀', '='), maxLength: 30 }),
  fc.constantFrom('', ' ', 'CHG-0001', 'Proposed', 'Title', '0', '-1', '1e309', 'null', 'true'),
);
const deepArray = fc.integer({ min: 1, max: 3000 }).map((n) => JSON.parse(`${'['.repeat(n)}${']'.repeat(n)}`) as unknown);
const value = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 5 }), deepArray, fc.jsonValue({ maxDepth: 4 }));
const fieldName = fc.oneof(text, fc.constantFrom('Title', 'Points', 'Rollback Plan', 'Impact Analysis', 'Verification Needed', 'Due', 'Owner', 'Status'));
const fields = fc.dictionary(fieldName, value, { maxKeys: 4 });

describe.each(ENGINES)('the API never answers 5xx, on %s (fast-check)', (engine) => {
  let store: Store;
  let w: HttpWorkspace;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openEngine(engine);
    w = await httpWorkspace(store);
    app = w.app;
    await app.inject({ method: 'POST', url: '/api/v1/records', headers: w.as('root'), payload: { database: 'changes', fields: { Title: 'Seed' } } });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  /** Sends one request; asserts no 5xx, and that a refusal wrote nothing. */
  async function send(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown): Promise<void> {
    const before = await writtenCounts(store, w.session.workspaceId);
    const res = await app.inject({ method, url, headers: w.as('ana'), ...(payload === undefined ? {} : { payload: payload as object }) });
    expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)?.slice(0, 300)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
    if (res.statusCode >= 400) expect(await writtenCounts(store, w.session.workspaceId)).toEqual(before);
  }

  it('POST /records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant('changes'), text), fields, (database, f) => send('POST', '/api/v1/records', { database, fields: f })),
      RUNS,
    );
  });

  it('PATCH /records/:key and POST /records/:key/moves', async () => {
    const key = fc.oneof(fc.constant('CHG-0001'), text);
    await fc.assert(
      fc.asyncProperty(key, fields, text, async (k, f, to) => {
        await send('PATCH', `/api/v1/records/${enc(k) || 'x'}`, { fields: f });
        await send('POST', `/api/v1/records/${enc(k) || 'x'}/moves`, { to });
      }),
      RUNS,
    );
  });

  it('GET /records?where= and GET /search?q=', async () => {
    const where = fc.oneof(
      text,
      fc.tuple(fc.constantFrom("record.Title == '", "record.Title.matches('", "record['Points'] > ", 'count(', "related('"), text).map(([a, b]) => `${a}${b}`),
    );
    await fc.assert(
      fc.asyncProperty(where, text, async (wh, q) => {
        await send('GET', `/api/v1/records?database=changes&where=${enc(wh)}`);
        await send('GET', `/api/v1/search?q=${enc(q)}`);
      }),
      RUNS,
    );
  });

  it('POST /decisions', async () => {
    const decision = fc.record(
      {
        scope: text,
        action: text,
        summary: text,
        rationale: fc.option(text),
        record: fc.option(text),
        evidence: fc.option(fc.array(text, { maxLength: 3 })),
        details: fc.option(fc.dictionary(text, value, { maxKeys: 3 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(decision, (d) => send('POST', '/api/v1/decisions', JSON.parse(JSON.stringify(d)))),
      RUNS,
    );
  });

  it('POST /imports (preview and commit)', async () => {
    const csv = fc
      .array(fc.array(fc.oneof(text, fc.constantFrom('Title', 'Points', 'Status', 'x,y', '"q"')), { maxLength: 4 }), { maxLength: 5 })
      .map((rows) => rows.map((r) => r.join(',')).join('\n'));
    await fc.assert(
      fc.asyncProperty(csv, fc.boolean(), fc.boolean(), (c, dryRun, skipInvalid) =>
        send('POST', '/api/v1/imports', { database: 'changes', csv: `Title,Points\n${c}`, dryRun, skipInvalid }),
      ),
      RUNS,
    );
  });
});
