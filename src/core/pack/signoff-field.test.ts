import { describe, expect, it } from 'vitest';
import { EosError } from '../errors.ts';
import { signedContentHash, signedGo, withSignoffStatus } from '../fields/signoff.ts';
import { loadPack, type PackFile } from './load-pack.ts';

const MANIFEST: PackFile = { path: 'pack.yaml', text: 'id: demo\nname: Demo\nversion: "1"\n' };

function db(fields: string): PackFile {
  return {
    path: 'databases/things.yaml',
    text: `id: things
name: Things
key: { prefix: TH }
fields:
  - { name: Title, type: title }
  - { name: Type, type: select, options: [Minor, Major] }
  - { name: Owner, type: person }
  - { name: Points, type: number }
  - { name: Twice, type: formula, expr: "record.Points * 2.0" }
${fields}
status:
  field: Status
  values: [Open, Done]
gates:
  - { id: done, into: [Done], criteria: [{ id: qa, check: "signed(record['QA Sign-off'])", message: QA }] }
`,
  };
}

function problemsOf(files: PackFile[]): unknown {
  try {
    loadPack(files);
  } catch (error) {
    if (error instanceof EosError) return error.details.problems;
    throw error;
  }
  throw new Error('expected the pack to be refused');
}

describe('signoff fields in a pack (ADR 044)', () => {
  it('loads a fixed role with four-eyes, and a role mapped from a select; gates call signed()', () => {
    const pack = loadPack([
      MANIFEST,
      db(`  - { name: QA Sign-off, type: signoff, role: qa, distinctFrom: [createdBy, Owner] }
  - { name: Approval, type: signoff, role: { field: Type, map: { Minor: engineering, Major: sre } } }`),
    ]);
    expect(pack.databases[0]?.fields.filter((f) => f.type === 'signoff').map((f) => [f.name, f.role, f.distinctFrom])).toEqual([
      ['QA Sign-off', 'qa', ['createdBy', 'Owner']],
      ['Approval', { field: 'Type', map: { Minor: 'engineering', Major: 'sre' } }, undefined],
    ]);
  });

  it('refuses a missing or unknown role, an unmapped option, a role field that is not a select, and a bad distinctFrom', () => {
    expect(problemsOf([MANIFEST, db('  - { name: QA Sign-off, type: signoff }')])).toEqual([
      { file: 'databases/things.yaml', line: 10, message: "signoff 'QA Sign-off' needs 'role' (e.g. role: qa, or { field: Type, map: { …: <role> } })" },
    ]);
    expect(problemsOf([MANIFEST, db('  - { name: QA Sign-off, type: signoff, role: boss }')])).toEqual([
      {
        file: 'databases/things.yaml',
        line: 10,
        message: 'fields.5.role: use a role, e.g. role: qa, or { field: <a select of the record>, map: { <option>: <role>, … } }',
      },
    ]);
    expect(
      problemsOf([
        MANIFEST,
        db(`  - { name: QA Sign-off, type: signoff, role: { field: Type, map: { Minor: qa } }, distinctFrom: [Points] }
  - { name: Approval, type: signoff, role: { field: Owner, map: { ana: qa } } }
  - { name: Notes, type: text, role: qa }`),
      ]),
    ).toEqual([
      { file: 'databases/things.yaml', line: 10, message: "signoff 'QA Sign-off': map every option of Type; 'Major' names no role" },
      {
        file: 'databases/things.yaml',
        line: 10,
        message: "signoff 'QA Sign-off': distinctFrom 'Points' must be createdBy, updatedBy or a person/people field of things",
      },
      { file: 'databases/things.yaml', line: 11, message: "signoff 'Approval': 'Owner' must be a select field of things" },
      { file: 'databases/things.yaml', line: 12, message: "'role' is for signoff fields; 'Notes' is text" },
    ]);
  });

  it('hashes every field but sign-offs and formulas, in a fixed order; a signature is current only while they are the same', () => {
    const [def] = loadPack([MANIFEST, db('  - { name: QA Sign-off, type: signoff, role: qa }')]).databases;
    if (!def) throw new Error('no database');
    const hash = signedContentHash(def, { Title: 'A', Points: 2, Twice: 4 });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(signedContentHash(def, { Points: 2, Title: 'A', Twice: 99, 'QA Sign-off': { verdict: 'go' } })).toBe(hash);
    expect(signedContentHash(def, { Title: 'A', Points: 3 })).not.toBe(hash);
    expect(signedContentHash(def, { Title: 'A', Points: 2, Owner: 'ana' })).not.toBe(hash);
    const signature = { verdict: 'go', by: 'q', role: 'qa', at: '2026-01-01T00:00:00.000Z', note: null, contentHash: hash, version: 2 };
    expect(withSignoffStatus(def, { Title: 'A', Points: 2, 'QA Sign-off': signature })['QA Sign-off']).toEqual({ ...signature, current: true });
    expect(withSignoffStatus(def, { Title: 'B', Points: 2, 'QA Sign-off': signature })['QA Sign-off']).toEqual({ ...signature, current: false });
    expect([signedGo({ verdict: 'go' }), signedGo({ verdict: 'no_go' }), signedGo(null), signedGo(new Map([['verdict', 'go']]))]).toEqual([true, false, false, true]);
  });
});
