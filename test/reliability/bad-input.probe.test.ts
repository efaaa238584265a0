import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writtenCounts } from '../support/audit-count.ts';
import { BAD_INPUT_CASES, quoted } from '../support/bad-input-cases.ts';
import { ENGINES } from '../support/engines.ts';
import { type ProbeServer, type ProbeWorkspace, probeWorkspace, startServer, stopServer } from './support/probe-server.ts';

// The bad-input table of issue 11 (point 5) against a real `eos serve` over a socket: every case
// answers 400 naming the field (and the limit), and the store holds afterwards exactly what it held before.
describe.each(ENGINES)('bad input against eos serve on %s', (engine) => {
  let workspace: ProbeWorkspace;
  let server: ProbeServer;
  let before: Awaited<ReturnType<typeof writtenCounts>>;
  beforeAll(async () => {
    workspace = await probeWorkspace(engine);
    // A first start writes what a start writes (EOS_USER added as a user); the baseline is after it.
    await stopServer(await startServer(workspace));
    const store = await workspace.openStore();
    before = await writtenCounts(store, 'default');
    await store.close();
    server = await startServer(workspace);
  });
  afterAll(async () => {
    if (server) await stopServer(server);
    await workspace?.remove();
  });

  it.each(BAD_INPUT_CASES)('$name → 400 with the field and the limit', async (c) => {
    const res = await fetch(`${server.url}${c.url}`, {
      method: c.method,
      headers: { ...workspace.headers, ...(c.body ? { 'content-type': 'application/json' } : {}) },
      ...(c.body ? { body: c.body } : {}),
    });
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status).toBe(400);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toContain(c.field);
    if (c.limit !== undefined) expect(body.error.message).toContain(`limit of ${quoted(c.limit)}`);
    expect(body.error.message).not.toMatch(/select |insert into|violates|invalid byte sequence/i);
  });

  it('and nothing any of them sent was written', async () => {
    await stopServer(server);
    const store = await workspace.openStore();
    try {
      expect(await writtenCounts(store, 'default')).toEqual(before);
    } finally {
      await store.close();
    }
  });
});
