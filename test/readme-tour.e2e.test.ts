import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EosServer, startEosServer } from './e2e/support/eos-server.ts';
import { EOS_BIN } from './support/run-cli.ts';

// The README's CLI tour (issue 14, point 9), run as written after `npm start`: a real `eos serve`
// on a fresh home (its first run makes the demo workspace and the admin), then every `$ npx eos …`
// line of the demo block, in order, in one shell (so `export` lines hold), each with the exit code
// the README gives it (`exit 3`, `exit 6`; else 0) and the first line of output the README shows.

const README = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

interface Step {
  readonly command: string;
  readonly exit: number;
  /** The first line the README shows under the command, as a pattern (… and times are wildcards), or null. */
  readonly first: RegExp | null;
}

const stripComment = (line: string) => line.replace(/\s+#\s.*$/, '').trimEnd();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The steps of the demo block: the console block under "## The demo". */
function tourSteps(readme: string): Step[] {
  const section = readme.slice(readme.indexOf('## The demo'));
  const block = /```console\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const lines = block.split('\n');
  const steps: Step[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('$ ')) return;
    const next = lines[i + 1] ?? '';
    const shown = next.startsWith('$ ') || next.trim() === '' ? null : next;
    const exit = Number(/exit (\d)/.exec(`${line} ${shown ?? ''}`)?.[1] ?? 0);
    const first = shown
      ? new RegExp(
          `^${escapeRegExp(stripComment(shown))
            .replace(/…/g, '.*')
            .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}')}`,
        )
      : null;
    steps.push({ command: stripComment(line.slice(2)), exit, first });
  });
  return steps;
}

describe('the README CLI tour after npm start', () => {
  const home = mkdtempSync(join(tmpdir(), 'eos-readme-tour-'));
  const env = { EOS_HOME: home };
  let server: EosServer;

  beforeAll(async () => {
    server = await startEosServer(env, 240_000);
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('runs every command of the demo block in the order written, with the exit codes and output it shows', () => {
    const steps = tourSteps(README);
    expect(steps.map((s) => s.command.split(' ').slice(0, 4).join(' '))).toEqual([
      'export EOS_USER=admin',
      'npx eos record move',
      'npx eos record update',
      'npx eos user add',
      'npx eos record sign',
      'export EOS_TOKEN=$(npx eos token',
      'npx eos record sign',
      'npx eos record move',
      'npx eos record get',
      'npx eos gate check',
    ]);
    const markers = steps.map((s, i) => `${s.command.replaceAll('npx eos', 'eos')}\necho "@@step ${i} exit $?"`).join('\n');
    const script = `eos() { "${process.execPath}" "${EOS_BIN}" "$@"; }\nunset EOS_USER EOS_TOKEN\n${markers}\n`;
    const run = spawnSync('bash', ['-c', script], { env: { ...process.env, ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 240_000 });
    const output = `${run.stdout}`;
    const chunks = output.split(/@@step (\d+) exit (\d+)\n/);
    // chunks: [out0, i0, code0, out1, i1, code1, …, rest]
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step;
      const out = chunks[i * 3] ?? '';
      const code = Number(chunks[i * 3 + 2]);
      expect({ step: step.command, code }, `${out}\n${run.stderr}`).toEqual({ step: step.command, code: step.exit });
      if (step.first && step.exit === 0) expect(out.split('\n')[0], step.command).toMatch(step.first);
    }
    if (steps.some((s) => s.exit !== 0)) expect(run.stderr).toMatch(/error: ECR-0001 can't move to Approved: 2 criteria unmet/);
    expect(run.stderr).toMatch(/error: admin can't sign: A signature needs proof of who signs/);
  }, 300_000);
});
