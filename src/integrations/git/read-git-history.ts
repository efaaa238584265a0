import { runGit } from './run-git.ts';

/** One commit as `git log` prints it. */
export interface GitCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly author: string;
  readonly authoredAt: string;
  readonly committedAt: string;
  readonly subject: string;
}

/** A tag that names a commit; `at` is the tagger date (annotated) or the commit date (lightweight). */
export interface GitTag {
  readonly name: string;
  readonly commit: string;
  readonly at: string;
}

export interface GitHistory {
  readonly commits: readonly GitCommit[];
  readonly tags: readonly GitTag[];
  /** Tags that matched the glob but name no commit (a tree or a blob), skipped. */
  readonly skippedTags: readonly string[];
}

const FIELD = '\x1f';

const utc = (iso: string) => new Date(iso).toISOString();

/**
 * Reads every commit reachable from the local branches and tags, with parents, author and
 * times, and the tags matching `tagGlob` (git's own fnmatch, as in `git for-each-ref`).
 */
export async function readGitHistory(repo: string, tagGlob: string | undefined): Promise<GitHistory> {
  const log = await runGit(repo, ['log', '--branches', '--tags', '-z', `--format=%H${FIELD}%P${FIELD}%an${FIELD}%aI${FIELD}%cI${FIELD}%s`]);
  const commits = log
    .split('\0')
    .filter((record) => record.trim() !== '')
    .map((record): GitCommit => {
      const [sha = '', parents = '', author = '', authoredAt = '', committedAt = '', subject = ''] = record.replace(/^\n/, '').split(FIELD);
      return { sha, parents: parents.split(' ').filter(Boolean), author, authoredAt: utc(authoredAt), committedAt: utc(committedAt), subject };
    });
  if (!tagGlob) return { commits, tags: [], skippedTags: [] };
  const refs = await runGit(repo, [
    'for-each-ref',
    '--format=%(refname:short)%1f%(objecttype)%1f%(objectname)%1f%(*objecttype)%1f%(*objectname)%1f%(creatordate:iso-strict)',
    `refs/tags/${tagGlob}`,
  ]);
  const tags: GitTag[] = [];
  const skippedTags: string[] = [];
  for (const line of refs.split('\n').filter(Boolean)) {
    const [name = '', type = '', object = '', peeledType = '', peeled = '', at = ''] = line.split(FIELD);
    const commit = type === 'commit' ? object : peeledType === 'commit' ? peeled : undefined;
    if (commit) tags.push({ name, commit, at: utc(at) });
    else skippedTags.push(name);
  }
  return { commits, tags, skippedTags };
}
