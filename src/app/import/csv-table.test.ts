import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvInSlices, unwrapLinkResidue } from './csv-table.ts';

describe('parseCsv', () => {
  it('reads BOM, CRLF records with LF inside quoted cells, ragged rows and repeated headers', () => {
    const table = parseCsv('\ufeffA,B,A\r\n1,"x,\ny",3\r\n4,5\r\n', 'f.csv');
    expect(table.header).toEqual(['A', 'B', 'A']);
    expect(table.rows).toEqual([
      { row: 2, cells: ['1', 'x,\ny', '3'] },
      { row: 3, cells: ['4', '5'] },
    ]);
    expect(table.warnings).toEqual([]);
  });

  it('unwraps Notion link residue, even across cells, and says where', () => {
    const text = 'Item,Link,Status,Other\nSBOM,[https://repo/sbom.json,Mitigated,Open](https://repo/sbom.json,Mitigated,Open)\nDemo,/[demo.mp](http://demo.mp)4,Open,\n';
    expect(unwrapLinkResidue(text).lines).toEqual([2, 3]);
    const table = parseCsv(text, 'f.csv');
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['SBOM', 'https://repo/sbom.json', 'Mitigated', 'Open'],
      ['Demo', '/demo.mp4', 'Open', ''],
    ]);
    expect(table.warnings).toEqual(['f.csv: unwrapped Markdown link residue [x](x) on lines 2, 3']);
  });

  it('keeps a quote inside an unquoted cell instead of refusing the file', () => {
    const table = parseCsv('A,B\nx,say "hi" now\n', 'f.csv');
    expect(table.rows[0]?.cells).toEqual(['x', 'say "hi" now']);
  });

  it('warns about cells past the header instead of dropping them silently', () => {
    const table = parseCsv('A,B\n1,2,3,4\n', 'f.csv');
    expect(table.warnings).toEqual(['f.csv: row 2 has 4 cells but the header has 2; ignored: "3", "4"']);
  });
});

describe('CSV reading in linear time (issue 11, point 4)', () => {
  it('reads a 1 MiB line of open brackets, and counts residue lines across 20,000 links, at once', () => {
    const started = performance.now();
    expect(unwrapLinkResidue(`A\n${'['.repeat(1024 * 1024)}\n`).lines).toEqual([]);
    const many = Array.from({ length: 20_000 }, (_, i) => `[x${i}](x${i})`).join('\n');
    const { lines, text } = unwrapLinkResidue(many);
    expect(lines).toHaveLength(20_000);
    expect(lines.at(-1)).toBe(20_000);
    expect(text.split('\n')[19_999]).toBe('x19999');
    // Quadratic, these took minutes; linear, milliseconds. The bound is generous for a shared machine.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('parseCsvInSlices', () => {
  it('reads what parseCsv reads, whatever the chunk size, quoted newlines, CRLF split across chunks and emoji included', async () => {
    const text = '\ufeffA,B,A\r\n1,"x,\r\ny",3\r\n😀😀,"say ""hi""",[z](z)\r\n\r\n4,5,6,7\r\n';
    const whole = parseCsv(text, 'f.csv');
    for (const chunk of [1, 2, 3, 5, 64]) expect(await parseCsvInSlices(text, 'f.csv', chunk)).toEqual(whole);
  });

  it('refuses what parseCsv refuses, with the same message', async () => {
    await expect(parseCsvInSlices('', 'f.csv', 4)).rejects.toThrow('f.csv: the file is empty or has no header row');
    const unclosed = 'A,B\n"x,y\n';
    expect(() => parseCsv(unclosed, 'f.csv')).toThrow('f.csv: not readable as CSV');
    await expect(parseCsvInSlices(unclosed, 'f.csv', 3)).rejects.toThrow('f.csv: not readable as CSV');
  });

  it('lets other work run while it parses', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await parseCsvInSlices(`A\n${'x\n'.repeat(20_000)}`, 'f.csv', 1024);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
