import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** ../shared/samples/github beside the repository; tests skip, saying so, when it is absent. */
export const GITHUB_SAMPLES = fileURLToPath(new URL('../../../shared/samples/github', import.meta.url));
export const HAVE_GITHUB_SAMPLES = existsSync(GITHUB_SAMPLES);

type Json = Record<string, unknown>;

interface Repo {
  pulls: Json[];
  reviews: Map<number, Json[]>;
  commits: Map<number, Json[]>;
  deployments: Json[];
  statuses: Map<number, Json[]>;
}

function rawRows(file: string): { data: Json; input: Json | null }[] {
  const rows = parse(readFileSync(`${GITHUB_SAMPLES}/devlake-raw/${file}`), { columns: true }) as { data: string; input: string }[];
  return rows.map((r) => ({ data: JSON.parse(r.data) as Json, input: JSON.parse(r.input) as Json | null }));
}

const webhook = (file: string) => JSON.parse(readFileSync(`${GITHUB_SAMPLES}/octokit-webhooks/${file}`, 'utf8')) as Json;

/** DevLake recorded each list twice (two connections): keep the first copy of each id. */
function byNumber(rows: { data: Json; input: Json | null }[], key: string): Map<number, Json[]> {
  const out = new Map<number, Json[]>();
  const seen = new Set<string>();
  for (const { data, input } of rows) {
    const number = Number(input?.Number);
    const id = `${number}:${String(data[key])}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.set(number, [...(out.get(number) ?? []), data]);
  }
  return out;
}

/** panjf2000/ants: DevLake's recorded REST responses for pulls, reviews and PR commits. */
function antsRepo(): Repo {
  const seen = new Set<unknown>();
  const pulls = rawRows('_raw_github_api_pull_requests.csv')
    .map((r) => r.data)
    .filter((p) => !seen.has(p.id) && seen.add(p.id))
    .sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at)));
  return {
    pulls,
    reviews: byNumber(rawRows('_raw_github_api_pull_request_reviews.csv'), 'id'),
    commits: byNumber(rawRows('_raw_github_api_pull_request_commits.csv'), 'sha'),
    deployments: [],
    statuses: new Map(),
  };
}

/** facebook/OpenBIC: DevLake's recorded GraphQL deployments, re-shaped as the REST API returns them. */
function openBicRepo(): Repo {
  const nodes = rawRows('_raw_github_graphql_deployment.csv').map((r) => r.data as Json & { Statuses?: { nodes: Json[] }; LatestStatus: Json; Ref: Json });
  const deployments = nodes
    .map((d) => ({
      id: d.DatabaseId,
      node_id: d.Id,
      sha: d.CommitOid,
      ref: d.Ref.Name,
      task: d.Task,
      environment: d.Environment,
      description: d.Description,
      created_at: d.CreatedAt,
      updated_at: d.UpdatedAt,
    }))
    .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
  const statuses = new Map(
    nodes.map((d) => [
      Number(d.DatabaseId),
      (d.Statuses?.nodes ?? [d.LatestStatus]).map((s, i) => ({ id: Number(d.DatabaseId) * 10 + i, state: String(s.state ?? s.State).toLowerCase(), created_at: s.updatedAt })),
    ]),
  );
  return { pulls: [], reviews: new Map(), commits: new Map(), deployments, statuses };
}

/** Codertocat/Hello-World: the octokit webhook payloads' REST-shaped members. */
function helloWorldRepo(): Repo {
  const closed = webhook('pull_request_closed.payload.json').pull_request as Json;
  const review = webhook('pull_request_review_submitted.payload.json').review as Json;
  const status = webhook('deployment_status_payload.json');
  const deployment = status.deployment as Json;
  return {
    pulls: [closed],
    reviews: new Map([[2, [{ ...review, state: String(review.state).toUpperCase() }]]]),
    commits: new Map(),
    deployments: [deployment],
    statuses: new Map([[Number(deployment.id), [status.deployment_status as Json]]]),
  };
}

export interface SampleServerOptions {
  /** Requests must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** GitHub caps pages at 100; a small cap here makes every list paginate. */
  readonly pageSize?: number;
  /** This request (1-based) is refused with an exhausted rate limit that resets a second later. */
  readonly exhaustAt?: number;
  /** Answers for `GET /compare/{base}...{head}` (nothing recorded has them); any other pair is a 404. */
  readonly compare?: Readonly<Record<string, readonly string[]>>;
}

export interface SampleServer {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/** A local stand-in for api.github.com serving the recorded payloads, with Link pagination and rate-limit headers. */
export async function startGitHubSampleServer(options: SampleServerOptions = {}): Promise<SampleServer> {
  const repos = new Map<string, Repo>([
    ['panjf2000/ants', antsRepo()],
    ['facebook/OpenBIC', openBicRepo()],
    ['Codertocat/Hello-World', helloWorldRepo()],
  ]);
  const requests: string[] = [];
  const limit = 5000;
  const reset = Math.floor(Date.now() / 1000) + 3600;

  const handle = (req: IncomingMessage, res: ServerResponse, base: string) => {
    const url = new URL(req.url ?? '/', base);
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(limit - requests.length),
        'x-ratelimit-reset': String(reset),
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    if (options.exhaustAt === requests.length) {
      return send(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1) });
    }
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`)
      return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    const m = /^\/repos\/([^/]+\/[^/]+)(\/.*)?$/.exec(url.pathname);
    const repo = m?.[1] ? repos.get(decodeURIComponent(m[1])) : undefined;
    if (!m || !repo) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    const rest = m[2] ?? '';
    const list = (items: readonly unknown[]) => {
      const size = Math.min(Number(url.searchParams.get('per_page') ?? 30), options.pageSize ?? 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(items.length / size));
      const at = (n: number) => {
        const u = new URL(url);
        u.searchParams.set('page', String(n));
        return u.toString();
      };
      const links = [page < last ? `<${at(page + 1)}>; rel="next"` : '', page < last ? `<${at(last)}>; rel="last"` : '', page > 1 ? `<${at(1)}>; rel="first"` : ''].filter(Boolean);
      send(200, items.slice((page - 1) * size, page * size), links.length ? { link: links.join(', ') } : {});
    };
    const pullOf = (n: string) => repo.pulls.find((p) => p.number === Number(n));
    const routes: [RegExp, (n: string) => void][] = [
      [/^$/, () => send(200, { full_name: m[1] })],
      [/^\/pulls$/, () => list(repo.pulls)],
      [/^\/pulls\/(\d+)$/, (n) => (pullOf(n) ? send(200, pullOf(n)) : send(404, { message: 'Not Found' }))],
      [/^\/pulls\/(\d+)\/reviews$/, (n) => list(repo.reviews.get(Number(n)) ?? [])],
      [/^\/pulls\/(\d+)\/commits$/, (n) => list(repo.commits.get(Number(n)) ?? [])],
      [/^\/deployments$/, () => list(repo.deployments)],
      [/^\/deployments\/(\d+)\/statuses$/, (n) => list(repo.statuses.get(Number(n)) ?? [])],
      [
        /^\/compare\/([0-9a-f]+\.\.\.[0-9a-f]+)$/,
        (pair) => {
          const shas = options.compare?.[pair];
          return shas ? send(200, { status: 'ahead', total_commits: shas.length, commits: shas.map((sha) => ({ sha })) }) : send(404, { message: 'Not Found' });
        },
      ],
    ];
    for (const [pattern, answer] of routes) {
      const hit = pattern.exec(rest);
      if (hit) return answer(hit[1] ?? '');
    }
    return send(404, { message: 'Not Found' });
  };

  const server: Server = createServer((req, res) => handle(req, res, `http://${req.headers.host}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
