import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/app/auth/add-user.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import type { Session } from '../src/app/session.ts';
import { createLocalCli } from '../src/cli/local-cli.ts';
import { createAuthPlugin } from '../src/http/auth/auth-plugin.ts';
import { buildServer } from '../src/http/build-server.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

// `eos sop` as a CLI process runs it when `eos serve` holds the embedded store (ADR 012): the same
// commander program, in the server, through its local CLI route. It costs no process start.
describe.each(ENGINES)('eos sop, forwarded to a running server, on %s', (engine) => {
  let store: Store;
  let app: FastifyInstance;
  let token: string;
  let session: Session;
  let key: string;
  beforeAll(async () => {
    store = await openEngine(engine);
    session = await newWorkspace(store);
    const root = { name: 'root', role: 'admin' } as const;
    await addUser(session, root, { name: 'root', role: 'admin' });
    await addUser(session, root, { name: 'ana', role: 'editor' });
    await addUser(session, root, { name: 'vic', role: 'viewer' });
    key = (await createRecord(session, { database: 'changes', set: [['Title', 'Swap C12']] })).record.key;
    const localCli = createLocalCli(store);
    token = localCli.token;
    app = await buildServer({ store, workspaceId: session.workspaceId, auth: createAuthPlugin({ store, workspaceId: session.workspaceId, localCli }) });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const eos = async (actor: string, ...argv: string[]) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/internal/cli',
      remoteAddress: '127.0.0.1',
      headers: { authorization: `Bearer ${token}` },
      payload: { argv: [...argv, '--workspace', session.workspaceId], actor, cwd: '/' },
    });
    expect(res.statusCode).toBe(200);
    return res.json() as { stdout: string; stderr: string; exitCode: number };
  };

  it('shows the checklist with [ ] and [x], who and when; --json prints the checklist object', async () => {
    expect(await eos('ana', 'sop', key)).toEqual({
      stdout: `${key} SOP: 0 of 3 done\n  [ ] 1. Submit the change with a clear reason and the affected items.\n  [ ] 2. Review impact and risk.\n  [ ] 3. Verify and close.\n`,
      stderr: '',
      exitCode: 0,
    });
    const checked = await eos('ana', 'sop', 'check', key, '1', '3');
    expect(checked.exitCode).toBe(0);
    expect(checked.stdout).toMatch(
      new RegExp(
        `^${key} SOP: 2 of 3 done\\n  \\[x\\] 1\\. Submit the change with a clear reason and the affected items\\. \\(ana, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\)\\n  \\[ \\] 2\\. Review impact and risk\\.\\n  \\[x\\] 3\\. Verify and close\\. \\(ana, `,
      ),
    );
    const json = JSON.parse((await eos('ana', 'sop', key, '--json')).stdout);
    expect(json).toMatchObject({ record: key, database: 'changes', done: 2, total: 3 });
    expect(json.steps[0]).toEqual({ step: 1, text: 'Submit the change with a clear reason and the affected items.', done: true, checkedBy: 'ana', checkedAt: expect.any(String) });
    const unchecked = JSON.parse((await eos('ana', 'sop', 'uncheck', key, '3', '--json')).stdout);
    expect(unchecked.steps.map((s: { done: boolean }) => s.done)).toEqual([true, false, false]);
  });

  it('exits 2 for a step out of range or not a number, 4 for an unknown record and 6 for a viewer', async () => {
    expect(await eos('ana', 'sop', 'check', key, '9')).toEqual({ stdout: '', stderr: "error: Changes' SOP has 3 steps; step 9 does not exist (give 1 to 3)\n", exitCode: 2 });
    const word = await eos('ana', 'sop', 'check', key, 'two', '--json');
    expect(word.exitCode).toBe(2);
    expect(JSON.parse(word.stdout)).toEqual({
      error: { code: 'invalid_input', message: `'two' is not a step number; give the steps' numbers, e.g. eos sop check ${key} 1 2`, steps: ['two'] },
    });
    expect((await eos('ana', 'sop', 'CHG-0404')).exitCode).toBe(4);
    const viewer = await eos('vic', 'sop', 'check', key, '2');
    expect(viewer.exitCode).toBe(6);
    expect(viewer.stderr).toBe(
      "error: vic has the viewer role and can't tick SOP steps: writing needs the editor or admin role, or a persona (business, product, engineering, qa, data, sre)\n",
    );
    expect((await eos('ana', 'sop', 'check', key)).exitCode).toBe(2);
  });
});
