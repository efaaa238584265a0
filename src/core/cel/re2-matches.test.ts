import { describe, expect, it } from 'vitest';
import { LruCache } from '../lru-cache.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import { COMPILED_CACHE_SIZE, ExpressionCompiler, ExpressionError } from './expression-compiler.ts';
import type { EvalHooks } from './record-environment.ts';

const db: DatabaseDef = {
  id: 'x',
  name: 'X',
  key: { prefix: 'X' },
  fields: [
    { name: 'Title', type: 'title' },
    { name: 'Tags', type: 'text' },
  ],
  status: { field: 'Status', values: ['A', 'B'] },
};

const hooks = {} as EvalHooks;
const now = new Date('2026-01-01T00:00:00Z');

function run(source: string, record: Record<string, unknown>): unknown {
  return new ExpressionCompiler([db]).compile('x', source).evaluate({ record, hooks, now });
}

describe('CEL matches() is RE2', () => {
  it('answers the catastrophic-backtracking pattern at once (it stalled the server 33 s with RegExp)', () => {
    const started = performance.now();
    expect(run("record.Title.matches('^(a+)+$')", { Title: `${'a'.repeat(5000)}!` })).toBe(false);
    expect(run("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('^(a+)+$')", {})).toBe(false);
    // JavaScript's RegExp needs 2^n steps here; RE2 is linear, so even a generous bound can't be met by backtracking.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('keeps CEL semantics: a partial match, anchors when written', () => {
    expect(run("record.Title.matches('b+')", { Title: 'abbbc' })).toBe(true);
    expect(run("record.Title.matches('^b+$')", { Title: 'abbbc' })).toBe(false);
    expect(run("record.Title.matches('(?i)ABC')", { Title: 'xabcx' })).toBe(true);
  });

  it('runs inside macros too', () => {
    expect(run("['x1', 'y2'].exists(t, t.matches('^y[0-9]$'))", {})).toBe(true);
    expect(run("['x1', 'y2'].all(t, t.matches('^y'))", {})).toBe(false);
  });

  it('refuses at compile time a pattern RE2 cannot take, saying why', () => {
    const compiler = new ExpressionCompiler([db]);
    for (const [pattern, why] of [
      ['(a)\\\\1', 'invalid escape sequence'],
      ['(?=a)b', 'unsupported Perl syntax'],
      ['(?<=a)b', 'invalid named capture'],
    ] as const) {
      const attempt = () => compiler.compile('x', `record.Title.matches('${pattern}')`);
      expect(attempt).toThrow(ExpressionError);
      expect(attempt).toThrow(why);
      expect(attempt).toThrow('no backreferences, no lookahead or lookbehind');
    }
  });

  it('refuses at run time a pattern that comes from a value and RE2 cannot take', () => {
    expect(() => run('record.Title.matches(record.Tags)', { Title: 'aa', Tags: '(a)\\1' })).toThrow('RE2 can');
  });
});

describe('the compiled-expression cache is bounded', () => {
  it('drops the least recently used entry past its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c'), cache.size]).toEqual([true, false, true, 2]);
  });

  it('keeps at most COMPILED_CACHE_SIZE filters, recompiling an evicted one on demand', () => {
    const compiler = new ExpressionCompiler([db]);
    const first = compiler.compile('x', 'record.Title == "0"');
    expect(compiler.compile('x', 'record.Title == "0"')).toBe(first);
    for (let i = 1; i <= COMPILED_CACHE_SIZE; i++) compiler.compile('x', `record.Title == "${i}"`);
    const again = compiler.compile('x', 'record.Title == "0"');
    expect(again).not.toBe(first);
    expect(again.evaluate({ record: { Title: '0' }, hooks, now })).toBe(true);
    // The most recent one is still cached.
    const last = `record.Title == "${COMPILED_CACHE_SIZE}"`;
    expect(compiler.compile('x', last)).toBe(compiler.compile('x', last));
  });
});
