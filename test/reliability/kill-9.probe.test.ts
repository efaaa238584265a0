import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/app/audit-trail.ts';
import { listDecisions } from '../../src/app/decide.ts';
import { listRecords } from '../../src/app/records/read-records.ts';
import { openSession } from '../../src/app/session.ts';
import { ENGINES } from '../support/engines.ts';
import { type ProbeServer, type ProbeWorkspace, probeWorkspace, startServer, stopServer } from './support/probe-server.ts';

const WRITERS = 8;
const IMPORT_ROWS = 2000;
const KILL_AFTER_MS = Number(process.env.EOS_PROBE_KILL_AFTER_MS ?? 4000);

// kill -9 while decisions are being written and a CSV import runs (issue 11, point 8): after a restart
// every write the server acknowledged is there, the import is there whole or not at all, the audit
// chain verifies, and `eos serve` starts again on the same data (a dead holder's lock is taken over).
describe.each(ENGINES)('kill -9 during writes and an import, on %s', (engine) => {
  let workspace: ProbeWorkspace;
  let server: ProbeServer;
  const acknowledged: string[] = [];
  let attempted = 0;
  const statuses = new Set<number>();
  let importAnswer: number | 'cut' = 'cut';

  beforeAll(async () => {
    workspace = await probeWorkspace(engine);
    server = await startServer(workspace);
  });
  afterAll(async () => {
    if (server) await stopServer(server);
    await workspace?.remove();
  });

  it('kills the server with SIGKILL in the middle of acknowledged writes', async () => {
    const headers = { ...workspace.headers, 'content-type': 'application/json' };
    let killed = false;
    const writer = async (w: number) => {
      for (let n = 0; !killed; n++) {
        attempted++;
        try {
          const res = await fetch(`${server.url}/api/v1/decisions`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ scope: 'probe', action: 'probe.write', summary: `writer ${w} write ${n}` }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
          else statuses.add(res.status);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const csv = `Title,Points\n${Array.from({ length: IMPORT_ROWS }, (_, i) => `Imported ${i},${i}`).join('\n')}\n`;
    const started = Date.now();
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    // The import starts once writes flow; it holds the workspace's write lock while it runs, so the
    // writers queue behind it and the kill finds both under way.
    await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS / 2));
    const importing = fetch(`${server.url}/api/v1/imports`, { method: 'POST', headers, body: JSON.stringify({ database: 'changes', csv }) })
      .then((res) => {
        importAnswer = res.status;
      })
      .catch(() => {
        importAnswer = 'cut';
      });
    await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS / 2));
    server.child.kill('SIGKILL');
    killed = true;
    await server.exited;
    await Promise.all([...writers, importing]);
    console.info(
      `[probe] ${engine}: killed after ${Date.now() - started} ms; ${attempted} writes attempted, ${acknowledged.length} acknowledged; import: ${importAnswer}; other statuses: ${[...statuses].join(', ') || 'none'}`,
    );
    expect(acknowledged.length).toBeGreaterThan(0);
  });

  it('loses no acknowledged write; the import is whole or absent; the audit chain verifies', async () => {
    const store = await workspace.openStore();
    try {
      const session = await openSession({ store, workspaceId: 'default', actor: 'tester' });
      const ids = new Set((await listDecisions(session, { scope: 'probe', limit: 100_000 })).map((d) => d.id));
      const lost = acknowledged.filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
      const imported = await listRecords(session, { database: 'changes' });
      console.info(`[probe] ${engine}: ${ids.size} probe decisions stored (${acknowledged.length} acknowledged); ${imported.length} imported records`);
      expect([0, IMPORT_ROWS]).toContain(imported.length);
      if (importAnswer === 200) expect(imported).toHaveLength(IMPORT_ROWS);
      expect(await verifyAudit(session)).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  });

  it('starts again on the same data and answers', async () => {
    server = await startServer(workspace);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    await stopServer(server);
  });
});
