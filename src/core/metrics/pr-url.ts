/** GitHub's pull-request ids as eos stores them (`eos ingest github`, webhooks): `owner/name#number`. */
const GITHUB_PR_ID = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)#(\d+)$/;

/**
 * The web address of a pull request when its id says where it lives (a GitHub PR id), else
 * null (a git merge `repo@sha`, an id from an events file): the web app then links its own
 * PR page instead.
 *
 * @example prUrl('octo/api#12') // 'https://github.com/octo/api/pull/12'
 */
export function prUrl(prId: string, base = 'https://github.com'): string | null {
  const m = GITHUB_PR_ID.exec(prId);
  return m ? `${base.replace(/\/+$/, '')}/${m[1]}/pull/${m[2]}` : null;
}
