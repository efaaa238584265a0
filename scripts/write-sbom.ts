// Writes the CycloneDX SBOM (JSON) of what eos ships: its production dependencies, as installed
// (package-lock.json), by npm's own `npm sbom`. docs/security.md says what it is for.
//
//   node bin/run-ts.js scripts/write-sbom.ts [output file]
//   npm run sbom                       (writes sbom.cdx.json)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const [outArg = 'sbom.cdx.json'] = process.argv.slice(2);

interface Component {
  readonly 'bom-ref': string;
  readonly properties?: readonly { readonly name: string; readonly value: string }[];
}

interface Bom {
  bomFormat: string;
  metadata: { component: { name: string; version: string } };
  components: Component[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}

/** npm marks what only development needs with this property. */
const isDevelopment = (c: Component) => c.properties?.some((p) => p.name === 'cdx:npm:package:development' && p.value === 'true') ?? false;

const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Not `--omit dev`: npm 11 then drops production dependencies that dev tools share (vite, yaml, tsx,
// picocolors). The whole tree it is, less the components npm itself marks as development-only.
const bom = JSON.parse(
  execFileSync(npm, ['sbom', '--sbom-format', 'cyclonedx', '--sbom-type', 'application'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
) as Bom;
if (bom.bomFormat !== 'CycloneDX') throw new Error(`npm sbom wrote ${String(bom.bomFormat)}, not a CycloneDX document`);
const dropped = new Set(bom.components.filter(isDevelopment).map((c) => c['bom-ref']));
bom.components = bom.components.filter((c) => !dropped.has(c['bom-ref']));
bom.dependencies = bom.dependencies.filter((d) => !dropped.has(d.ref)).map((d) => (d.dependsOn ? { ...d, dependsOn: d.dependsOn.filter((ref) => !dropped.has(ref)) } : d));
// npm names the root component after the folder it runs in (a checkout may be called anything).
bom.metadata.component.name = pkg.name;
const out = resolve(outArg);
writeFileSync(out, `${JSON.stringify(bom, null, 2)}\n`);
process.stdout.write(`wrote ${out}: CycloneDX SBOM of ${pkg.name} ${pkg.version}, ${bom.components.length} components\n`);
