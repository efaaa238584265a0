import { useEffect, useSyncExternalStore } from 'react';
import { ApiError, api } from './client.ts';

type Entry = { data?: unknown; error?: ApiError; state: 'loading' | 'fresh' | 'stale' };

// A small read cache keyed by API path: a page seen once shows at once when revisited, and is refreshed in
// the background. Writes call `invalidate` with the paths they affect.
const cache = new Map<string, Entry>();
// Paths invalidated while their load was in flight: that load may have read from before the write.
const invalidatedWhileLoading = new Set<string>();
const listeners = new Set<() => void>();
let generation = 0;

function emit(): void {
  generation += 1;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function load(path: string): void {
  const previous = cache.get(path);
  cache.set(path, { data: previous?.data, state: 'loading' });
  api
    .get<unknown>(path)
    .then((data) => cache.set(path, { data, state: 'fresh' }))
    .catch((error: unknown) => cache.set(path, { data: previous?.data, error: toApiError(error), state: 'fresh' }))
    .finally(() => {
      if (invalidatedWhileLoading.delete(path)) {
        const entry = cache.get(path);
        if (entry) cache.set(path, { ...entry, state: 'stale' });
      }
      emit();
    });
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, { code: 'network', message: `The server can't be reached: ${(error as Error).message}` });
}

/** Marks every cached path that starts with one of `prefixes` stale; those on screen refetch. */
export function invalidate(...prefixes: string[]): void {
  for (const [path, entry] of cache) {
    if (!prefixes.some((prefix) => path.startsWith(prefix))) continue;
    if (entry.state === 'loading') invalidatedWhileLoading.add(path);
    else cache.set(path, { ...entry, state: 'stale' });
  }
  emit();
}

export function clearCache(): void {
  cache.clear();
  invalidatedWhileLoading.clear();
  emit();
}

export type Resource<T> = { data: T | undefined; error: ApiError | undefined; loading: boolean; reload: () => void };

/** Reads `path` from the API (null: nothing to read yet), from the cache first. */
export function useResource<T>(path: string | null): Resource<T> {
  const version = useSyncExternalStore(subscribe, () => generation);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when an entry is invalidated; that is what re-runs the load
  useEffect(() => {
    if (path === null) return;
    const entry = cache.get(path);
    if (!entry || entry.state === 'stale') load(path);
  }, [path, version]);
  const entry = path === null ? undefined : cache.get(path);
  return {
    data: entry?.data as T | undefined,
    error: entry?.error,
    loading: path !== null && entry?.state !== 'fresh',
    reload: () => path !== null && invalidate(path),
  };
}
