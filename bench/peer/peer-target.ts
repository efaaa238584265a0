/** One server under test in `npm run bench:peer`: the same table of tasks, reached over its own HTTP API. */
export interface PeerTarget {
  readonly name: string;
  /** Inserts rows in one request. */
  insertBatch(rows: readonly TaskRow[]): Promise<void>;
  /** The ids of up to `limit` rows, for the get and update measures. */
  ids(limit: number): Promise<string[]>;
  /** A filtered list of 50 rows; `[<id>]` in it is made new per request, so no cache answers. */
  readonly listUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  get(id: string): Promise<void>;
  update(id: string, spent: number): Promise<void>;
  stop(): Promise<void>;
}

export interface TaskRow {
  readonly Title: string;
  readonly Status: string;
  readonly Estimate: number;
  readonly Spent: number;
}

/** fetch that throws, naming the request, on anything but 2xx. */
export async function call(method: string, url: string, headers: Readonly<Record<string, string>>, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}
