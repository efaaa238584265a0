import { ensureWebBuild } from '../../src/web/build/ensure-web-build.ts';

/** Builds the web bundle once per run (a no-op when the sources are unchanged), before any server starts. */
export default async function setup(): Promise<void> {
  await ensureWebBuild({ onProgress: (message) => console.warn(`[eos] ${message}`) });
}
