import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// ADR 048: src/cli, src/http and src/integrations import src/store for types only, and no SQL
// driver at all; biome.json enforces it (the store-imports plugin and noRestrictedImports).
// These run the real biome, with the repository's own biome.json, on probe files in a copy.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIOME = join(ROOT, 'node_modules/@biomejs/biome/bin/biome');
const STORE_RULE = 'src/cli, src/http and src/integrations import src/store for types only (import type): read and write through a use case in src/app (ADR 048)';
const SQL_RULE = 'SQL lives in store/, reached through a use case in app/ (ADR 048)';

interface Diagnostic {
  readonly category: string;
  readonly severity: string;
  readonly message: string;
  readonly location: { readonly path: string; readonly start: { readonly line: number } };
}

describe('layer import rules (biome)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eos-layers-'));
    cpSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
    cpSync(join(ROOT, 'lint'), join(dir, 'lint'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes the probe files and returns biome's errors about imports, as `path:line message`. */
  function lint(files: Record<string, string>): string[] {
    rmSync(join(dir, 'src'), { recursive: true, force: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = spawnSync(process.execPath, [BIOME, 'lint', '--reporter=json', '--max-diagnostics=none', 'src'], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    const errors = report.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.location.path}:${d.location.start.line} ${d.category} ${d.message}`)
      .sort();
    expect(run.status, run.stderr).toBe(errors.length > 0 ? 1 : 0);
    return errors;
  }

  it('refuses a value import of src/store in src/http, src/cli and src/integrations, in every form', () => {
    const errors = lint({
      'src/http/probe.ts': [
        "import { statusCounts } from '../store/record-rows.ts';",
        "import { type Db, sqlOf } from '../store/store.ts';",
        "export { findWorkspace } from '../store/workspace-rows.ts';",
        "export const later = () => import('../store/record-rows.ts');",
        'export const uses = [statusCounts, sqlOf] as unknown as Db;',
      ].join('\n'),
      'src/cli/commands/probe.ts': "import { saveCodeowners } from '../../store/codeowners-settings.ts';\nexport const save = saveCodeowners;\n",
      'src/integrations/codeowners/probe.ts': "import {\n  teamRows,\n} from '../../store/event-rows.ts';\nexport const rows = teamRows;\n",
    });
    expect(errors).toEqual([
      `src/cli/commands/probe.ts:1 plugin ${STORE_RULE}`,
      `src/http/probe.ts:1 plugin ${STORE_RULE}`,
      `src/http/probe.ts:2 plugin ${STORE_RULE}`,
      `src/http/probe.ts:3 plugin ${STORE_RULE}`,
      `src/http/probe.ts:4 plugin ${STORE_RULE}`,
      `src/integrations/codeowners/probe.ts:1 plugin ${STORE_RULE}`,
    ]);
  });

  it('lets type-only imports through, and the one place the CLI opens a store; app/ imports store/ freely', () => {
    const errors = lint({
      'src/http/probe.ts': "import type { Store } from '../store/store.ts';\nexport type { Db } from '../store/store.ts';\nexport type S = Store;\n",
      'src/integrations/probe.ts': "import type {\n  TeamRow,\n} from '../store/event-rows.ts';\nexport type T = TeamRow;\n",
      'src/cli/open-cli-store.ts': "import { openPglite } from '../store/open-pglite.ts';\nexport const open = openPglite;\n",
      'src/app/probe.ts': "import { statusCounts } from '../store/record-rows.ts';\nexport const counts = statusCounts;\n",
      // A folder named like store/ elsewhere is not the store.
      'src/http/other.ts': "import { x } from './stores/x.ts';\nexport const y = x;\n",
    });
    expect(errors).toEqual([]);
  });

  it('refuses the SQL drivers and drizzle in the outer layers, even in open-cli-store.ts', () => {
    const errors = lint({
      'src/http/probe.ts': "import { sql } from 'drizzle-orm';\nexport const q = sql`select 1`;\n",
      'src/integrations/probe.ts': "import { pgTable } from 'drizzle-orm/pg-core';\nexport const t = pgTable;\n",
      'src/cli/open-cli-store.ts': "import pg from 'pg';\nexport const p = pg;\n",
    });
    expect(errors).toEqual([
      `src/cli/open-cli-store.ts:1 lint/style/noRestrictedImports ${SQL_RULE}`,
      `src/http/probe.ts:1 lint/style/noRestrictedImports ${SQL_RULE}`,
      `src/integrations/probe.ts:1 lint/style/noRestrictedImports ${SQL_RULE}`,
    ]);
  });

  it('the repository itself keeps the rules: its outer layers lint clean', () => {
    const out = execFileSync(process.execPath, [BIOME, 'lint', '--reporter=json', 'src/cli', 'src/http', 'src/integrations'], { cwd: ROOT, encoding: 'utf8' });
    expect((JSON.parse(out) as { summary: { errors: number } }).summary.errors).toBe(0);
  });
});
