import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../src/app/ingest-events.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { loadPack } from '../src/core/pack/load-pack.ts';
import type { Store } from '../src/store/store.ts';
import { productionDeployment } from './support/deployments.ts';
import { openEngine } from './support/engines.ts';
import { failure } from './support/failure.ts';
import { newWorkspace } from './support/workspace.ts';

const PACK = fileURLToPath(new URL('../packs/engineering-os', import.meta.url));
const NOW = new Date('2026-06-01T12:00:00.000Z');
const daysAgo = (d: number, h = 0) => new Date(NOW.getTime() - d * 86_400_000 + h * 3_600_000).toISOString();

const deployment = productionDeployment;

describe('metric() in gate criteria', () => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine('pglite');
    s = await newWorkspace(store, { pack: PACK, clock: () => NOW });
  });
  afterAll(async () => {
    await store.close();
  });

  const workItem = async (title: string, type: string) =>
    (
      await createRecord(s, {
        database: 'work-items',
        set: [
          ['Title', title],
          ['Type', type],
          ['Assignee', 'ana'],
          ['Definition of Done', 'merged'],
          ['Milestone', 'M1'],
        ],
      })
    ).record.key;

  it('no new feature work while the change failure rate over 14 days is over 10%; it passes once the rate is back at 10%', async () => {
    // 5 deployments in the last 14 days, one of them followed by an incident: CFR 0.2.
    await ingestEvents(s, {
      deployments: [1, 2, 3, 4, 5].map((n) => deployment(n, daysAgo(12 - n))),
      incidents: [{ id: 'inc-1', project: 'api', severity: 'P1', createdAt: daysAgo(12 - 3, 2), resolvedAt: daysAgo(12 - 3, 4) }],
    });
    const feature = await workItem('New dashboard', 'Feature');
    const error = await failure(moveRecord(s, { ref: feature, to: 'In Progress' }));
    expect(error.code).toBe('gate_blocked');
    expect(error.details.unmet).toEqual([
      {
        gate: 'cfr-guardrail',
        criterion: 'change-failure-rate',
        message: 'The change failure rate over the last 14 days is over 10%: stabilise before starting new feature work (seed 001 guardrail)',
      },
    ]);
    const chore = await workItem('Rotate keys', 'Chore');
    expect((await moveRecord(s, { ref: chore, to: 'In Progress' })).record.status).toBe('In Progress');

    // Five more clean deployments: 1 failed of 10 = 0.10, at the limit.
    await ingestEvents(s, { deployments: [6, 7, 8, 9, 10].map((n) => deployment(n, daysAgo(1, n))) });
    expect((await moveRecord(s, { ref: feature, to: 'In Progress' })).record.status).toBe('In Progress');
  });

  it('refuses a pack whose metric() names no metric or has a bad window, at load time', () => {
    const db = (check: string) =>
      `id: things\nname: Things\nkey: { prefix: T }\nfields:\n  - { name: Title, type: title }\nstatus: { field: Status, values: [Open, Done] }\ngates:\n  - id: g\n    into: [Done]\n    criteria:\n      - { id: c, check: "${check}", message: m }\n`;
    const error = (() => {
      try {
        loadPack([
          { path: 'pack.yaml', text: 'id: p\nname: P\nversion: "1"\n' },
          { path: 'things.yaml', text: db("metric('cfr', '14d') < 0.1 && metric('changeFailureRate', 'two weeks') < 0.1") },
        ]);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected the pack to be refused');
    })();
    expect(error.message).toContain("metric('cfr', …): there is no such metric; use one of deployments, deployDays");
    expect(error.message).toContain("metric('changeFailureRate', 'two weeks'): the window must be a number of hours, days or weeks, e.g. '12h', '14d', '4w'");
  });
});
