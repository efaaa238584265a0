import { LIMITS } from '../../src/core/limits.ts';

/** One request of issue 11's bad-input table, and what eos must answer: 400 naming the field (and the limit). */
export interface BadInputCase {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  /** A JSON body, as text (a 100,000-deep array is built as text, not as an object). */
  readonly body?: string;
  /** A word the error message must hold: the field. */
  readonly field: string;
  /** The documented limit the message must quote, when the case is over one. */
  readonly limit?: number;
}

const enc = encodeURIComponent;
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const record = (fields: string) => `{"database":"changes","fields":${fields}}`;
const comma = (n: number) => n.toLocaleString('en-US');

/** Every case of the finding (issue 11, point 5): each once answered 500, some with SQL in the message. */
export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  {
    name: 'a 100,000-deep array in a field',
    method: 'POST',
    url: '/api/v1/records',
    body: record(`{"Title":"deep","Rollback Plan":${deep(100_000)}}`),
    field: 'body.fields.Rollback Plan',
    limit: LIMITS.nestingDepth,
  },
  { name: 'a lone high surrogate in a title', method: 'POST', url: '/api/v1/records', body: record('{"Title":"half \\ud83d pair"}'), field: 'body.fields.Title' },
  {
    name: 'a lone low surrogate in a text field',
    method: 'POST',
    url: '/api/v1/records',
    body: record('{"Title":"ok","Rollback Plan":"x\\udc00"}'),
    field: 'body.fields.Rollback Plan',
  },
  {
    name: 'a title of 3,000 characters',
    method: 'POST',
    url: '/api/v1/records',
    body: record(JSON.stringify({ Title: 'T'.repeat(3000) })),
    field: 'Title',
    limit: LIMITS.titleLength,
  },
  {
    name: 'a text over the text limit',
    method: 'POST',
    url: '/api/v1/records',
    body: record(JSON.stringify({ Title: 'long', 'Rollback Plan': 'x'.repeat(LIMITS.textLength + 1) })),
    field: 'Rollback Plan',
    limit: LIMITS.textLength,
  },
  {
    name: 'a list over the list limit',
    method: 'POST',
    url: '/api/v1/records',
    body: record(JSON.stringify({ Title: 'many', 'Verification Needed': Array.from({ length: LIMITS.listLength + 1 }, (_, i) => `TST-${i}`) })),
    field: 'Verification Needed',
    limit: LIMITS.listLength,
  },
  { name: 'a NUL byte in a title', method: 'POST', url: '/api/v1/records', body: record('{"Title":"a\\u0000b"}'), field: 'body.fields.Title' },
  { name: 'a NUL byte in a field name', method: 'POST', url: '/api/v1/records', body: record('{"Title":"n","Rollback\\u0000":"x"}'), field: 'body.fields' },
  { name: 'a NUL byte in where', method: 'GET', url: `/api/v1/records?database=changes&where=${enc("record.Title == 'a\u0000'")}`, field: 'querystring.where' },
  {
    name: 'a where over the query limit',
    method: 'GET',
    url: `/api/v1/records?database=changes&where=${enc(`record.Title == '${'a'.repeat(LIMITS.queryLength)}'`)}`,
    field: 'querystring.where',
    limit: LIMITS.queryLength,
  },
  { name: 'a NUL byte in a search', method: 'GET', url: `/api/v1/search?q=${enc('a\u0000b')}`, field: 'querystring.q' },
  { name: 'a NUL byte in a key in the path', method: 'GET', url: `/api/v1/records/${enc('CHG-\u00001')}`, field: 'params.key' },
  { name: 'a key over the key limit', method: 'GET', url: `/api/v1/records/${'K'.repeat(LIMITS.keyLength + 1)}`, field: 'params.key', limit: LIMITS.keyLength },
  { name: 'a NUL byte in a key to update', method: 'PATCH', url: `/api/v1/records/${enc('CHG-\u00001')}`, body: '{"fields":{"Title":"x"}}', field: 'params.key' },
  {
    name: 'a NUL byte in a decision',
    method: 'POST',
    url: '/api/v1/decisions',
    body: '{"scope":"release","action":"release.go","summary":"ship \\u0000 it"}',
    field: 'body.summary',
  },
  {
    name: 'a 100,000-deep decision detail',
    method: 'POST',
    url: '/api/v1/decisions',
    body: `{"scope":"release","action":"release.go","summary":"s","details":{"x":${deep(100_000)}}}`,
    field: 'body.details.x',
    limit: LIMITS.nestingDepth,
  },
  { name: 'a NUL byte in an import', method: 'POST', url: '/api/v1/imports', body: JSON.stringify({ database: 'changes', csv: 'Title\nA\u0000B\n' }), field: 'body.csv' },
];

/** The limit as the message writes it: 1,000. */
export function quoted(limit: number): string {
  return comma(limit);
}
