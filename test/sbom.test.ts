import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue 11, point 8: `npm run sbom` writes a CycloneDX SBOM (JSON) of eos's production dependencies.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const installed = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

interface Component {
  readonly 'bom-ref': string;
  readonly type: string;
  readonly name: string;
  readonly version: string;
  readonly purl: string;
  readonly properties?: readonly { readonly name: string; readonly value: string }[];
}

interface Bom {
  readonly $schema: string;
  readonly bomFormat: string;
  readonly specVersion: string;
  readonly serialNumber: string;
  readonly metadata: { readonly component: Component & { readonly licenses: unknown[] } };
  readonly components: readonly Component[];
  readonly dependencies: readonly { readonly ref: string; readonly dependsOn?: readonly string[] }[];
}

describe('npm run sbom', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eos-sbom-'));
  const out = join(dir, 'eos.cdx.json');
  let bom: Bom;
  let printed: string;

  beforeAll(() => {
    const run = spawnSync('npm', ['run', '--silent', 'sbom', '--', out], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    printed = run.stdout;
    bom = JSON.parse(readFileSync(out, 'utf8')) as Bom;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a CycloneDX JSON document about eos itself', () => {
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json' });
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(bom.metadata.component).toMatchObject({ type: 'application', name: 'eos', version: pkg.version, purl: `pkg:npm/eos@${pkg.version}` });
    expect(bom.metadata.component.licenses).toEqual([{ license: { id: 'Apache-2.0' } }]);
    expect(printed).toBe(`wrote ${out}: CycloneDX SBOM of eos ${pkg.version}, ${bom.components.length} components\n`);
  });

  it('lists every production dependency at its installed version, as a direct dependency of eos', () => {
    const byName = new Map(bom.components.map((c) => [c.name, c]));
    const root = bom.dependencies.find((d) => d.ref === bom.metadata.component['bom-ref']);
    for (const name of Object.keys(pkg.dependencies)) {
      const component = byName.get(name);
      expect(component, name).toMatchObject({ type: 'library', version: installed(name), purl: `pkg:npm/${name.replace('@', '%40')}@${installed(name)}` });
      expect(root?.dependsOn, name).toContain(component?.['bom-ref']);
    }
    // Transitive ones too: fastify's own dependencies are there.
    expect(byName.get('fast-json-stringify')?.version).toBe(installed('fast-json-stringify'));
    for (const c of bom.components) expect(c.purl, c.name).toMatch(/^pkg:npm\/.+@\d+\.\d+\.\d+/);
  });

  it('leaves out what only development needs', () => {
    const names = new Set(bom.components.map((c) => c.name));
    for (const dev of ['vitest', '@biomejs/biome', 'typescript', 'drizzle-kit', 'playwright-core', 'lighthouse', 'fast-check']) {
      expect(pkg.devDependencies, dev).toHaveProperty([dev]);
      expect(names.has(dev), dev).toBe(false);
    }
    for (const c of bom.components) expect(c.properties ?? [], c.name).not.toContainEqual({ name: 'cdx:npm:package:development', value: 'true' });
    const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref'])]);
    for (const d of bom.dependencies) for (const ref of [d.ref, ...(d.dependsOn ?? [])]) expect(refs.has(ref), ref).toBe(true);
  });
});
