import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real git repository in a temp folder whose commits carry the dates a test gives them. */
export class TestGitRepo {
  readonly path = mkdtempSync(join(tmpdir(), 'eos-git-'));

  constructor() {
    this.git(['init', '--quiet', '--initial-branch=main'], '2026-01-01T00:00:00Z');
  }

  git(args: readonly string[], at: string, author = 'Ada Lovelace'): string {
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: author,
      GIT_AUTHOR_EMAIL: `${author.split(' ')[0]?.toLowerCase()}@example.com`,
      GIT_COMMITTER_NAME: author,
      GIT_COMMITTER_EMAIL: `${author.split(' ')[0]?.toLowerCase()}@example.com`,
      GIT_AUTHOR_DATE: at,
      GIT_COMMITTER_DATE: at,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    };
    return execFileSync('git', ['-C', this.path, '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { env, encoding: 'utf8' }).trim();
  }

  /** Writes a file and commits it; returns the new commit's sha. */
  commit(file: string, message: string, at: string, author?: string): string {
    writeFileSync(join(this.path, file), `${message}\n`);
    this.git(['add', file], at, author);
    this.git(['commit', '--quiet', '-m', message], at, author);
    return this.git(['rev-parse', 'HEAD'], at);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
