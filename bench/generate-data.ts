import { stringify } from 'csv-stringify/sync';

/**
 * Deterministic data for the bench pack (bench/pack): a seeded PRNG picks every value, so the
 * same --records and --seed give byte-identical CSV files on every machine and engine.
 *
 * The records are spread over the ten databases by SHARES, and relation fields get LINK_RATES
 * links per record, which adds up to exactly two links per record (100k links for 50k records).
 * Every status a record is generated in satisfies the entrance gates of that status, because
 * an import into a gated status must pass its gates; relations only point at records imported
 * earlier, so no reference stays pending.
 */

/** Mulberry32: small, fast and good enough to pick benchmark data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The databases in import order (targets before the records that link to them) and their share of the records. */
export const SHARES: readonly (readonly [string, number])[] = [
  ['suppliers', 0.01],
  ['components', 0.1],
  ['requirements', 0.16],
  ['tests', 0.16],
  ['risks', 0.06],
  ['changes', 0.12],
  ['tasks', 0.24],
  ['defects', 0.1],
  ['releases', 0.01],
  ['waivers', 0.04],
];

/** Links per record of each relation field; with SHARES they sum to 2.0 links per record. */
export const LINK_RATES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  components: { Supplier: 1 },
  requirements: { Parent: 0.65, Components: 1.5 },
  tests: { Verifies: 2 },
  risks: { Requirements: 2 },
  changes: { Affects: 2, Verification: 1.5 },
  tasks: { Change: 1, 'Blocked By': 0.4 },
  defects: { 'Found By': 1, Component: 1 },
  releases: { Changes: 12 },
  waivers: { Change: 1 },
};

export interface GeneratedDatabase {
  readonly id: string;
  readonly rows: number;
  readonly links: number;
  readonly header: readonly string[];
  /** The data rows' cells, in header order. */
  readonly cells: readonly (readonly string[])[];
  /** The key eos gives each row, in row order (prefix keys are numbered in import order). */
  readonly keys: readonly string[];
}

export interface GeneratedData {
  readonly seed: number;
  readonly records: number;
  readonly links: number;
  readonly databases: readonly GeneratedDatabase[];
  /** Keys of changes Under Review whose review-exit gate holds: a move to Approved passes. */
  readonly movableChanges: readonly string[];
}

const WORDS = (
  'actuator bracket cable connector controller enclosure fan firmware gasket harness heatsink housing inverter ' +
  'latch lens motor mount panel pcb pump regulator relay sensor shield spring switch thermal valve washer'
).split(' ');
const VERBS = 'shall support; shall withstand; shall report; shall limit; shall detect; shall recover from; shall log; shall tolerate'.split('; ');
const PEOPLE = ['alice', 'bob', 'carol', 'dana', 'erik', 'fatima', 'gus', 'hana', 'ivan', 'jun', 'kofi', 'lena'];

interface Picker {
  readonly rand: () => number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** `count` distinct items of the first `limit` items of `pool` (fewer if there are fewer). */
  sample<T>(pool: readonly T[], count: number, limit?: number): T[];
  /** A status by weight. */
  weighted(weights: readonly (readonly [string, number])[]): string;
}

function picker(seed: number): Picker {
  const rand = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  return {
    rand,
    int,
    pick: (items) => items[Math.floor(rand() * items.length)] as (typeof items)[number],
    chance: (p) => rand() < p,
    sample<T>(pool: readonly T[], count: number, limit = pool.length): T[] {
      const size = Math.min(limit, pool.length);
      const n = Math.min(count, size);
      if (n === 0) return [];
      if (n * 3 < size) {
        const seen = new Set<number>();
        while (seen.size < n) seen.add(Math.floor(rand() * size));
        return [...seen].map((i) => pool[i] as T);
      }
      const copy = pool.slice(0, size);
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(rand() * (copy.length - i));
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy.slice(0, n);
    },
    weighted(weights) {
      const total = weights.reduce((s, [, w]) => s + w, 0);
      let r = rand() * total;
      for (const [value, w] of weights) {
        r -= w;
        if (r < 0) return value;
      }
      return weights[weights.length - 1]?.[0] ?? '';
    },
  };
}

/** How many links each of `n` records gets so that the field has round(rate × n) in total. */
function linkCounts(p: Picker, n: number, rate: number, firstEligible = 0): number[] {
  const eligible = n - firstEligible;
  const total = Math.min(Math.round(rate * n), eligible * Math.ceil(rate));
  const base = Math.floor(total / Math.max(eligible, 1));
  const counts = new Array<number>(n).fill(0);
  for (let i = firstEligible; i < n; i++) counts[i] = base;
  const extra = total - base * eligible;
  const indices = Array.from({ length: eligible }, (_, i) => i + firstEligible);
  for (const i of p.sample(indices, extra)) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

/**
 * Records are created over time and link only to records that existed then: row i of n sees
 * the first horizon(i) of a target's rows. So any leading share of every database links only
 * inside the leading shares (see leadingRows), which the bulk loader relies on.
 */
function horizon(i: number, n: number, targetRows: number): number {
  return Math.max(1, Math.floor(((i + 1) * targetRows) / n));
}

/** The leading rows of a database of n rows when the last `tail` share is imported separately. */
export function leadingRows(n: number, tail: number): number {
  return tail >= 1 ? 0 : Math.floor(n * (1 - tail) + 1e-9);
}

/** A subset of a database's keys, with each one's row index (ascending). */
interface Subset {
  readonly keys: string[];
  readonly rows: number[];
}

/** How many entries of a subset come from rows before `limit`. */
function within(subset: Subset, limit: number): number {
  let lo = 0;
  let hi = subset.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((subset.rows[mid] as number) < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function prefixKey(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(4, '0')}`;
}

function phrase(p: Picker): string {
  return `${p.pick(WORDS)} ${p.pick(VERBS)} ${p.pick(WORDS)} ${p.pick(WORDS)}`;
}

function isoDate(p: Picker, yearFrom = 2025): string {
  const d = new Date(Date.UTC(yearFrom, 0, 1) + p.int(0, 700) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function money(p: Picker, lo: number, hi: number): string {
  return (lo + p.rand() * (hi - lo)).toFixed(2);
}

type Row = Record<string, string>;

interface Built {
  readonly header: string[];
  readonly rows: Row[];
  readonly keys: string[];
  readonly statuses: string[];
  links: number;
}

function finish(id: string, built: Built): GeneratedDatabase {
  const header = ['ID', ...built.header, 'Status'];
  const body = built.rows.map((row, i) => [`ext-${id}-${i + 1}`, ...built.header.map((h) => row[h] ?? ''), built.statuses[i] ?? '']);
  return { id, rows: built.rows.length, links: built.links, header, cells: body, keys: built.keys };
}

/** A CSV file: the header line, then the given rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header, ...rows]);
}

/** Counts per database for a total, in SHARES order; the remainder goes to the largest database. */
export function databaseSizes(records: number): Map<string, number> {
  const sizes = new Map(SHARES.map(([id, share]) => [id, Math.max(5, Math.round(records * share))]));
  const diff = records - [...sizes.values()].reduce((a, b) => a + b, 0);
  sizes.set('tasks', (sizes.get('tasks') ?? 0) + diff);
  return sizes;
}

/**
 * Generates every database's CSV for `records` records in total.
 *
 * @example generateData({ records: 5000, seed: 42 }).databases[0] // { id: 'suppliers', rows: 50, header: ['ID', 'Supplier', …], … }
 */
export function generateData(options: { records: number; seed: number }): GeneratedData {
  const p = picker(options.seed);
  const size = databaseSizes(options.records);
  const n = (id: string) => size.get(id) ?? 0;
  const rate = (db: string, field: string) => LINK_RATES[db]?.[field] ?? 0;
  const out: GeneratedDatabase[] = [];

  // suppliers
  const suppliers: Built = { header: ['Supplier', 'Country', 'Quality Rating', 'Contact'], rows: [], keys: [], statuses: [], links: 0 };
  for (let i = 0; i < n('suppliers'); i++) {
    const status = p.weighted([
      ['Approved', 70],
      ['Prospect', 20],
      ['Suspended', 10],
    ]);
    const name = `S${String(i + 1).padStart(4, '0')} ${p.pick(WORDS)} works`;
    // A suspended supplier was approved first (its lifecycle walks through Approved, ADR 042): rated 3 or better then.
    const rating = status === 'Prospect' ? p.int(1, 5) : p.int(3, 5);
    suppliers.rows.push({
      Supplier: name,
      Country: p.pick(['DE', 'US', 'CN', 'JP', 'MX', 'IN']),
      'Quality Rating': status === 'Prospect' && p.chance(0.3) ? '' : String(rating),
      Contact: status === 'Prospect' && p.chance(0.3) ? '' : `buyer${i + 1}@supplier${i + 1}.example`,
    });
    suppliers.keys.push(name);
    suppliers.statuses.push(status);
  }
  out.push(finish('suppliers', suppliers));

  // components
  const components: Built = { header: ['Part No', 'Description', 'Supplier', 'Unit Cost', 'Qty Per Unit', 'Lifecycle'], rows: [], keys: [], statuses: [], links: 0 };
  const supplierLinks = linkCounts(p, n('components'), rate('components', 'Supplier'));
  for (let i = 0; i < n('components'); i++) {
    const status = p.weighted([
      ['Released', 70],
      ['Draft', 20],
      ['Obsolete', 10],
    ]);
    const part = `P${String(100000 + i * 7)}-${String.fromCharCode(65 + (i % 26))}`;
    const supplier = p.sample(suppliers.keys, supplierLinks[i] ?? 0, horizon(i, n('components'), n('suppliers')));
    components.links += supplier.length;
    components.rows.push({
      'Part No': part,
      Description: `${p.pick(WORDS)}, ${p.pick(WORDS)} grade, rev ${p.int(1, 9)}`,
      Supplier: supplier.join(';'),
      'Unit Cost': status === 'Draft' && p.chance(0.4) ? '' : money(p, 0.05, 500),
      'Qty Per Unit': String(p.int(1, 20)),
      Lifecycle: p.pick(['Active', 'Active', 'Active', 'NRND', 'EOL']),
    });
    components.keys.push(part);
    components.statuses.push(status);
  }
  out.push(finish('components', components));

  // requirements
  const requirements: Built = { header: ['Title', 'Priority', 'Rationale', 'Parent', 'Components', 'Owner'], rows: [], keys: [], statuses: [], links: 0 };
  const parentLinks = linkCounts(p, n('requirements'), rate('requirements', 'Parent'), 1);
  const componentLinks = linkCounts(p, n('requirements'), rate('requirements', 'Components'));
  for (let i = 0; i < n('requirements'); i++) {
    const status = p.weighted([
      ['Draft', 15],
      ['In Review', 15],
      ['Approved', 35],
      ['Verified', 30],
      ['Obsolete', 5],
    ]);
    const reviewed = status === 'Approved' || status === 'Verified';
    const parent = (parentLinks[i] ?? 0) > 0 ? [requirements.keys[p.int(0, i - 1)] as string] : [];
    const comps = p.sample(components.keys, Math.max(componentLinks[i] ?? 0, status === 'Verified' ? 1 : 0), horizon(i, n('requirements'), n('components')));
    requirements.links += parent.length + comps.length;
    requirements.rows.push({
      Title: `The ${phrase(p)}`,
      // Approved and Verified ones passed review (their lifecycle walks through In Review → Approved, ADR 042).
      Priority: reviewed || p.chance(0.9) ? p.pick(['Must', 'Should', 'Could']) : '',
      Rationale: reviewed || p.chance(0.85) ? `Because the ${p.pick(WORDS)} ${p.pick(VERBS)} load case ${p.int(1, 99)}, per customer spec.` : '',
      Parent: parent.join(';'),
      Components: comps.join(';'),
      Owner: p.pick(PEOPLE),
    });
    requirements.keys.push(prefixKey('REQ', i + 1));
    requirements.statuses.push(status);
  }
  out.push(finish('requirements', requirements));

  // tests
  const tests: Built = { header: ['Title', 'Verifies', 'Method', 'Result', 'Executed', 'Duration Min'], rows: [], keys: [], statuses: [], links: 0 };
  const verifiesLinks = linkCounts(p, n('tests'), rate('tests', 'Verifies'));
  const passingTests: Subset = { keys: [], rows: [] };
  for (let i = 0; i < n('tests'); i++) {
    const status = p.weighted([
      ['Planned', 15],
      ['Ready', 15],
      ['Executed', 30],
      ['Accepted', 40],
    ]);
    const ran = status === 'Executed' || status === 'Accepted';
    const result = status === 'Accepted' ? 'Pass' : status === 'Executed' ? (p.chance(0.7) ? 'Pass' : 'Fail') : p.chance(0.5) ? 'Not Run' : '';
    const verifies = p.sample(requirements.keys, Math.max(verifiesLinks[i] ?? 0, status === 'Accepted' ? 1 : 0), horizon(i, n('tests'), n('requirements')));
    tests.links += verifies.length;
    const key = prefixKey('TST', i + 1);
    if (result === 'Pass') {
      passingTests.keys.push(key);
      passingTests.rows.push(i);
    }
    tests.rows.push({
      Title: `Verify ${phrase(p)}`,
      Verifies: verifies.join(';'),
      Method: p.pick(['Inspection', 'Analysis', 'Demonstration', 'Test']),
      Result: result,
      Executed: ran ? `${isoDate(p)}T${String(p.int(7, 18)).padStart(2, '0')}:30:00Z` : '',
      'Duration Min': String(p.int(5, 480)),
    });
    tests.keys.push(key);
    tests.statuses.push(status);
  }
  out.push(finish('tests', tests));

  // risks
  const risks: Built = { header: ['Title', 'Requirements', 'Severity', 'Likelihood', 'Mitigation', 'Owner', 'Review Date'], rows: [], keys: [], statuses: [], links: 0 };
  const riskLinks = linkCounts(p, n('risks'), rate('risks', 'Requirements'));
  for (let i = 0; i < n('risks'); i++) {
    const status = p.weighted([
      ['Identified', 20],
      ['Assessed', 30],
      ['Mitigated', 30],
      ['Closed', 20],
    ]);
    const scored = status !== 'Identified' || p.chance(0.5);
    const severity = p.int(1, 5);
    const likelihood = p.int(1, 5);
    const mitigated = status === 'Mitigated' || status === 'Closed';
    const needsMitigation = severity * likelihood >= 12;
    const reqs = p.sample(requirements.keys, riskLinks[i] ?? 0, horizon(i, n('risks'), n('requirements')));
    risks.links += reqs.length;
    risks.rows.push({
      Title: `Risk: ${p.pick(WORDS)} fails under ${p.pick(WORDS)} load`,
      Requirements: reqs.join(';'),
      Severity: scored ? String(severity) : '',
      Likelihood: scored ? String(likelihood) : '',
      Mitigation: (mitigated && needsMitigation) || p.chance(0.3) ? `Add ${p.pick(WORDS)} margin; review ${p.pick(WORDS)} design` : '',
      Owner: p.pick(PEOPLE),
      'Review Date': isoDate(p),
    });
    risks.keys.push(prefixKey('RSK', i + 1));
    risks.statuses.push(status);
  }
  out.push(finish('risks', risks));

  // changes
  const changes: Built = {
    header: [
      'Title',
      'Type',
      'Risk Level',
      'Impact Analysis',
      'Rollback Plan',
      'Communications Done',
      'Affects',
      'Verification',
      'Amount Planned',
      'Amount Actual',
      'Owner',
      'Due',
    ],
    rows: [],
    keys: [],
    statuses: [],
    links: 0,
  };
  const affectsLinks = linkCounts(p, n('changes'), rate('changes', 'Affects'));
  const verificationLinks = linkCounts(p, n('changes'), rate('changes', 'Verification'));
  const movableChanges: string[] = [];
  const doneChanges: Subset = { keys: [], rows: [] };
  for (let i = 0; i < n('changes'); i++) {
    const status = p.weighted([
      ['Proposed', 10],
      ['Under Review', 15],
      ['Approved', 10],
      ['Implemented', 10],
      ['Verified', 15],
      ['Closed', 35],
      ['Rejected', 5],
    ]);
    const reviewed = status !== 'Proposed' && status !== 'Under Review' ? true : p.chance(status === 'Under Review' ? 0.85 : 0.5);
    const closed = status === 'Closed';
    const affects = p.sample(components.keys, Math.max(affectsLinks[i] ?? 0, 1), horizon(i, n('changes'), n('components')));
    const testHorizon = horizon(i, n('changes'), n('tests'));
    const wantedTests = Math.max(verificationLinks[i] ?? 0, closed ? 1 : 0);
    const verification = closed ? p.sample(passingTests.keys, wantedTests, Math.max(1, within(passingTests, testHorizon))) : p.sample(tests.keys, wantedTests, testHorizon);
    changes.links += affects.length + verification.length;
    const key = prefixKey('CHG', i + 1);
    if (status === 'Under Review' && reviewed) movableChanges.push(key);
    if (status === 'Closed' || status === 'Verified') {
      doneChanges.keys.push(key);
      doneChanges.rows.push(i);
    }
    const planned = p.int(100, 50000);
    changes.rows.push({
      Title: `Change ${p.pick(WORDS)} to ${p.pick(WORDS)}, rev ${p.int(1, 9)}`,
      Type: p.pick(['ECR', 'ECO', 'Deviation']),
      'Risk Level': reviewed ? p.pick(['Low', 'Medium', 'High']) : '',
      'Impact Analysis': reviewed ? p.sample(['Quality', 'Schedule', 'Cost', 'Safety'], p.int(1, 3)).join(';') : '',
      'Rollback Plan': closed || p.chance(0.6) ? `Revert to the previous ${p.pick(WORDS)} revision` : '',
      'Communications Done': closed ? 'true' : p.chance(0.5) ? 'true' : 'false',
      Affects: affects.join(';'),
      Verification: verification.join(';'),
      'Amount Planned': String(planned),
      'Amount Actual': status === 'Proposed' ? '' : String(Math.round(planned * (0.7 + p.rand() * 0.6))),
      Owner: p.pick(PEOPLE),
      Due: isoDate(p, 2026),
    });
    changes.keys.push(key);
    changes.statuses.push(status);
  }
  out.push(finish('changes', changes));

  // tasks
  const tasks: Built = { header: ['Title', 'Change', 'Blocked By', 'Assignee', 'Estimate', 'Spent', 'Labels'], rows: [], keys: [], statuses: [], links: 0 };
  const changeLinks = linkCounts(p, n('tasks'), rate('tasks', 'Change'));
  const blockedLinks = linkCounts(p, n('tasks'), rate('tasks', 'Blocked By'), 1);
  const doneTasks: string[] = [];
  for (let i = 0; i < n('tasks'); i++) {
    const status = p.weighted([
      ['Backlog', 30],
      ['In Progress', 20],
      ['Review', 15],
      ['Done', 35],
    ]);
    const change = p.sample(changes.keys, changeLinks[i] ?? 0, horizon(i, n('tasks'), n('changes')));
    const wanted = blockedLinks[i] ?? 0;
    // A Done task may only be blocked by Done tasks (its gate); others by any earlier task.
    const blockedBy = status === 'Done' ? p.sample(doneTasks.slice(-200), wanted) : wanted > 0 ? [tasks.keys[p.int(0, i - 1)] as string] : [];
    tasks.links += change.length + blockedBy.length;
    const started = status !== 'Backlog';
    const estimate = p.int(1, 40);
    const key = prefixKey('T', i + 1);
    if (status === 'Done') doneTasks.push(key);
    tasks.rows.push({
      Title: `Implement ${phrase(p)}`,
      Change: change.join(';'),
      'Blocked By': blockedBy.join(';'),
      Assignee: started || p.chance(0.5) ? p.pick(PEOPLE) : '',
      Estimate: started || p.chance(0.6) ? String(estimate) : '',
      Spent: started ? String(p.int(0, estimate)) : '',
      Labels: p.sample(['fw', 'hw', 'mech', 'test', 'docs'], p.int(0, 2)).join(';'),
    });
    tasks.keys.push(key);
    tasks.statuses.push(status);
  }
  out.push(finish('tasks', tasks));

  // defects
  const defects: Built = { header: ['Title', 'Found By', 'Component', 'Severity', 'Root Cause', 'Reported'], rows: [], keys: [], statuses: [], links: 0 };
  const foundLinks = linkCounts(p, n('defects'), rate('defects', 'Found By'));
  const componentOfDefect = linkCounts(p, n('defects'), rate('defects', 'Component'));
  for (let i = 0; i < n('defects'); i++) {
    const status = p.weighted([
      ['New', 20],
      ['Triaged', 20],
      ['Fixing', 20],
      ['Fixed', 15],
      ['Closed', 25],
    ]);
    const closed = status === 'Closed';
    const testHorizon = horizon(i, n('defects'), n('tests'));
    const foundBy = closed ? p.sample(passingTests.keys, foundLinks[i] ?? 0, within(passingTests, testHorizon)) : p.sample(tests.keys, foundLinks[i] ?? 0, testHorizon);
    const component = p.sample(components.keys, componentOfDefect[i] ?? 0, horizon(i, n('defects'), n('components')));
    defects.links += foundBy.length + component.length;
    defects.rows.push({
      Title: `${p.pick(WORDS)} ${p.pick(['cracks', 'overheats', 'drifts', 'rattles', 'resets', 'leaks'])} after ${p.int(1, 500)} cycles`,
      'Found By': foundBy.join(';'),
      Component: component.join(';'),
      Severity: status === 'New' && p.chance(0.5) ? '' : p.pick(['S1', 'S2', 'S3', 'S4']),
      'Root Cause': closed || p.chance(0.3) ? `${p.pick(WORDS)} tolerance stack-up` : '',
      Reported: isoDate(p),
    });
    defects.keys.push(prefixKey('DEF', i + 1));
    defects.statuses.push(status);
  }
  out.push(finish('defects', defects));

  // releases: a Released one ships only done changes, each in one release; others ship any.
  const releases: Built = { header: ['Version', 'Changes', 'Ship Date', 'Notes'], rows: [], keys: [], statuses: [], links: 0 };
  const perRelease = linkCounts(p, n('releases'), rate('releases', 'Changes'));
  const shipped = new Set<string>();
  let candidates = 0;
  for (let i = 0; i < n('releases'); i++) {
    let status = p.weighted([
      ['Released', 40],
      ['Planned', 55],
      ['Candidate', 5],
    ]);
    if (status === 'Candidate' && candidates >= 2) status = 'Planned';
    if (status === 'Candidate') candidates++;
    const count = Math.max(perRelease[i] ?? 0, status === 'Planned' ? 0 : 1);
    const changeHorizon = horizon(i, n('releases'), n('changes'));
    const unshipped = () => doneChanges.keys.slice(0, within(doneChanges, changeHorizon)).filter((k) => !shipped.has(k));
    const ships = status === 'Released' ? p.sample(unshipped(), count) : p.sample(changes.keys, count, changeHorizon);
    if (status === 'Released') for (const k of ships) shipped.add(k);
    if (status !== 'Planned' && ships.length === 0) status = 'Planned';
    releases.links += ships.length;
    const version = `v${Math.floor(i / 100) + 1}.${Math.floor(i / 10) % 10}.${i % 10}`;
    releases.rows.push({ Version: version, Changes: ships.join(';'), 'Ship Date': isoDate(p, 2026), Notes: p.chance(0.5) ? `Ships ${ships.length} changes` : '' });
    releases.keys.push(version);
    releases.statuses.push(status);
  }
  out.push(finish('releases', releases));

  // waivers
  const waivers: Built = {
    header: ['Title', 'Type', 'Change', 'Waived Record', 'Waived Criteria', 'Approver', 'Expires', 'Rationale'],
    rows: [],
    keys: [],
    statuses: [],
    links: 0,
  };
  const waiverLinks = linkCounts(p, n('waivers'), rate('waivers', 'Change'));
  for (let i = 0; i < n('waivers'); i++) {
    const status = p.weighted([
      ['Requested', 30],
      ['Approved', 50],
      ['Rejected', 10],
      ['Expired', 10],
    ]);
    const change = p.sample(changes.keys, waiverLinks[i] ?? 0, horizon(i, n('waivers'), n('changes')));
    waivers.links += change.length;
    const approved = status === 'Approved' || status === 'Expired';
    waivers.rows.push({
      Title: `Waive ${p.pick(['review-exit/risk-level', 'close/comms', 'close/verified'])} for ${change[0] ?? 'a change'}`,
      Type: p.pick(['Waiver', 'Deviation']),
      Change: change.join(';'),
      'Waived Record': change[0] ?? '',
      'Waived Criteria': p.pick(['review-exit/risk-level', 'close/comms', 'close/verified']),
      Approver: approved || p.chance(0.5) ? p.pick(PEOPLE) : '',
      Expires: isoDate(p, 2026),
      Rationale: approved || p.chance(0.5) ? `Customer agreed in meeting ${p.int(1, 400)}` : '',
    });
    waivers.keys.push(prefixKey('WVR', i + 1));
    waivers.statuses.push(status);
  }
  out.push(finish('waivers', waivers));

  return {
    seed: options.seed,
    records: out.reduce((s, d) => s + d.rows, 0),
    links: out.reduce((s, d) => s + d.links, 0),
    databases: out,
    movableChanges,
  };
}
