import type { RouteOptions } from 'fastify';

type RouteHookName = 'preValidation' | 'preHandler' | 'onSend';

/**
 * Adds a hook to one route (from an `onRoute` hook), after any it already has: a hook that only
 * some routes need then costs the others nothing. Route hooks run after the instance's own.
 */
export function appendRouteHook<K extends RouteHookName>(
  route: RouteOptions,
  name: K,
  hook: NonNullable<RouteOptions[K]> extends infer H ? (H extends readonly (infer E)[] ? E : H) : never,
): void {
  const current = route[name] as unknown;
  const list = current === undefined ? [] : Array.isArray(current) ? current : [current];
  (route as unknown as Record<K, unknown[]>)[name] = [...list, hook];
}
