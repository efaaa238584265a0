import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability` (docs/reliability.md): the probes that kill, load and attack a real
 * `eos serve`, each file `test/reliability/*.probe.test.ts`. Slow and heavy, so apart from `npm test`;
 * one file at a time, as they measure latency.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.probe.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/e2e/web-build-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
