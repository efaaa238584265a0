/** The slices of GitHub's REST objects (and webhook members, which share their shape) that eos reads. */

export interface GitHubUser {
  readonly login: string;
}

export interface GitHubPull {
  readonly number: number;
  readonly title: string | null;
  readonly user: GitHubUser | null;
  readonly created_at: string;
  readonly updated_at?: string;
  readonly closed_at: string | null;
  readonly merged_at: string | null;
  readonly merge_commit_sha: string | null;
  readonly base?: { readonly ref: string };
  /** Users asked to review who have not yet (GitHub drops a reviewer from the list once they review). */
  readonly requested_reviewers?: readonly (GitHubUser | null)[];
  /** Only on a single PR (and webhook payloads), not in the list. */
  readonly additions?: number;
  readonly deletions?: number;
}

export interface GitHubReview {
  readonly id: number;
  readonly user: GitHubUser | null;
  readonly state: string;
  /** Absent on a PENDING review. */
  readonly submitted_at?: string | null;
}

export interface GitHubPullCommit {
  readonly sha: string;
  readonly commit: { readonly author: { readonly date: string } | null };
}

export interface GitHubDeployment {
  readonly id: number;
  readonly sha: string;
  readonly ref?: string;
  readonly environment: string;
  readonly production_environment?: boolean;
  readonly created_at: string;
}

export interface GitHubDeploymentStatus {
  readonly id: number;
  readonly state: string;
  readonly created_at: string;
}
