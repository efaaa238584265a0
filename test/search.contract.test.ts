import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../src/app/import/import-csv.ts';
import { createRecord } from '../src/app/records/create-record.ts';
import { updateRecord } from '../src/app/records/update-record.ts';
import { search } from '../src/app/search.ts';
import type { Session } from '../src/app/session.ts';
import type { Store } from '../src/store/store.ts';
import { ENGINES, openEngine } from './support/engines.ts';
import { newWorkspace } from './support/workspace.ts';

// The starter row of the issue: ECR-0001's title field is its ID, its text says what is wrong.
const STARTER = `Change ID,Type,Reason/Problem Statement,Impact Analysis,Risk Level,Proposed Change,Status
ECR-0001,ECR,"Display glitches in sun","Quality; Schedule","Medium","Switch to high-nit panel; update ICD","Under Review"
ECR-0002,ECR,"Connector <b>pins</b> & glitch reports","Cost","Low","Reseat the harness","Under Review"
`;

describe.each(ENGINES)('full-text search on %s', (engine) => {
  let store: Store;
  let session: Session;
  const records = async (q: string) => (await search(session, { q })).filter((r) => r.kind === 'record');

  beforeAll(async () => {
    store = await openEngine(engine);
    session = await newWorkspace(store, { pack: 'engineering-os' });
    await importCsv(session, { database: 'change-control', file: 'starter.csv', text: STARTER, asStarter: true });
  });
  afterAll(async () => {
    await store.close();
  });

  it('finds ECR-0001 by a word of its text, titled by that text, with the word marked', async () => {
    expect(await records('glitches')).toEqual([
      {
        kind: 'record',
        key: 'ECR-0001',
        title: 'Display glitches in sun',
        database: 'change-control',
        status: 'Under Review',
        snippet: expect.stringContaining('Display <mark>glitches</mark>'),
      },
      expect.objectContaining({ key: 'ECR-0002' }),
    ]);
  });

  it('takes each word as a prefix and needs every word', async () => {
    expect((await records('glitc sun')).map((r) => r.key)).toEqual(['ECR-0001']);
    expect((await records('high-nit panel')).map((r) => r.key)).toEqual(['ECR-0001']);
    expect((await records('glitches moon')).map((r) => r.key)).toEqual([]);
  });

  it('puts an exact key first, and finds keys by any part', async () => {
    expect((await records('ecr-0002')).map((r) => r.key)).toEqual(['ECR-0002']);
    expect((await records('ECR-000')).map((r) => r.key)).toEqual(['ECR-0001', 'ECR-0002']);
  });

  it('escapes the text of a snippet, so only its marks are markup', async () => {
    const [hit] = await records('pins');
    expect(hit).toMatchObject({ key: 'ECR-0002', title: 'Connector <b>pins</b> & glitch reports' });
    // ts_headline drops what its parser reads as tags; the rest is escaped.
    expect(hit?.kind === 'record' && hit.snippet).toContain('Connector <mark>pins</mark> &amp; glitch reports');
    expect(hit?.kind === 'record' && hit.snippet).not.toContain('<b>');
  });

  it('ranks a title match above a match in a field, and follows each write', async () => {
    await createRecord(session, { database: 'retros', set: [['Timeline', 'Readability of the panel dropped at noon']] });
    await createRecord(session, { database: 'retros', set: [['Retro', 'Panel readability']] });
    expect((await records('readability')).map((r) => r.title)).toEqual(['Panel readability', 'Readability of the panel dropped at noon']);
    await updateRecord(session, { ref: 'ECR-0001', set: [['Lessons Learned', 'Check sunlight readability early']] });
    expect((await records('sunlight')).map((r) => r.key)).toEqual(['ECR-0001']);
  });

  it('answers nothing, not an error, for words that are only symbols or stop words', async () => {
    expect(await records('%')).toEqual([]);
    expect(await records('the')).toEqual([]);
    expect(await records("'&|!:*")).toEqual([]);
  });
});
