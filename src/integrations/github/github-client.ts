import { EosError, notFound } from '../../core/errors.ts';

/** GitHub's rate-limit headers from the last response. */
export interface RateLimit {
  readonly limit: number;
  readonly remaining: number;
  readonly resetAt: string;
}

export interface GitHubClientOptions {
  /** `https://api.github.com`, or a GitHub Enterprise `https://host/api/v3`. */
  readonly apiUrl: string;
  readonly token?: string;
  /** Called before waiting out an exhausted rate limit. */
  readonly onWait?: (seconds: number, rateLimit: RateLimit | undefined) => void;
  /** Longest wait for a rate-limit reset before giving up (default 15 minutes). */
  readonly maxWaitSeconds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** From the `Link: rel="last"` header, when GitHub sends it. */
  readonly lastPage: number | undefined;
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function linkTargets(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part);
    if (m?.[1] && m[2]) out[m[2]] = m[1];
  }
  return out;
}

function pageNumber(url: string | undefined): number | undefined {
  const page = url ? new URL(url).searchParams.get('page') : null;
  return page ? Number(page) : undefined;
}

/**
 * A small GitHub REST client: follows `Link` pagination, waits out an exhausted rate limit
 * (primary or secondary) and turns 401/403/404 into errors that say what to check.
 */
export class GitHubClient {
  private last: RateLimit | undefined;
  private waitedSeconds = 0;
  private requestCount = 0;

  constructor(private readonly options: GitHubClientOptions) {}

  /** The rate limit as of the last response, the seconds spent waiting for it, and the requests made. */
  get usage(): { rateLimit: RateLimit | undefined; waitedSeconds: number; requests: number } {
    return { rateLimit: this.last, waitedSeconds: this.waitedSeconds, requests: this.requestCount };
  }

  private url(path: string): string {
    return path.startsWith('http') ? path : `${this.options.apiUrl.replace(/\/+$/, '')}${path}`;
  }

  private async send(url: string): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'eos-ingest' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    try {
      this.requestCount++;
      return await fetch(url, { headers });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new EosError('internal', `Can't reach GitHub at ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}. Check --api-url and the network`, { url });
    }
  }

  private remember(response: Response): void {
    const limit = response.headers.get('x-ratelimit-limit');
    const remaining = response.headers.get('x-ratelimit-remaining');
    const reset = response.headers.get('x-ratelimit-reset');
    if (limit && remaining && reset) this.last = { limit: Number(limit), remaining: Number(remaining), resetAt: new Date(Number(reset) * 1000).toISOString() };
  }

  /** Seconds to wait before retrying, if this response is a rate-limit refusal. */
  private retryAfter(response: Response): number | undefined {
    if (response.status !== 403 && response.status !== 429) return undefined;
    const retry = response.headers.get('retry-after');
    if (retry) return Number(retry);
    if (response.headers.get('x-ratelimit-remaining') === '0') {
      const reset = Number(response.headers.get('x-ratelimit-reset') ?? 0);
      return Math.max(1, Math.ceil(reset - Date.now() / 1000));
    }
    return undefined;
  }

  private async refuse(response: Response, url: string): Promise<never> {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    const said = body.message ? ` (GitHub: ${body.message})` : '';
    if (response.status === 401) {
      throw new EosError(
        'unauthenticated',
        `GitHub refused the token${said}: pass a valid one with --token or GITHUB_TOKEN (a fine-grained token needs read access to pull requests, contents and deployments)`,
        {
          url,
          status: 401,
        },
      );
    }
    if (response.status === 404) {
      throw notFound(`GitHub has nothing at ${url}${said}: check --repo owner/name; a private repository also answers 404 to a token that can't see it`, { url, status: 404 });
    }
    if (response.status === 403) throw new EosError('forbidden', `GitHub forbids ${url}${said}: the token lacks a permission this needs`, { url, status: 403 });
    throw new EosError('internal', `GitHub answered ${response.status} for ${url}${said}`, { url, status: response.status });
  }

  /** GETs one resource (a path under the API URL, or a full URL from a Link header). */
  async get<T>(path: string): Promise<{ body: T; link: Record<string, string> }> {
    const url = this.url(path);
    for (;;) {
      const response = await this.send(url);
      this.remember(response);
      const wait = this.retryAfter(response);
      if (wait !== undefined) {
        const max = this.options.maxWaitSeconds ?? 900;
        if (wait > max) {
          throw new EosError(
            'rate_limited',
            `GitHub's rate limit is used up until ${this.last?.resetAt ?? `${wait}s from now`}; run again then, or with a token that has a higher limit`,
            {
              url,
              rateLimit: this.last,
              retryAfterSeconds: wait,
            },
          );
        }
        this.options.onWait?.(wait, this.last);
        this.waitedSeconds += wait;
        await (this.options.sleep ?? sleepMs)(wait * 1000);
        continue;
      }
      if (!response.ok) return this.refuse(response, url);
      return { body: (await response.json()) as T, link: linkTargets(response.headers.get('link')) };
    }
  }

  /** Every page of a list endpoint, page by page. */
  async *pages<T>(path: string): AsyncGenerator<Page<T>> {
    let next: string | undefined = path;
    while (next) {
      const { body, link }: { body: T[]; link: Record<string, string> } = await this.get<T[]>(next);
      yield { items: body, lastPage: pageNumber(link.last) };
      next = link.next;
    }
  }

  /** All items of a list endpoint. */
  async all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(path)) out.push(...page.items);
    return out;
  }
}
