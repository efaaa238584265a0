import { describe, expect, it } from 'vitest';
import { csvSafeCell, csvSafeRows } from '../../core/csv-formula.ts';
import { decodeCsvBytes } from './csv-encoding.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

describe('CSV encoding, detected per file (issue 11, point 7)', () => {
  it('reads UTF-8, with or without a BOM, as UTF-8', () => {
    expect(decodeCsvBytes(utf8('Title\nCafé ’ “ €\n'), { file: 'a.csv' })).toEqual({ text: 'Title\nCafé ’ “ €\n', encoding: 'utf-8', warnings: [] });
    expect(decodeCsvBytes(bytes([0xef, 0xbb, 0xbf], 'Title\nCafé\n'), { file: 'a.csv' }).text).toBe('Title\nCafé\n');
  });

  it('refuses a UTF-8 file with one stray Windows byte, naming the line and byte offset, instead of garbling every row', () => {
    // "Café" in UTF-8 on line 2, then one 0x92 (’ in windows-1252) on line 3.
    const file = bytes('Title\nCafé\nit', [0x92], 's ok\n');
    expect(() => decodeCsvBytes(file, { file: 'mixed.csv' })).toThrow(
      'mixed.csv is UTF-8 but for a stray byte at line 3, byte offset 14 (0x92): fix that byte, or if the whole file is in another encoding give it with --encoding (e.g. --encoding windows-1252)',
    );
  });

  it('reads a file with no UTF-8 and only windows-1252 bytes as windows-1252, with a warning, mapping ’ “ € correctly', () => {
    const file = bytes('Title\nCaf', [0xe9], ' ', [0x92], ' ', [0x93], 'q', [0x94], ' ', [0x80], '5\n');
    expect(decodeCsvBytes(file, { file: 'excel.csv' })).toEqual({
      text: 'Title\nCafé ’ “q” €5\n',
      encoding: 'windows-1252',
      warnings: ['excel.csv: no UTF-8 in it; read as windows-1252 (an Excel save). If that is wrong, give the encoding with --encoding'],
    });
  });

  it('covers the whole windows-1252 table: every defined byte 0x80–0x9F decodes to its character', () => {
    const defined = [
      0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f,
    ];
    const text = decodeCsvBytes(new Uint8Array(defined), { file: 'f.csv', encoding: 'windows-1252' }).text;
    expect(text).toBe('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
  });

  it('refuses a byte windows-1252 does not define, and an unknown encoding', () => {
    expect(() => decodeCsvBytes(bytes('A\nx', [0x81], '\n'), { file: 'f.csv' })).toThrow('f.csv is neither UTF-8 nor windows-1252 (at line 2, byte offset 3 (0x81))');
    expect(() => decodeCsvBytes(bytes('A\nx', [0x8d], '\n'), { file: 'f.csv', encoding: 'windows-1252' })).toThrow('f.csv is not windows-1252 at line 2, byte offset 3 (0x8D)');
    expect(() => decodeCsvBytes(utf8('A\n'), { file: 'f.csv', encoding: 'klingon' })).toThrow("'klingon' is not an encoding eos knows");
  });

  it('reads the encoding given with --encoding, and refuses a file that is not in it', () => {
    expect(decodeCsvBytes(bytes('A\n', [0xa4], '\n'), { file: 'f.csv', encoding: 'iso-8859-15' }).text).toBe('A\n€\n');
    expect(() => decodeCsvBytes(bytes('A\nCaf', [0xe9], '\n'), { file: 'f.csv', encoding: 'utf-8' })).toThrow('f.csv is not valid UTF-8 at line 2, byte offset 5 (0xE9)');
  });

  it('reads UTF-16 by its BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, ...[...'A\né\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeCsvBytes(le, { file: 'f.csv' }).text).toBe('A\né\n');
  });
});

describe('CSV formula escaping (issue 11, point 7)', () => {
  it('prefixes a quote to cells a spreadsheet would run', () => {
    expect(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x', '=HYPERLINK("http://evil")'].map(csvSafeCell)).toEqual([
      "'=1+1",
      "'+SUM(A1)",
      "'-2+3",
      "'@cmd",
      "'\t=x",
      "'\r=x",
      `'=HYPERLINK("http://evil")`,
    ]);
  });

  it('keeps plain numbers and ordinary text as written', () => {
    expect(['-3', '+4.5', '-1e3', '', 'Café', 'a=b', '3-4'].map(csvSafeCell)).toEqual(['-3', '+4.5', '-1e3', '', 'Café', 'a=b', '3-4']);
    expect(csvSafeRows([['=x', 'y']])).toEqual([["'=x", 'y']]);
  });
});
