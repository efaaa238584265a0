import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '../src/app/records/create-record.ts';
import { listRecords } from '../src/app/records/read-records.ts';
import { moveRecord } from '../src/app/records/update-record.ts';
import type { Session } from '../src/app/session.ts';
import { celToSql } from '../src/store/cel-to-sql.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

// Each filter either translates to SQL or is evaluated as CEL; both must select the same records.
const FILTERS: [string, boolean][] = [
  ['record.Points >= 3', true],
  ['record.Points < 3 || record.Points == null', true],
  ["record['Risk Level'] == 'High'", true],
  ["record['Risk Level'] != 'High'", true],
  ["!(record['Risk Level'] == 'High')", true],
  ["record['Risk Level'] in ['Low', 'Medium']", true],
  ["!(record['Risk Level'] in ['Low'])", true],
  ["'Cost' in record['Impact Analysis']", true],
  ["record['Communications Done'] == true", true],
  ["record.status == 'Proposed' && record.Points > 1", true],
  ["record.Status == 'Under Review'", true],
  ['record.Owner == null', true],
  ['record.Owner != null', true],
  ["record.key == 'CHG-0002'", true],
  ['record.Points == 3.0', true],
  ['record.Points == 3', true],
  ["record.Points == 'x'", true],
  ['!(record.Points > 2)', false],
  ["!('Cost' in record['Impact Analysis'])", false],
  ["record.Due == timestamp('2026-01-01T00:00:00Z')", true],
  ["record.Due >= timestamp('2025-12-31T12:00:00Z')", true],
  ["record.Due < timestamp('2026-01-01T00:00:01Z') && record.Points == null", true],
  ["record.Due != timestamp('2026-01-01T00:00:00Z')", true],
  // A date compares by its day's text (issue 13): every operator on both sides of midnight.
  ["record.Due == timestamp('2026-01-01T12:00:00Z')", true],
  ["record.Due == timestamp('2026-01-01T01:00:00+01:00')", true],
  ["record.Due != timestamp('2026-01-01T12:00:00Z')", true],
  ["record.Due > timestamp('2025-12-31T23:59:59Z')", true],
  ["record.Due > timestamp('2026-01-01T00:00:00Z')", true],
  ["record.Due >= timestamp('2026-01-01T00:00:00Z')", true],
  ["record.Due >= timestamp('2026-01-01T00:00:01Z')", true],
  ["record.Due < timestamp('2026-01-01T00:00:00Z')", true],
  ["record.Due < timestamp('2026-01-01T00:00:00.001Z')", true],
  ["record.Due <= timestamp('2026-01-01T00:00:00Z')", true],
  ["record.Due <= timestamp('2025-12-31T23:59:59Z')", true],
  ["!(record.Due == timestamp('2026-01-01T00:00:00Z'))", true],
  ["record.Due in ['2026-01-01']", false],
  ['record.Due == null', true],
  ['size(record.Title) > 4', false],
];

describe.each(ENGINES)('--where translated to SQL on %s', (engine) => {
  let store: Store;
  let s: Session;
  beforeAll(async () => {
    store = await openEngine(engine);
    s = await newWorkspace(store);
    const rows: [string, string][][] = [
      [
        ['Title', 'alpha'],
        ['Points', '3'],
        ['Risk Level', 'High'],
        ['Impact Analysis', 'Cost;Quality'],
        ['Communications Done', 'yes'],
        ['Owner', 'ana'],
      ],
      [
        ['Title', 'beta'],
        ['Points', '1'],
        ['Risk Level', 'Low'],
        ['Impact Analysis', 'Schedule'],
      ],
      [
        ['Title', 'gamma'],
        ['Risk Level', 'Medium'],
        ['Communications Done', 'no'],
        ['Due', '2026-01-01'],
      ],
      [
        ['Title', 'delta'],
        ['Points', '5.5'],
        ['Impact Analysis', 'Cost'],
      ],
      [
        ['Title', 'epsilon'],
        ['Points', '2'],
      ],
    ];
    for (const set of rows) await createRecord(s, { database: 'changes', set });
    await moveRecord(s, { ref: 'delta', to: 'Under Review' });
  });
  afterAll(async () => {
    await store.close();
  });

  it.each(FILTERS)('%s selects what CEL selects (translated: %s)', async (where, translated) => {
    const def = s.databases.get('changes');
    if (!def) throw new Error('no changes database');
    expect(celToSql(s.compiler.compile('changes', where).ast, def) !== undefined).toBe(translated);
    const viaEos = (await listRecords(s, { database: 'changes', where, sort: 'title' })).map((r) => r.title);
    // size(record.key) > 0 is always true and never translated: this is pure CEL evaluation.
    const viaCel = (await listRecords(s, { database: 'changes', where: `(${where}) && size(record.key) > 0`, sort: 'title' })).map((r) => r.title);
    expect(viaEos).toEqual(viaCel);
  });

  it('gives the expected records for a few filters', async () => {
    const titles = async (where: string) => (await listRecords(s, { database: 'changes', where, sort: 'title' })).map((r) => r.title);
    expect(await titles('record.Points >= 3')).toEqual(['alpha', 'delta']);
    expect(await titles("record.Due == timestamp('2026-01-01T01:00:00+01:00')")).toEqual(['gamma']);
    expect(await titles("record.Due < timestamp('2026-01-01T00:00:00.001Z')")).toEqual(['gamma']);
    expect(await titles("record.Due >= timestamp('2026-01-01T00:00:01Z')")).toEqual([]);
    expect(await titles("record.Due != timestamp('2026-01-01T12:00:00Z')")).toEqual(['alpha', 'beta', 'delta', 'epsilon', 'gamma']);
    expect(await titles("!(record['Risk Level'] == 'High')")).toEqual(['beta', 'delta', 'epsilon', 'gamma']);
    expect(await titles("'Cost' in record['Impact Analysis']")).toEqual(['alpha', 'delta']);
    expect(await titles("record.Status == 'Under Review'")).toEqual(['delta']);
    expect(await titles("record.Due >= timestamp('2025-12-31T12:00:00Z')")).toEqual(['gamma']);
    expect(await titles("record.Due != timestamp('2026-01-01T00:00:00Z')")).toEqual(['alpha', 'beta', 'delta', 'epsilon']);
  });
});
