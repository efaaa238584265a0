import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../src/app/import/csv-encoding.ts';
import { parseCsv } from '../src/app/import/csv-table.ts';
import { readImportRows } from '../src/app/import/import-rows.ts';
import { readPack } from '../src/app/read-pack.ts';
import { ExpressionCompiler, ExpressionError } from '../src/core/cel/expression-compiler.ts';
import { csvSafeCell } from '../src/core/csv-formula.ts';
import { EosError } from '../src/core/errors.ts';
import { jsonProblem, textProblem } from '../src/core/limits.ts';
import { loadPack } from '../src/core/pack/load-pack.ts';
import type { DatabaseDef } from '../src/core/pack/pack-schema.ts';
import { MINI_PACK } from './support/workspace.ts';

// Property tests (issue 11, point 5): whatever a client or a file holds, the parsers answer with a
// value or an error eos means (invalid_input, an ExpressionError), never a crash. Bounded runs: seconds.
const RUNS = { numRuns: 300 };

/** Text with the characters that broke eos: NUL, lone surrogates, quotes, separators, brackets. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\ud83d', '\udc00', '"', ',', '\n', '\r', '[', ']', '(', ')', '=', "'", 'a', '😀', '\\', '%20'), maxLength: 60 }),
);

function expectMeantError(error: unknown): void {
  expect(error).toBeInstanceOf(EosError);
  expect((error as EosError).code).toBe('invalid_input');
}

const { pack } = readPack(MINI_PACK);
const changes = pack.databases.find((d) => d.id === 'changes') as DatabaseDef;

describe('parsers never crash (fast-check)', () => {
  it('decodeCsvBytes: any bytes decode, or are refused as invalid_input naming the byte offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.option(fc.constantFrom('utf-8', 'windows-1252', 'iso-8859-15', 'utf-16le')), (bytes, encoding) => {
        try {
          const decoded = decodeCsvBytes(bytes, { file: 'f.csv', encoding: encoding ?? undefined });
          expect(typeof decoded.text).toBe('string');
        } catch (error) {
          expectMeantError(error);
        }
      }),
      RUNS,
    );
  });

  it('parseCsv and the import preview: any text gives rows or invalid_input', () => {
    fc.assert(
      fc.property(fc.array(nasty, { maxLength: 8 }), (lines) => {
        const text = `Title,Points,Rollback Plan\n${lines.join('\n')}`;
        try {
          parseCsv(text, 'f.csv');
          const rows = readImportRows(changes, { file: 'f.csv', text });
          for (const row of rows.rows) for (const p of row.problems) expect(typeof p.reason).toBe('string');
        } catch (error) {
          expectMeantError(error);
        }
      }),
      RUNS,
    );
  });

  it('CEL: any source compiles or is an ExpressionError; compiled ones evaluate or throw, never hang', () => {
    const compiler = new ExpressionCompiler(pack.databases);
    const cel = fc.oneof(
      nasty,
      fc.tuple(fc.constantFrom("record.Title.matches('", "record['Title'] == '", 'size(record.Title) > ', "record.Title + '"), nasty).map(([a, b]) => `${a}${b}')`),
    );
    fc.assert(
      fc.property(cel, fc.string({ maxLength: 40 }), (source, title) => {
        let compiled: ReturnType<typeof compiler.compile>;
        try {
          compiled = compiler.compile('changes', source);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
          return;
        }
        try {
          compiled.evaluate({ record: { Title: title }, hooks: {} as never, now: new Date(0) });
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
      RUNS,
    );
  });

  it('pack YAML: any text loads or is invalid_input with file and line', () => {
    const yamlish = fc.oneof(
      nasty,
      fc
        .array(fc.tuple(fc.constantFrom('id', 'name', 'key', 'fields', 'status', 'gates', '- ', '  '), nasty), { maxLength: 6 })
        .map((pairs) => pairs.map(([k, v]) => `${k}: ${v}`).join('\n')),
    );
    fc.assert(
      fc.property(yamlish, (text) => {
        try {
          loadPack([
            { path: 'pack.yaml', text: 'id: p\nname: P\nversion: "1"\n' },
            { path: 'databases/x.yaml', text },
          ]);
        } catch (error) {
          expectMeantError(error);
        }
      }),
      RUNS,
    );
  });

  it('limits: textProblem flags exactly the strings with a NUL or a lone surrogate; jsonProblem never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const bad = text.includes('\u0000') || !(text as string & { isWellFormed(): boolean }).isWellFormed();
        expect(textProblem(text) !== undefined).toBe(bad);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 40 }), (value) => {
        jsonProblem(value, 'body');
      }),
      RUNS,
    );
  });

  it('csvSafeCell: no cell it writes starts a formula, and a safe cell is kept as written', () => {
    fc.assert(
      fc.property(nasty, (cell) => {
        const safe = csvSafeCell(cell);
        if (/^[=+\-@\t\r]/.test(safe)) expect(Number.isFinite(Number(safe))).toBe(true);
        expect(safe === cell || safe === `'${cell}`).toBe(true);
      }),
      RUNS,
    );
  });
});
