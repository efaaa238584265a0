#!/usr/bin/env node
// Runs eos's compiled JavaScript, built from src/ on the first run and after any source edit (ADR 065),
// so `npx eos` works right after `npm install` and no command compiles TypeScript as it starts.
import { compiledEntry } from './compiled-entry.js';

// Source maps make --verbose stack traces name the TypeScript sources; they cost start-up time otherwise.
if (process.argv.includes('--verbose')) process.setSourceMapsEnabled(true);
const { main } = await import(await compiledEntry());
await main(process.argv);
