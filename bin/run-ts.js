#!/usr/bin/env node
// Runs a TypeScript entry point (benchmarks, scripts) without a build step.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: run-ts.js <file.ts> [args…]\n');
  process.exit(2);
}
process.argv = [process.argv[0] ?? 'node', entry, ...rest];
await import(pathToFileURL(resolve(entry)).href);
