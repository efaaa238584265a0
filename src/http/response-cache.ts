/** A rendered GET response: the JSON text and its entity tag. */
export interface CachedResponse {
  readonly body: string;
  readonly etag: string;
}

export interface ResponseCacheOptions {
  /** At most this many responses are kept; the least recently used go first. */
  readonly maxEntries?: number;
}

/**
 * Repeated GETs of the same URL are served from memory until anything is written to the
 * workspace: every write, from this server or any other process on the same database,
 * clears the cache (Store.onWrite), since a derived field can change any record.
 */
export class ResponseCache {
  readonly #entries = new Map<string, CachedResponse>();
  readonly #max: number;
  /** Bumped by every clear, so a response rendered before a write is never stored after it. */
  #generation = 0;
  /** While writes may go unseen (no notifications), nothing is served or kept. */
  #suspended = false;

  constructor(options: ResponseCacheOptions = {}) {
    this.#max = options.maxEntries ?? 2000;
  }

  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(url: string): CachedResponse | undefined {
    if (this.#suspended) return undefined;
    const hit = this.#entries.get(url);
    if (hit) {
      this.#entries.delete(url);
      this.#entries.set(url, hit);
    }
    return hit;
  }

  /** Stores a response rendered during `generation`, unless a write came since. */
  set(url: string, response: CachedResponse, generation: number): void {
    if (generation !== this.#generation || this.#suspended) return;
    this.#entries.delete(url);
    this.#entries.set(url, response);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** Writes may go unseen (`live` false) or are seen again: either way, forget everything. */
  setLive(live: boolean): void {
    this.#suspended = !live;
    this.clear();
  }
}
