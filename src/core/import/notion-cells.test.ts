import { describe, expect, it } from 'vitest';
import { isNotionExportName, notionLinks, notionLocalTime, notionRange, notionRowIds } from './notion-cells.ts';
import { notionFormat } from './notion-format.ts';

const TEAM = 'Team%20members%20(database)%202498779374c4803c9879ea442c11d45b';

describe('Notion relation cells', () => {
  it('reads titles and page IDs, with commas and parentheses in titles and paths', () => {
    const cell =
      'Flylighter: Capture Anything to Notion, Fast (Databases%20249c7e7ecbd281268b1dd74b8bb54ebf/Notes%20%5BPARA%5D%20249c7e7ecbd28189bb29cf62d4ad9755/Flylighter%20Capture%20Anything%20to%20Notion,%20Fast%20249c7e7ecbd28193ad0ced66fa316772.md)';
    expect(notionLinks(cell)).toEqual([{ title: 'Flylighter: Capture Anything to Notion, Fast', id: '249c7e7ecbd28193ad0ced66fa316772' }]);
    const two = `Hilde Johannesen  (${TEAM}/Hilde%20Johannesen%202498779374c480c5a2ead2f8e60f4054.csv), Asgeir Hoem (${TEAM}/Asgeir%20Hoem%202498779374c48023b529ea763f4bd5f9.csv)`;
    expect(notionLinks(two)).toEqual([
      { title: 'Hilde Johannesen', id: '2498779374c480c5a2ead2f8e60f4054' },
      { title: 'Asgeir Hoem', id: '2498779374c48023b529ea763f4bd5f9' },
    ]);
  });

  it('reads a bare link by its file name, composing decomposed accents', () => {
    const cell = 'Poke%CC%81mon%2009e769e665d64248ab2ebe1484a45fb5/Ivysaur%20708d793d801b42f38047a1f8b1da09d6.md';
    expect(notionLinks(cell)).toEqual([{ title: 'Ivysaur', id: '708d793d801b42f38047a1f8b1da09d6' }]);
  });

  it('is undefined for text that is not links only', () => {
    expect(notionLinks('Branding, Improvement')).toBeUndefined();
    expect(notionLinks(`see Eirik (${TEAM}/Eirik%202498779374c4803c9d99fd8fcd10f28a.csv) and more`)).toBeUndefined();
    expect(notionLinks('')).toBeUndefined();
  });
});

describe('Notion dates', () => {
  it('reads dates, 12-hour date-times and ISO, and nothing else', () => {
    expect(notionLocalTime('November 2, 2024')).toEqual({ year: 2024, month: 11, day: 2 });
    expect(notionLocalTime('August 8, 2025 9:14 AM')).toEqual({ year: 2025, month: 8, day: 8, hour: 9, minute: 14 });
    expect(notionLocalTime('August 8, 2025 12:05 AM')).toEqual({ year: 2025, month: 8, day: 8, hour: 0, minute: 5 });
    expect(notionLocalTime('2025-08-08')).toEqual({ year: 2025, month: 8, day: 8 });
    expect(notionLocalTime('Smarch 8, 2025')).toBeUndefined();
    expect(notionLocalTime('August 8, 2025 13:14 PM')).toBeUndefined();
  });

  it('splits a range on the arrow', () => {
    expect(notionRange('August 10, 2025 → August 22, 2025')).toEqual(['August 10, 2025', 'August 22, 2025']);
    expect(notionRange('August 10, 2025')).toBeUndefined();
  });

  it('reads cells in the exporter zone; a range gives its start to the date and its end to .end', () => {
    const format = notionFormat({ timeZone: 'Europe/Oslo' });
    expect(format.when('August 8, 2025 9:14 AM')).toEqual({ ok: true, iso: '2025-08-08T09:14:00+02:00' });
    expect(format.when('August 10, 2025 → August 22, 2025')).toEqual({ ok: true, iso: '2025-08-10' });
    expect(format.rangeEnd?.('August 10, 2025 → August 22, 2025')).toBe('August 22, 2025');
    expect(format.when('February 30, 2025')).toEqual({ ok: false, reason: "'February 30, 2025' is not a date as Notion writes one (November 2, 2024, or August 8, 2025 9:14 AM)" });
  });

  it('splits lists on ", " but keeps relation titles whole, emoji and all', () => {
    const format = notionFormat({ timeZone: 'UTC' });
    expect(format.items('Tags', 'Branding, Improvement, Marketing')).toEqual(['Branding', 'Improvement', 'Marketing']);
    expect(format.items('People', 'penny 🐧, Christina Lin')).toEqual(['penny 🐧', 'Christina Lin']);
    const relation =
      'Launch Portfolio Website (Databases%20x/Projects%20%5BPARA%5D%20249c7e7ecbd28133b328fdc027ab95d7/Launch%20Portfolio%20Website%20249c7e7ecbd28160a124da3618fd88a2.md)';
    expect(format.items('Project', relation)).toEqual(['Launch Portfolio Website']);
    expect(format.text('Project', [relation])).toBe('Launch Portfolio Website');
  });
});

describe('Notion file names and row IDs', () => {
  it('knows an exported database by its name', () => {
    expect(isNotionExportName('Road map database with views 2498779374c480b6a983fafdfd29e009_all.csv')).toBe(true);
    expect(isNotionExportName('Tasks [PARA] 249c7e7ecbd281be874af38d9ced3f5b.csv')).toBe(true);
    expect(isNotionExportName('nodeRef.csv')).toBe(false);
  });

  it("takes a row's ID from its page file (colons dropped), else its title, numbering repeated titles", () => {
    const files = ['Voice Note Lessons from Building Notion Templates 249c7e7ecbd281d3a448c7b2e3b82c18.md', 'Road map 2498779374c480b6a983fafdfd29e009_all.csv'];
    expect(notionRowIds(['Voice Note: Lessons from Building Notion Templates', 'Gardening', 'Gardening', 'Revamp of website '], files)).toEqual([
      '249c7e7ecbd281d3a448c7b2e3b82c18',
      'Gardening',
      'Gardening#2',
      'Revamp of website',
    ]);
  });

  it('falls back to titles when two pages share a title', () => {
    expect(notionRowIds(['Idea'], ['Idea 249c7e7ecbd281d3a448c7b2e3b82c18.md', 'sub/Idea 249c7e7ecbd281d3a448c7b2e3b82c19.md'])).toEqual(['Idea']);
  });
});

describe('Notion cells in linear time (issue 11: one 256 KiB cell blocked the server 19.5 s)', () => {
  const MiB = 1024 * 1024;
  const link = (n: number) => `Page ${n} (Folder%20x/Page%20${n}%202498779374c4803c9d99fd8fcd10f28a.md)`;
  const cells = {
    'open parentheses': 'a ('.repeat(MiB / 3),
    'link ends with no title': '%202498779374c4803c9d99fd8fcd10f28a.md)'.repeat(MiB / 39),
    'commas and parentheses': 'x (y, '.repeat(MiB / 6),
    'a valid link then noise': `${link(1)}, ${'z ('.repeat(MiB / 3)}`,
  };

  for (const [shape, cell] of Object.entries(cells)) {
    it(`reads a 1 MiB cell of ${shape} at once`, () => {
      const started = performance.now();
      expect(notionLinks(cell)).toBeUndefined();
      // The quadratic regex needed minutes for this; a linear pass takes milliseconds. The bound is generous for a shared CI machine.
      expect(performance.now() - started).toBeLessThan(1500);
    });
  }

  it('still reads 20,000 links in one cell', () => {
    const cell = Array.from({ length: 20_000 }, (_, n) => link(n)).join(', ');
    const links = notionLinks(cell);
    expect(links?.length).toBe(20_000);
    expect(links?.[19_999]).toEqual({ title: 'Page 19999', id: '2498779374c4803c9d99fd8fcd10f28a' });
  });

  it('refuses a link broken by a line break, as before', () => {
    expect(notionLinks('Page\n1 (Folder%20x/Page%202498779374c4803c9d99fd8fcd10f28a.md)')).toBeUndefined();
    expect(notionLinks('Page 1 (Folder\n%20x/Page%202498779374c4803c9d99fd8fcd10f28a.md)')).toBeUndefined();
  });
});
