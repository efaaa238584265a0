import { basename, resolve } from 'node:path';
import { type IngestResult, ingestEvents } from '../../app/ingest-events.ts';
import type { Session } from '../../app/session.ts';
import { gitHistoryToEvents } from './git-history-to-events.ts';
import { readGitHistory } from './read-git-history.ts';

export interface IngestGitOptions {
  /** The repository's working tree or bare folder. */
  readonly path: string;
  /** Tags matching this glob (`v*`) are production deployments. */
  readonly deployTags?: string;
  readonly project?: string;
  /** The repository's name in eos; defaults to the folder's name. */
  readonly repo?: string;
  /** Merge commits as changes (default on). */
  readonly merges?: boolean;
}

export interface IngestGitReport {
  readonly repo: string;
  readonly project: string;
  readonly commits: number;
  readonly changes: number;
  readonly deployments: number;
  readonly skippedTags: readonly string[];
  readonly stored: IngestResult;
}

/** `eos ingest git`: reads a repository's history and stores it through `ingestEvents`. */
export async function ingestGit(session: Session, options: IngestGitOptions): Promise<IngestGitReport> {
  const repo = options.repo ?? basename(resolve(options.path));
  const project = options.project ?? repo;
  const history = await readGitHistory(options.path, options.deployTags);
  const batch = gitHistoryToEvents(history, { repo, project, merges: options.merges ?? true });
  const stored = await ingestEvents(session, batch, { source: `git repository ${options.path}` });
  return {
    repo,
    project,
    commits: batch.commits?.length ?? 0,
    changes: batch.pullRequests?.length ?? 0,
    deployments: batch.deployments?.length ?? 0,
    skippedTags: history.skippedTags,
    stored,
  };
}
