import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DatabaseDef } from '../../core/pack/pack-schema.ts';
import { readPack } from '../read-pack.ts';
import { readImportRows, readImportRowsInSlices } from './import-rows.ts';

const { pack } = readPack(fileURLToPath(new URL('../../../test/fixtures/packs/mini', import.meta.url)));
const changes = pack.databases.find((d) => d.id === 'changes') as DatabaseDef;

describe('readImportRowsInSlices', () => {
  const text = `Title,Points,Impact Analysis\n${Array.from({ length: 400 }, (_, i) => `Row ${i},${i % 7 === 0 ? 'abc' : i},Cost;Quality`).join('\n')}\n`;

  it('prepares the same rows, problems and warnings as readImportRows', async () => {
    const sliced = await readImportRowsInSlices(changes, { file: 'f.csv', text }, 0);
    const whole = readImportRows(changes, { file: 'f.csv', text });
    expect(sliced.rows.map((r) => [r.row, r.sourceRef, r.title, r.problems])).toEqual(whole.rows.map((r) => [r.row, r.sourceRef, r.title, r.problems]));
    expect(sliced.warnings).toEqual(whole.warnings);
    expect(sliced.rows).toHaveLength(400);
    expect(sliced.rows.filter((r) => r.problems.length > 0)).toHaveLength(58);
  });

  it('lets other work run while it prepares rows', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await readImportRowsInSlices(changes, { file: 'f.csv', text }, 0);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
