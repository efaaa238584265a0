import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '../src/app/records/create-record.ts';
import { auditHead } from '../src/store/audit-rows.ts';
import { temporaryAuditTrust } from '../src/store/file-audit-trust.ts';
import { type HttpWitness, withHttpWitness } from '../src/store/http-witness.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import { openPostgres } from '../src/store/open-postgres.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, POSTGRES_URL } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

interface Received {
  readonly workspace: string;
  readonly seq: number;
  readonly hash: string;
  readonly keyId: string;
  readonly signature: string;
}

/** A real HTTP receiver: keeps what it is sent, answering `failures` 503s first. */
function receiver(): Promise<{ server: Server; url: string; heads: Received[]; requests: () => number; fail: (n: number) => void }> {
  const heads: Received[] = [];
  let failures = 0;
  let requests = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests++;
      if (failures > 0) {
        failures--;
        res.writeHead(503).end();
        return;
      }
      heads.push(JSON.parse(body) as Received);
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/witness`,
        heads,
        requests: () => requests,
        fail: (n) => {
          failures = n;
        },
      }),
    ),
  );
}

// EOS_AUDIT_WITNESS_URL: every committed head also goes to an HTTP endpoint, retried, and a head
// not delivered is reported (issue 11, point 3).
describe.each(ENGINES)('the HTTP audit witness on %s', (engine) => {
  let r: Awaited<ReturnType<typeof receiver>>;
  let witness: HttpWitness;
  let store: Store;
  const files = temporaryAuditTrust();
  const failures: { workspace: string; seq: number; error: string }[] = [];
  beforeAll(async () => {
    r = await receiver();
    witness = withHttpWitness(files, { url: r.url, backoffMs: 10, onFailure: (f) => failures.push(f) });
    store = engine === 'pglite' ? await openPglite(undefined, { trust: witness.trust }) : await openPostgres(POSTGRES_URL, { trust: witness.trust });
  });
  afterAll(async () => {
    await store.close();
    r.server.close();
    files.dispose();
  });

  it('posts the signed head after every commit, and retries an endpoint that fails', async () => {
    const session = await newWorkspace(store);
    const ws = session.workspaceId;
    await createRecord(session, { database: 'changes', set: [['Title', 'Witnessed over HTTP']] });
    await witness.flush();
    const head = await auditHead(store.db, ws);
    const mine = () => r.heads.filter((h) => h.workspace === ws);
    expect(mine().at(-1)).toEqual({ workspace: ws, seq: head?.seq, hash: head?.hash, keyId: head?.keyId, signature: head?.signature });
    expect(mine().map((h) => h.seq)).toEqual([...mine().map((h) => h.seq)].sort((a, b) => a - b));

    r.fail(2);
    const before = r.requests();
    await createRecord(session, { database: 'changes', set: [['Title', 'Witnessed on the third try']] });
    await witness.flush();
    expect(r.requests() - before).toBe(3);
    expect(mine().at(-1)?.seq).toBe((await auditHead(store.db, ws))?.seq);
    expect(failures).toEqual([]);
  });

  it('reports a head it could not deliver after every attempt', async () => {
    const session = await newWorkspace(store);
    r.fail(100);
    await createRecord(session, { database: 'changes', set: [['Title', 'Not witnessed']] });
    await witness.flush();
    r.fail(0);
    const seq = (await auditHead(store.db, session.workspaceId))?.seq;
    expect(failures.at(-1)).toEqual({ workspace: session.workspaceId, seq, error: `the head ${seq} was not witnessed after 4 attempts: ${r.url} answered 503` });
  });
});
