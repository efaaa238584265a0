import { spawn } from 'node:child_process';
import { invalidInput } from '../../core/errors.ts';

/**
 * Runs `git -C <repo> <args…>` without a shell (arguments are passed as a list, never
 * interpolated into a command string) and returns its stdout. A failure names the repository
 * and git's own message.
 */
export function runGit(repo: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', repo, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? invalidInput('git is not installed or not on PATH; eos ingest git runs the git command line', {}) : error),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const message = Buffer.concat(err).toString('utf8').trim();
      reject(invalidInput(`${repo} can't be read as a git repository: ${message || `git ${args[0]} exited with ${code}`}`, { repo }));
    });
  });
}
