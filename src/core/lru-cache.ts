/**
 * A map that keeps at most `capacity` entries, dropping the least recently used one when full.
 * Used for caches keyed by what clients send (compiled filters, regular expressions), so that a
 * stream of distinct keys can't grow memory without bound.
 *
 * @example
 * const cache = new LruCache<string, number>(2)
 * cache.set('a', 1); cache.set('b', 2); cache.get('a'); cache.set('c', 3)
 * cache.has('b') // false: 'b' was the least recently used
 */
export class LruCache<K, V> {
  readonly capacity: number;
  readonly #entries = new Map<K, V>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`an LRU cache holds at least 1 entry, not ${capacity}`);
    this.capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** The value, marking it most recently used. */
  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    return this;
  }
}
