import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../src/app/import/import-csv.ts';
import { filterInSlices } from '../src/app/records/filter-budget.ts';
import { listRecords } from '../src/app/records/read-records.ts';
import type { Session } from '../src/app/session.ts';
import { EosError } from '../src/core/errors.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

describe('filterInSlices', () => {
  it('yields to the event loop between slices, so other work runs while a filter does', async () => {
    let ticked = false;
    setImmediate(() => {
      ticked = true;
    });
    const seen: boolean[] = [];
    const kept = await filterInSlices(
      [1, 2, 3, 4],
      (n) => {
        seen.push(ticked);
        return n % 2 === 0;
      },
      { where: 'w', budget: { rows: 10, millis: 60_000, sliceMillis: 0 } },
    );
    expect(kept).toEqual([2, 4]);
    expect(seen[0]).toBe(false);
    expect(seen.at(-1)).toBe(true);
  });

  it('refuses past its time budget with query_too_costly and what to do', async () => {
    const attempt = filterInSlices([1, 2, 3], () => true, { where: "x.matches('a')", budget: { rows: 10, millis: 0, sliceMillis: 0 } });
    await expect(attempt).rejects.toThrow(EosError);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_input', details: { reason: 'query_too_costly', field: 'where', limitMillis: 0 } });
    await expect(attempt).rejects.toThrow('took over its budget of 0 ms');
  });

  it('keeps offset and limit', async () => {
    const kept = await filterInSlices([1, 2, 3, 4, 5, 6], (n) => n > 1, { where: 'w', offset: 1, limit: 2 });
    expect(kept).toEqual([3, 4]);
  });
});

describe.each(ENGINES)('filters SQL cannot take, on %s (issue 11, point 4)', (engine) => {
  let store: Store;
  let session: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    session = await newWorkspace(store);
    const csv = `Title\n${Array.from({ length: 30 }, (_, i) => `R${i}`).join('\n')}\n`;
    await importCsv(session, { database: 'changes', file: 'r.csv', text: csv });
  });
  afterAll(async () => {
    await store.close();
  });

  const where = "record.Title.matches('^R1[0-9]$')";

  it('runs them in the server within the budget', async () => {
    const records = await listRecords(session, { database: 'changes', where, sort: 'title' });
    expect(records.map((r) => r.title)).toEqual(['R10', 'R11', 'R12', 'R13', 'R14', 'R15', 'R16', 'R17', 'R18', 'R19']);
  });

  it('refuses one over the row budget before reading the records, saying what to do', async () => {
    const attempt = listRecords(session, { database: 'changes', where, budget: { rows: 29, millis: 5000, sliceMillis: 8 } });
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_input', details: { reason: 'query_too_costly', limitRows: 29 } });
    await expect(attempt).rejects.toThrow('Changes has more than 29 records to read. Narrow it with conditions the database can take alone');
    // A filter SQL takes has no such budget.
    expect(await listRecords(session, { database: 'changes', where: "record.Title == 'R3'", budget: { rows: 1, millis: 0, sliceMillis: 0 } })).toHaveLength(1);
  });
});
